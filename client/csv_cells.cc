#include "client/csv_cells.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/cli_args.h"
#include "client/string_views.h"

namespace rilon::client {
namespace {

absl::Status Problem(std::string message) { return absl::InvalidArgumentError(message); }

std::string Trim(std::string_view s) { return std::string(absl::StripAsciiWhitespace(ToAbsl(s))); }

// Upper case, with ' ', '-', ':' and '+' as '_'.
std::string EnumKey(std::string_view text) {
  std::string key = absl::AsciiStrToUpper(Trim(text));
  for (char& c : key) {
    if (c == ' ' || c == '-' || c == ':' || c == '+') c = '_';
  }
  return key;
}

std::string ShortName(const std::string& name, std::string_view prefix) {
  return name.rfind(prefix, 0) == 0 ? name.substr(prefix.size()) : name;
}

}  // namespace

absl::StatusOr<double> ParseNumberCell(std::string_view cell_in, char separator) {
  std::string cell = Trim(cell_in);
  if (separator == ';' && cell.find(',') != std::string::npos &&
      cell.find('.') == std::string::npos) {
    for (char& c : cell) {
      if (c == ',') c = '.';
    }
  }
  const bool plain =
      !cell.empty() && cell.find_first_not_of("0123456789.eE+-") == std::string::npos;
  double value = 0;
  if (!plain || !absl::SimpleAtod(cell, &value) || !std::isfinite(value)) {
    std::string hint = cell.find(',') != std::string::npos || cell.find(' ') != std::string::npos
                           ? "; write it without thousands separators, e.g. 1200"
                           : "";
    return Problem(absl::StrCat("\"", cell, "\" is not a number", hint));
  }
  return value;
}

std::vector<std::string> EnumCellNames(const google::protobuf::EnumDescriptor* type,
                                       std::string_view short_prefix) {
  std::vector<std::string> names;
  for (int i = 0; i < type->value_count(); ++i) {
    if (type->value(i)->number() == 0) continue;
    names.push_back(ShortName(type->value(i)->name(), short_prefix));
  }
  return names;
}

absl::StatusOr<int> ParseEnumCell(const google::protobuf::EnumDescriptor* type,
                                  std::string_view short_prefix, std::string_view cell) {
  const std::string key = EnumKey(cell);
  for (int i = 0; i < type->value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor* value = type->value(i);
    if (value->number() == 0) continue;
    if (key == value->name() || key == ShortName(value->name(), short_prefix)) {
      return value->number();
    }
  }
  std::vector<std::string> names = EnumCellNames(type, short_prefix);
  std::string near = ClosestMatch(ShortName(key, short_prefix), names);
  return Problem(absl::StrCat("\"", Trim(cell), "\" is not one of ", absl::StrJoin(names, ", "),
                              near.empty() ? "" : absl::StrCat(" (did you mean ", near, "?)")));
}

std::vector<std::string> SplitListCell(std::string_view cell, bool commas_too) {
  std::vector<std::string> entries;
  std::string current;
  auto flush = [&] {
    std::string entry = Trim(current);
    if (!entry.empty()) entries.push_back(std::move(entry));
    current.clear();
  };
  for (char c : cell) {
    if (c == ';' || (commas_too && c == ',') || c == '\n') {
      flush();
    } else {
      current.push_back(c);
    }
  }
  flush();
  return entries;
}

absl::StatusOr<rilon::v1::Source> ParseSourceEntry(std::string_view entry) {
  const size_t colon = entry.find(':');
  absl::StatusOr<int> type =
      ParseEnumCell(rilon::v1::SourceType_descriptor(), "", entry.substr(0, colon));
  if (!type.ok()) {
    return Problem(absl::StrCat("source ", type.status().message(),
                                "; write each source as TYPE or \"TYPE: note\""));
  }
  rilon::v1::Source source;
  source.set_type(static_cast<rilon::v1::SourceType>(*type));
  if (colon != std::string_view::npos) source.set_note(Trim(entry.substr(colon + 1)));
  return source;
}

absl::StatusOr<rilon::v1::Disaggregation> ParseBreakdownEntry(std::string_view entry,
                                                              char separator) {
  const size_t colon = entry.find(':');
  const size_t equals = entry.find('=');
  if (colon == std::string_view::npos || equals == std::string_view::npos || colon > equals) {
    return Problem(absl::StrCat("\"", Trim(entry),
                                "\" is not a breakdown cell; write dimension:category=value, "
                                "e.g. sex:female=180"));
  }
  rilon::v1::Disaggregation cell;
  cell.set_dimension(absl::AsciiStrToLower(Trim(entry.substr(0, colon))));
  cell.set_category(Trim(entry.substr(colon + 1, equals - colon - 1)));
  if (cell.dimension().empty() || cell.category().empty()) {
    return Problem(absl::StrCat("\"", Trim(entry), "\" lacks a dimension or a category"));
  }
  absl::StatusOr<double> value = ParseNumberCell(entry.substr(equals + 1), separator);
  if (!value.ok()) {
    return Problem(
        absl::StrCat(cell.dimension(), ":", cell.category(), ": ", value.status().message()));
  }
  cell.set_value(*value);
  return cell;
}

std::string CanonicalColumnName(std::string_view header) {
  auto plain = [](std::string_view part) {
    std::string name = absl::AsciiStrToLower(Trim(part));
    for (char& c : name) {
      if (c == ' ' || c == '-') c = '_';
    }
    return name;
  };
  const size_t colon = header.find(':');
  if (colon == std::string_view::npos) return plain(header);
  return absl::StrCat(plain(header.substr(0, colon)), ":", Trim(header.substr(colon + 1)));
}

}  // namespace rilon::client
