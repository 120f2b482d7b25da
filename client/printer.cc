#include "client/printer.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <charconv>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "client/exit_codes.h"
#include "client/string_views.h"
#include "node/validation/reporting_period.h"

namespace rilon::client {
namespace {

using google::protobuf::EnumDescriptor;

// Narratives are wrapped to fit an 80-column terminal after their indentation.
constexpr size_t kWrapWidth = 76;
using rilon::v1::Record;

std::string Json(const google::protobuf::Message& message, bool indent) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = indent;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = false;  // lowerCamelCase, as every proto3 JSON tool
  std::string out;
  // Printing a valid message to JSON fails only for Any with unknown types, which no RILON
  // message contains; print the error instead of losing the output silently.
  if (!google::protobuf::util::MessageToJsonString(message, &out, options).ok()) {
    return "{\"error\": \"cannot print as JSON\"}\n";
  }
  if (indent) {
    // add_whitespace already ends with a newline.
    if (out.empty() || out.back() != '\n') out.push_back('\n');
    return out;
  }
  out.push_back('\n');
  return out;
}

// "PEOPLE_SMUGGLING" -> "people smuggling"; "-" for the zero value.
std::string EnumWords(const EnumDescriptor* descriptor, int number) {
  if (number == 0) return "-";
  const google::protobuf::EnumValueDescriptor* value = descriptor->FindValueByNumber(number);
  if (value == nullptr) return absl::StrCat("unknown (", number, ")");
  return absl::StrReplaceAll(absl::AsciiStrToLower(value->name()), {{"_", " "}});
}

std::string Clean(std::string_view text) { return text.empty() ? "-" : SanitizeForTerminal(text); }

template <typename Strings>
std::string JoinOrDash(const Strings& values) {
  return values.empty() ? "-" : SanitizeForTerminal(absl::StrJoin(values, ", "));
}

std::string ConfidenceLabel(rilon::v1::Confidence confidence) {
  std::string words = EnumWords(rilon::v1::Confidence_descriptor(), confidence);
  constexpr std::string_view kPrefix = "confidence ";
  return words.rfind(kPrefix, 0) == 0 ? words.substr(kPrefix.size()) : words;
}

// "2 flagged (k = 5)": breakdown counts from 1 to k-1 that a sharing policy may suppress.
std::string SmallCellsLabel(const rilon::v1::TrendReport& report) {
  if (report.small_cell_threshold() == 0) return "-";
  return absl::StrCat(report.small_cell_count() == 0
                          ? std::string("none")
                          : absl::StrCat(report.small_cell_count(), " flagged"),
                      " (k = ", report.small_cell_threshold(), ")");
}

// One line per measure and dimension: "  persons_detected by sex: female 180, male 232"; small
// cells carry a '*'.
std::string FormatBreakdowns(const rilon::v1::TrendReport& report) {
  std::string lines;
  bool any_small = false;
  for (const rilon::v1::Measure& m : report.measures()) {
    std::vector<std::string> dimensions;
    for (const rilon::v1::Disaggregation& d : m.disaggregations()) {
      if (std::find(dimensions.begin(), dimensions.end(), d.dimension()) == dimensions.end()) {
        dimensions.push_back(d.dimension());
      }
    }
    for (const std::string& dimension : dimensions) {
      std::vector<std::string> cells;
      for (const rilon::v1::Disaggregation& d : m.disaggregations()) {
        if (d.dimension() != dimension) continue;
        cells.push_back(absl::StrCat(SanitizeForTerminal(d.category()), " ",
                                     FormatNumber(d.value()), d.small_cell() ? "*" : ""));
        any_small = any_small || d.small_cell();
      }
      absl::StrAppend(&lines, "  ", Clean(m.indicator()), " by ", SanitizeForTerminal(dimension),
                      ": ", absl::StrJoin(cells, ", "), "\n");
    }
  }
  if (lines.empty()) return "";
  if (any_small) {
    absl::StrAppend(&lines, "  * small cell: may be suppressed when shared more widely\n");
  }
  return absl::StrCat("\nBreakdowns\n", lines);
}

// "C: small cell, by au.abf policy 2026-07-01.1 rule partners": a node's redaction note, which
// the origin did not sign (docs/redaction.md).
std::string RedactionNoteLabel(const rilon::v1::RedactionNote& note) {
  static constexpr std::pair<std::string_view, std::string_view> kCodes[] = {
      {"C", "small cell"},
      {"D", "secondary suppression"},
      {"W", "withheld by policy"},
      {"R", "rounded"}};
  std::string out = SanitizeForTerminal(note.code());
  for (const auto& [code, words] : kCodes) {
    if (note.code() == code) absl::StrAppend(&out, ": ", ToAbsl(words));
  }
  if (note.has_published_value()) {
    absl::StrAppend(&out, ", published as ", FormatNumber(note.published_value()));
  }
  if (!note.decided_by().empty()) absl::StrAppend(&out, ", by ", Clean(note.decided_by()));
  if (!note.policy_version().empty()) {
    absl::StrAppend(&out, " policy ", Clean(note.policy_version()));
  }
  if (!note.rule().empty()) absl::StrAppend(&out, " rule ", Clean(note.rule()));
  return out;
}

// A withheld measure "m<i>" (a path that starts with 'm' and has no '.'), and the measure a
// value or cell path belongs to ("" for the report's fields).
bool IsMeasurePath(std::string_view path) {
  return !path.empty() && path[0] == 'm' && path.find('.') == std::string_view::npos;
}
std::string_view MeasureOf(std::string_view path) {
  if (path.empty() || path[0] != 'm') return "";
  return path.substr(0, path.find('.'));
}

// "narrative (W: withheld by policy, by ...), m2 (whole measure), m1.d4 (C: small cell, ...)".
// A withheld measure's value and cells are implied by the measure.
std::string WithheldLabel(const Record& record) {
  const auto& withheld = record.withheld_parts();
  auto is_withheld = [&](std::string_view path) {
    return std::find(withheld.begin(), withheld.end(), path) != withheld.end();
  };
  std::vector<std::string> items;
  for (const std::string& path : withheld) {
    const std::string_view measure = MeasureOf(path);
    if (!IsMeasurePath(path) && !measure.empty() && is_withheld(measure)) continue;
    std::vector<std::string> why;
    if (IsMeasurePath(path)) why.push_back("whole measure");
    for (const rilon::v1::RedactionNote& note : record.redaction_notes()) {
      if (note.path() == path) why.push_back(RedactionNoteLabel(note));
    }
    std::string item = SanitizeForTerminal(path);
    if (!why.empty()) absl::StrAppend(&item, " (", absl::StrJoin(why, "; "), ")");
    items.push_back(std::move(item));
  }
  return absl::StrJoin(items, ", ");
}

// The VALUE column of measure `shown` (its position in the report as received): its value, or,
// when withheld, "withheld" or the rounded value a node published instead. Withheld measures
// leave gaps in the origin's numbering, which the paths use.
std::string MeasureValueLabel(const Record& record, int shown) {
  const auto& withheld = record.withheld_parts();
  auto is_withheld = [&](const std::string& path) {
    return std::find(withheld.begin(), withheld.end(), path) != withheld.end();
  };
  const rilon::v1::Measure& m = record.trend_report().measures(shown);
  if (withheld.empty()) return FormatNumber(m.value());
  size_t origin_index = 0;
  for (int k = 0;; ++origin_index) {
    if (is_withheld(absl::StrCat("m", origin_index))) continue;
    if (k++ == shown) break;
  }
  const std::string value_path = absl::StrCat("m", origin_index, ".v");
  if (!is_withheld(value_path)) return FormatNumber(m.value());
  for (const rilon::v1::RedactionNote& note : record.redaction_notes()) {
    if (note.path() == value_path && note.has_published_value()) {
      return absl::StrCat("~", FormatNumber(note.published_value()));
    }
  }
  return "withheld";
}

std::string ShortId(const std::string& id) { return Clean(id.substr(0, 12)); }

// At most `max_chars` characters of `text` (cut at a character boundary), "..." when cut.
std::string Abbreviated(std::string_view text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xc0) == 0x80) continue;
    if (chars++ == max_chars) return absl::StrCat(ToAbsl(text.substr(0, i)), "...");
  }
  return std::string(text);
}

std::string OriginAndSeq(const Record& record) {
  return absl::StrCat(Clean(record.origin_agency()), " #", record.origin_seq());
}

std::string PadRight(const std::string& text, size_t width) {
  size_t shown = DisplayWidth(text);
  return shown >= width ? text : text + std::string(width - shown, ' ');
}

std::string PadLeft(const std::string& text, size_t width) {
  size_t shown = DisplayWidth(text);
  return shown >= width ? text : std::string(width - shown, ' ') + text;
}

void StripTrailingSpaces(std::string* line) {
  while (!line->empty() && line->back() == ' ') line->pop_back();
}

// Prefixes every non-empty line; every line of the result ends with '\n'.
std::string Indent(std::string_view text, std::string_view prefix) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    if (!line.empty()) out.append(prefix);
    out.append(line);
    out.push_back('\n');
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string WrapWords(std::string_view text, size_t width) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    size_t column = 0;
    size_t word_start = 0;
    while (word_start < line.size()) {
      size_t word_end = std::min(line.find(' ', word_start), line.size());
      std::string_view word = line.substr(word_start, word_end - word_start);
      if (!word.empty()) {
        const size_t word_width = DisplayWidth(word);
        if (column > 0 && column + 1 + word_width > width) {
          out.push_back('\n');
          column = 0;
        } else if (column > 0) {
          out.push_back(' ');
          ++column;
        }
        out.append(word);
        column += word_width;
      }
      word_start = word_end + 1;
    }
    if (end == text.size()) break;
    out.push_back('\n');
    start = end + 1;
  }
  return out;
}

std::string ToJson(const google::protobuf::Message& message) { return Json(message, true); }

std::string ToJsonLine(const google::protobuf::Message& message) { return Json(message, false); }

std::string FormatTable(const std::vector<Column>& columns,
                        const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths(columns.size(), 0);
  for (size_t c = 0; c < columns.size(); ++c) widths[c] = DisplayWidth(columns[c].header);
  for (const auto& row : rows) {
    for (size_t c = 0; c < columns.size() && c < row.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  }
  auto format_row = [&](auto cell_at) {
    std::string line;
    for (size_t c = 0; c < columns.size(); ++c) {
      if (c > 0) line += "  ";
      const std::string cell = cell_at(c);
      line += columns[c].align_right ? PadLeft(cell, widths[c]) : PadRight(cell, widths[c]);
    }
    StripTrailingSpaces(&line);
    return line + "\n";
  };
  std::string out = format_row([&](size_t c) { return columns[c].header; });
  for (const auto& row : rows) {
    out += format_row([&](size_t c) { return c < row.size() ? row[c] : std::string(); });
  }
  return out;
}

std::string FormatFields(const std::vector<std::pair<std::string, std::string>>& fields) {
  size_t width = 0;
  for (const auto& [label, value] : fields) width = std::max(width, DisplayWidth(label));
  std::string out;
  for (const auto& [label, value] : fields) {
    std::string line = absl::StrCat(PadRight(label, width), "  ", value);
    StripTrailingSpaces(&line);
    absl::StrAppend(&out, line, "\n");
  }
  return out;
}

std::vector<Column> RecordListColumns() {
  return {{"CURSOR", true},         {"ID", false},      {"ORIGIN", false}, {"SEQ", true},
          {"CREATED (UTC)", false}, {"MARKING", false}, {"PERIOD", false}, {"THEME", false}};
}

std::vector<std::string> RecordListRow(const Record& record) {
  std::string created = FormatTimestamp(record.created_at());
  created = created.substr(0, created.find(" UTC"));
  const bool is_trend = record.has_trend_report();
  std::string theme =
      is_trend ? ThemeLabel(record.trend_report().theme()) : KindLabel(record.kind());
  if (record.has_retraction()) {
    theme = absl::StrCat("retracted: ", Clean(Abbreviated(record.retraction().reason(), 40)));
  }
  if (!record.superseded_by().empty()) absl::StrAppend(&theme, " (superseded)");
  return {Clean(record.cursor()),
          ShortId(record.id()),
          Clean(record.origin_agency()),
          absl::StrCat(record.origin_seq()),
          created,
          MarkingLabel(record.marking()),
          is_trend ? Clean(validation::FormatPeriod(record.trend_report().period())) : "-",
          theme};
}

std::string FormatFeedEventLine(const rilon::v1::FeedEvent& event) {
  std::vector<std::string> cells = RecordListRow(event.record());
  cells[0] = Clean(event.cursor());
  // Widths fit typical values; longer values just push the line to the right.
  static constexpr size_t kWidths[] = {8, 12, 12, 6, 19, 16, 8, 0};
  std::string line;
  for (size_t c = 0; c < cells.size(); ++c) {
    if (c > 0) line += "  ";
    line += (c == 0 || c == 3) ? PadLeft(cells[c], kWidths[c]) : PadRight(cells[c], kWidths[c]);
  }
  StripTrailingSpaces(&line);
  return line + "\n";
}

std::string FormatRecordDetail(const Record& record) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"Record", Clean(record.id())},
      {"Origin", Clean(record.origin_agency())},
      {"Sequence", absl::StrCat(record.origin_seq())},
      {"Created", FormatTimestamp(record.created_at())},
      {"Stored",
       absl::StrCat(FormatTimestamp(record.stored_at()), " (cursor ", Clean(record.cursor()), ")")},
      {"Kind", KindLabel(record.kind())},
      {"Marking", MarkingLabel(record.marking())},
      {"Audience", AudienceLabel(record.audience())},
  };
  if (!record.supersedes().empty()) fields.push_back({"Supersedes", Clean(record.supersedes())});
  if (!record.superseded_by().empty()) {
    fields.push_back({"Superseded by", Clean(record.superseded_by())});
  }
  if (record.has_retraction()) {
    fields.push_back({"Retraction", SanitizeForTerminal(record.retraction().reason())});
  }
  if (!record.has_trend_report()) return FormatFields(fields);
  const rilon::v1::TrendReport& report = record.trend_report();
  const rilon::v1::Geography& geo = report.geography();
  fields.insert(fields.end(), {{"Period", Clean(validation::FormatPeriod(report.period()))},
                               {"Theme", ThemeLabel(report.theme())},
                               {"Mode", ModeLabel(report.mode())},
                               {"Countries", JoinOrDash(geo.countries())},
                               {"Subdivisions", JoinOrDash(geo.subdivisions())},
                               {"Routes", JoinOrDash(geo.routes())},
                               {"Route note", Clean(geo.route_note())},
                               {"Codebook", Clean(report.codebook_version())},
                               {"Confidence", ConfidenceLabel(report.confidence())},
                               {"Small cells", SmallCellsLabel(report)}});
  if (!record.withheld_parts().empty()) fields.push_back({"Withheld", WithheldLabel(record)});
  std::string out = FormatFields(fields);
  std::vector<std::vector<std::string>> measures;
  for (int i = 0; i < report.measures_size(); ++i) {
    const rilon::v1::Measure& m = report.measures(i);
    std::string unit = Clean(m.unit());
    if (!m.currency().empty()) absl::StrAppend(&unit, " (", SanitizeForTerminal(m.currency()), ")");
    measures.push_back({Clean(m.indicator()), MeasureValueLabel(record, i), unit});
  }
  absl::StrAppend(
      &out, "\nMeasures\n",
      Indent(FormatTable({{"INDICATOR", false}, {"VALUE", true}, {"UNIT", false}}, measures),
             "  "));
  absl::StrAppend(&out, FormatBreakdowns(report));
  if (!report.sources().empty()) {
    absl::StrAppend(&out, "\nSources\n");
    for (const rilon::v1::Source& source : report.sources()) {
      absl::StrAppend(&out, "  ", EnumWords(rilon::v1::SourceType_descriptor(), source.type()),
                      source.note().empty() ? "" : ": ", SanitizeForTerminal(source.note()), "\n");
    }
  }
  if (!report.narrative().empty()) {
    std::string narrative = SanitizeForTerminal(report.narrative(), /*keep_newlines=*/true);
    while (!narrative.empty() && narrative.back() == '\n') narrative.pop_back();
    absl::StrAppend(&out, "\nNarrative\n", Indent(WrapWords(narrative, kWrapWidth), "  "));
  }
  return out;
}

std::string FormatSubmitResult(const rilon::v1::SubmitReportResponse& response) {
  const Record& record = response.record();
  std::string out = absl::StrCat("Accepted: ", Clean(record.id()), " (origin ",
                                 OriginAndSeq(record), ", cursor ", Clean(record.cursor()), ")");
  if (response.duplicate()) {
    absl::StrAppend(&out, "; this request_id was submitted before, nothing new was stored");
  }
  return out + "\n";
}

namespace {

std::string PolicyInForceLabel(const rilon::v1::PolicyStatus& policy) {
  if (policy.file().empty()) return "none (only the originators' markings and audiences apply)";
  return absl::StrCat(Clean(policy.version()), " (", SanitizeForTerminal(policy.file()), ")");
}

std::string PolicyReloadLabel(const rilon::v1::PolicyStatus& policy) {
  if (policy.file().empty()) return "-";
  return absl::StrCat(
      FormatTimestamp(policy.last_reload_at()), " (", Clean(policy.last_reload_trigger()), "): ",
      policy.last_reload_ok() ? "ok"
                              : "REFUSED, the policy above stays in force; the file's errors:");
}

}  // namespace

std::string FormatNodeStatus(const rilon::v1::NodeStatus& status) {
  std::string out = FormatFields({
      {"Agency", Clean(status.agency_id())},
      {"Node", Clean(status.node_id())},
      {"Version", Clean(status.version())},
      {"Started", FormatTimestamp(status.started_at())},
      {"Records stored", absl::StrCat(status.records_stored())},
      {"Head cursor", Clean(status.head_cursor())},
      {"Origin sequence", absl::StrCat(status.origin_seq())},
      {"Subscribers", absl::StrCat(status.subscribers())},
      {"Schema version", absl::StrCat(status.storage_schema_version())},
      {"Signer key id", Clean(status.signer_key_id())},
      {"TLS certificate expires", FormatTimestamp(status.tls_certificate_expires_at())},
      {"Sharing policy", PolicyInForceLabel(status.policy())},
      {"Policy loaded", FormatTimestamp(status.policy().loaded_at())},
      {"Last policy reload", PolicyReloadLabel(status.policy())},
  });
  // The loader's error, one problem per line, as the node logged it.
  if (!status.policy().last_reload_ok() && !status.policy().last_reload_error().empty()) {
    for (absl::string_view line : absl::StrSplit(status.policy().last_reload_error(), '\n')) {
      absl::StrAppend(&out, "  ", SanitizeForTerminal(ToStd(line)), "\n");
    }
  }
  return out;
}

std::string FormatError(const absl::Status& status, bool json) {
  if (!json) return absl::StrCat("rilon: error: ", status.message(), "\n");
  google::protobuf::Struct error;
  auto& fields = *error.mutable_fields();
  fields["code"].set_string_value(absl::StatusCodeToString(status.code()));
  fields["exitCode"].set_number_value(ToInt(ExitCodeOf(status)));
  fields["message"].set_string_value(std::string(status.message()));
  google::protobuf::Struct wrapper;
  *(*wrapper.mutable_fields())["error"].mutable_struct_value() = std::move(error);
  return ToJsonLine(wrapper);
}

std::string FormatUtc(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", time, absl::UTCTimeZone());
}

std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp) {
  if (timestamp.seconds() == 0 && timestamp.nanos() == 0) return "-";
  return FormatUtc(absl::FromUnixSeconds(timestamp.seconds()) +
                   absl::Nanoseconds(timestamp.nanos()));
}

std::string AudienceLabel(const rilon::v1::Audience& audience) {
  std::vector<std::string> parts;
  if (audience.agencies_size() > 0) {
    parts.push_back(
        absl::StrCat("agencies ", SanitizeForTerminal(absl::StrJoin(audience.agencies(), ", "))));
  }
  if (audience.groups_size() > 0) {
    parts.push_back(
        absl::StrCat("groups ", SanitizeForTerminal(absl::StrJoin(audience.groups(), ", "))));
  }
  if (parts.empty()) return "originating agency only";
  return absl::StrJoin(parts, "; ");
}

std::string MarkingLabel(rilon::v1::Marking marking) {
  switch (marking) {
    case rilon::v1::TLP_CLEAR:
      return "TLP:CLEAR";
    case rilon::v1::TLP_GREEN:
      return "TLP:GREEN";
    case rilon::v1::TLP_AMBER:
      return "TLP:AMBER";
    case rilon::v1::TLP_AMBER_STRICT:
      return "TLP:AMBER+STRICT";
    case rilon::v1::TLP_RED:
      return "TLP:RED";
    case rilon::v1::MARKING_UNSPECIFIED:
      return "-";
    default:
      return absl::StrCat("unknown (", static_cast<int>(marking), ")");
  }
}

std::string ThemeLabel(rilon::v1::Theme theme) {
  return EnumWords(rilon::v1::Theme_descriptor(), theme);
}

std::string ModeLabel(rilon::v1::Mode mode) {
  return EnumWords(rilon::v1::Mode_descriptor(), mode);
}

std::string KindLabel(rilon::v1::RecordKind kind) {
  return EnumWords(rilon::v1::RecordKind_descriptor(), kind);
}

std::string FormatNumber(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  if (ec != std::errc()) return absl::StrCat(value);
  return std::string(buffer, end);
}

std::string SanitizeForTerminal(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n' && keep_newlines) {
      out.push_back('\n');
    } else if (c < 0x20 || c == 0x7f) {
      out.push_back(c == '\t' || c == '\n' ? ' ' : '?');
    } else if (c == 0xc2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
      out.push_back('?');  // a C1 control (U+0080..U+009F), e.g. a single-byte CSI
      ++i;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

size_t DisplayWidth(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  }));
}

}  // namespace rilon::client
