// Parse with a ParseInfoTree (for lines), then convert field by field into policy::PolicySpec.
#include "node/policy/policy_file_loader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <optional>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/text_format.h"
#include "rilon/policy/v1/policy.pb.h"

namespace rilon::policyfile {
namespace {

namespace pb = ::rilon::policy::v1;
namespace wire = ::rilon::v1;
using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::TextFormat;

absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }

class LineErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  explicit LineErrorCollector(std::string_view source) : source_(source) {}
  // protobuf counts lines and columns from 0; editors count from 1.
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    errors_.push_back(absl::StrCat(Sv(source_), ":", line + 1, ":", column + 1, ": ", message));
  }
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::string_view source_;
  std::vector<std::string> errors_;
};

class SilentErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int, google::protobuf::io::ColumnNumber, const std::string&) override {}
};

using ElementLines = absl::flat_hash_map<std::string, std::vector<int>>;

// The 1-based line of every element of the top-level declaration lists (agencies, groups,
// indicators, routes). The parser's ParseInfoTree records one location per occurrence of a key,
// not one per element of a list such as `agencies: ["au.abf", "id.polri"]`, so the elements are
// read off the tokens. Runs only on text the parser accepted.
ElementLines DeclarationLines(std::string_view text) {
  using google::protobuf::io::Tokenizer;
  google::protobuf::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  SilentErrors errors;
  Tokenizer tokens(&input, &errors);
  tokens.set_comment_style(Tokenizer::SH_COMMENT_STYLE);
  auto is = [&](Tokenizer::TokenType type, std::string_view s = {}) {
    return tokens.current().type == type && (s.empty() || tokens.current().text == s);
  };
  // One value: a string literal, or adjacent literals that the parser concatenates.
  auto take_string = [&](std::vector<int>& lines) {
    lines.push_back(tokens.current().line + 1);
    while (tokens.Next() && is(Tokenizer::TYPE_STRING)) {
    }
  };
  ElementLines result;
  int depth = 0;
  tokens.Next();
  while (!is(Tokenizer::TYPE_END)) {
    if (is(Tokenizer::TYPE_SYMBOL, "{") || is(Tokenizer::TYPE_SYMBOL, "<")) ++depth;
    if (is(Tokenizer::TYPE_SYMBOL, "}") || is(Tokenizer::TYPE_SYMBOL, ">")) --depth;
    const std::string& key = tokens.current().text;
    if (depth != 0 || !is(Tokenizer::TYPE_IDENTIFIER) ||
        (key != "agencies" && key != "groups" && key != "indicators" && key != "routes")) {
      tokens.Next();
      continue;
    }
    std::vector<int>& lines = result[key];
    tokens.Next();
    if (is(Tokenizer::TYPE_SYMBOL, ":")) tokens.Next();
    if (is(Tokenizer::TYPE_STRING)) {
      take_string(lines);
    } else if (is(Tokenizer::TYPE_SYMBOL, "[")) {
      tokens.Next();
      while (is(Tokenizer::TYPE_STRING)) {
        take_string(lines);
        if (!is(Tokenizer::TYPE_SYMBOL, ",")) break;
        tokens.Next();
      }
    }
  }
  return result;
}

// Lines of fields within one message of the parsed file.
class Lines {
 public:
  Lines(const TextFormat::ParseInfoTree* tree, const Descriptor* descriptor)
      : tree_(tree), descriptor_(descriptor) {}

  // 1-based line of element `index` of `field` (index -1 for a singular field); 0 if unknown.
  int Of(std::string_view field, int index) const {
    const FieldDescriptor* f = Field(field);
    if (tree_ == nullptr || f == nullptr) return 0;
    const int line = tree_->GetLocation(f, index).line;
    return line < 0 ? 0 : line + 1;
  }

  // The lines of a nested message (element `index` of `field`).
  Lines Nested(std::string_view field, int index) const {
    const FieldDescriptor* f = Field(field);
    if (tree_ == nullptr || f == nullptr) return Lines(nullptr, nullptr);
    return Lines(tree_->GetTreeForNested(f, index), f->message_type());
  }

 private:
  const FieldDescriptor* Field(std::string_view name) const {
    return descriptor_ == nullptr ? nullptr : descriptor_->FindFieldByName(std::string(name));
  }
  const TextFormat::ParseInfoTree* tree_;
  const Descriptor* descriptor_;
};

std::optional<policy::Marking> ToMarking(int v) {
  switch (v) {
    case wire::MARKING_UNSPECIFIED:
      return policy::Marking::kUnspecified;
    case wire::TLP_CLEAR:
      return policy::Marking::kClear;
    case wire::TLP_GREEN:
      return policy::Marking::kGreen;
    case wire::TLP_AMBER:
      return policy::Marking::kAmber;
    case wire::TLP_AMBER_STRICT:
      return policy::Marking::kAmberStrict;
    case wire::TLP_RED:
      return policy::Marking::kRed;
  }
  return std::nullopt;
}

std::optional<policy::RecordKind> ToKind(int v) {
  switch (v) {
    case wire::RECORD_KIND_UNSPECIFIED:
      return policy::RecordKind::kUnspecified;
    case wire::TREND_REPORT:
      return policy::RecordKind::kTrendReport;
    case wire::GROUP_MESSAGE:
      return policy::RecordKind::kGroupMessage;
  }
  return std::nullopt;
}

std::optional<policy::Theme> ToTheme(int v) {
  switch (v) {
    case wire::THEME_UNSPECIFIED:
      return policy::Theme::kUnspecified;
    case wire::PEOPLE_SMUGGLING:
      return policy::Theme::kPeopleSmuggling;
    case wire::TRAFFICKING_IN_PERSONS:
      return policy::Theme::kTraffickingInPersons;
    case wire::RELATED_CRIME:
      return policy::Theme::kRelatedCrime;
  }
  return std::nullopt;
}

std::optional<policy::Mode> ToMode(int v) {
  switch (v) {
    case wire::MODE_UNSPECIFIED:
      return policy::Mode::kUnspecified;
    case wire::SEA:
      return policy::Mode::kSea;
    case wire::LAND:
      return policy::Mode::kLand;
    case wire::AIR:
      return policy::Mode::kAir;
    case wire::ONLINE_OTHER:
      return policy::Mode::kOnlineOther;
  }
  return std::nullopt;
}

// UNSPECIFIED is never a valid direction or role.
std::optional<policy::Direction> ToDirection(int v) {
  switch (v) {
    case pb::EGRESS:
      return policy::Direction::kEgress;
    case pb::INGRESS:
      return policy::Direction::kIngress;
    case pb::READ:
      return policy::Direction::kRead;
    case pb::EXPORT:
      return policy::Direction::kExport;
  }
  return std::nullopt;
}

std::optional<policy::Role> ToRole(int v) {
  switch (v) {
    case pb::NODE:
      return policy::Role::kNode;
    case pb::OFFICER:
      return policy::Role::kOfficer;
    case pb::ANALYST:
      return policy::Role::kAnalyst;
    case pb::ADMIN:
      return policy::Role::kAdmin;
    case pb::PUBLIC:
      return policy::Role::kPublic;
  }
  return std::nullopt;
}

int ClampToInt(uint32_t v) { return v > INT_MAX ? INT_MAX : static_cast<int>(v); }

class Converter {
 public:
  explicit Converter(std::string_view source) : source_(source) {}

  policy::PolicySpec Convert(const pb::Policy& file, const Lines& lines,
                             const ElementLines& element_lines) {
    policy::PolicySpec spec;
    spec.source = std::string(source_);
    spec.version = file.version();
    spec.small_cell_threshold = ClampToInt(file.small_cell_threshold());
    spec.agencies = Declarations(file.agencies(), lines, element_lines, "agencies");
    spec.groups = Declarations(file.groups(), lines, element_lines, "groups");
    spec.indicators = Declarations(file.indicators(), lines, element_lines, "indicators");
    spec.routes = Declarations(file.routes(), lines, element_lines, "routes");
    for (int i = 0; i < file.agency_set_size(); ++i) {
      const pb::AgencySet& set = file.agency_set(i);
      spec.agency_sets.push_back(
          {set.name(), {set.agencies().begin(), set.agencies().end()}, lines.Of("agency_set", i)});
    }
    for (int i = 0; i < file.rule_size(); ++i) {
      spec.rules.push_back(ConvertRule(file.rule(i), lines.Of("rule", i), lines.Nested("rule", i)));
    }
    return spec;
  }

  const std::vector<std::string>& errors() const { return errors_; }

 private:
  // Element lines from the tokens when they account for every element; otherwise the line of
  // the key the element was written under, as far as the parse tree knows it.
  static std::vector<policy::Declaration> Declarations(
      const google::protobuf::RepeatedPtrField<std::string>& names, const Lines& lines,
      const ElementLines& element_lines, const std::string& field) {
    const auto it = element_lines.find(field);
    const bool exact =
        it != element_lines.end() && it->second.size() == static_cast<size_t>(names.size());
    std::vector<policy::Declaration> out;
    for (int i = 0; i < names.size(); ++i) {
      out.push_back({names[i], exact ? it->second[static_cast<size_t>(i)] : lines.Of(field, i)});
    }
    return out;
  }

  // Converts a repeated enum field; values `convert` rejects are errors on the line of the key.
  // `path` names the field in messages ("record.kinds"); `field` is its last component.
  template <typename T, typename F>
  std::vector<T> Enums(const google::protobuf::RepeatedField<int>& values, F convert,
                       const Lines& lines, std::string_view field, std::string_view rule,
                       std::string_view path, std::string_view fix) {
    std::vector<T> out;
    for (int i = 0; i < values.size(); ++i) {
      std::optional<T> v = convert(values[i]);
      if (!v) {
        Error(lines.Of(field, 0), absl::StrCat(Sv(rule), ": ", Sv(path), ": ",
                                               values[i] == 0 ? "an unspecified value"
                                                              : absl::StrCat("value ", values[i]),
                                               " is not valid; ", Sv(fix)));
        continue;
      }
      out.push_back(*v);
    }
    return out;
  }

  policy::RuleSpec ConvertRule(const pb::Rule& rule, int line, const Lines& lines) {
    policy::RuleSpec out;
    out.id = rule.id();
    out.description = rule.description();
    out.line = line;
    const std::string where = absl::StrCat("rule \"", rule.id(), "\"");
    switch (rule.effect()) {
      case pb::ALLOW:
        out.effect = policy::Effect::kAllow;
        break;
      case pb::DENY:
        out.effect = policy::Effect::kDeny;
        break;
      case pb::EFFECT_UNSPECIFIED:
        break;  // CheckPolicy reports the missing effect
      default:
        Error(lines.Of("effect", -1),
              absl::StrCat(where, ": effect ", rule.effect(), " is not valid; use ALLOW or DENY"));
    }
    out.directions =
        Enums<policy::Direction>(rule.directions(), ToDirection, lines, "directions", where,
                                 "directions", "use EGRESS, INGRESS, READ or EXPORT");

    const pb::RecordMatch& record = rule.record();
    const Lines record_lines = lines.Nested("record", -1);
    out.record.kinds =
        Enums<policy::RecordKind>(record.kinds(), ToKind, record_lines, "kinds", where,
                                  "record.kinds", "use TREND_REPORT or GROUP_MESSAGE");
    out.record.themes = Enums<policy::Theme>(
        record.themes(), ToTheme, record_lines, "themes", where, "record.themes",
        "use PEOPLE_SMUGGLING, TRAFFICKING_IN_PERSONS or RELATED_CRIME");
    out.record.modes = Enums<policy::Mode>(record.modes(), ToMode, record_lines, "modes", where,
                                           "record.modes", "use SEA, LAND, AIR or ONLINE_OTHER");
    out.record.markings = Enums<policy::Marking>(
        record.markings(), ToMarking, record_lines, "markings", where, "record.markings",
        "use TLP_CLEAR, TLP_GREEN, TLP_AMBER, TLP_AMBER_STRICT or TLP_RED");
    out.record.origins.assign(record.origins().begin(), record.origins().end());
    out.record.countries.assign(record.countries().begin(), record.countries().end());
    out.record.routes.assign(record.routes().begin(), record.routes().end());
    out.record.indicators.assign(record.indicators().begin(), record.indicators().end());

    const pb::PartyMatch& party = rule.party();
    out.party.agencies.assign(party.agencies().begin(), party.agencies().end());
    out.party.groups.assign(party.groups().begin(), party.groups().end());
    out.party.roles =
        Enums<policy::Role>(party.roles(), ToRole, lines.Nested("party", -1), "roles", where,
                            "party.roles", "use NODE, OFFICER, ANALYST, ADMIN or PUBLIC");
    if (party.has_relay()) out.party.relay = party.relay();

    const pb::Form& form = rule.form();
    out.form.withhold_fields.assign(form.withhold_fields().begin(), form.withhold_fields().end());
    out.form.withhold_indicators.assign(form.withhold_indicators().begin(),
                                        form.withhold_indicators().end());
    out.form.suppress_small_cells = form.suppress_small_cells();
    out.form.round_to = ClampToInt(form.round_to());
    return out;
  }

  void Error(int line, std::string message) {
    errors_.push_back(line > 0 ? absl::StrCat(Sv(source_), ":", line, ": ", message)
                               : absl::StrCat(Sv(source_), ": ", message));
  }

  std::string_view source_;
  std::vector<std::string> errors_;
};

// Reads at most kMaxPolicyFileBytes + 1 bytes, checking the type of what was opened, so that a
// wrong path to something huge or endless (/dev/zero) is refused without reading it.
absl::StatusOr<std::string> ReadSmallFile(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    if (error == ENOENT) {
      return absl::NotFoundError(absl::StrCat(
          "policy file ", path,
          " does not exist: pass the right path, or start from deploy/policy.example.textproto"));
    }
    return absl::FailedPreconditionError(
        absl::StrCat("policy file ", path, " cannot be opened: ", std::strerror(error)));
  }
  absl::Cleanup close_fd = [fd] { close(fd); };
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    return absl::InvalidArgumentError(
        absl::StrCat("policy file ", path, " is not a regular file: pass the path of the file"));
  }
  std::string text(kMaxPolicyFileBytes + 1, '\0');
  size_t used = 0;
  while (used < text.size()) {
    const ssize_t n = read(fd, text.data() + used, text.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("policy file ", path, " cannot be read: ", std::strerror(errno)));
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  text.resize(used);  // one byte over the limit is enough for ParsePolicyText to refuse it
  return text;
}

}  // namespace

absl::StatusOr<policy::PolicySpec> ParsePolicyText(std::string_view text,
                                                   std::string_view source_name) {
  if (text.size() > kMaxPolicyFileBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(Sv(source_name), ": the file is larger than the ", kMaxPolicyFileBytes,
                     " bytes allowed for a policy file: check the path"));
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(Sv(source_name),
                     ": the file is empty, which would deny everything: start from "
                     "deploy/policy.example.textproto"));
  }
  LineErrorCollector collector(source_name);
  TextFormat::ParseInfoTree tree;
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  parser.WriteLocationsTo(&tree);
  pb::Policy file;
  if (!parser.ParseFromString(std::string(text), &file)) {
    if (collector.errors().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(Sv(source_name), ": not a valid textproto policy file"));
    }
    return absl::InvalidArgumentError(absl::StrJoin(collector.errors(), "\n"));
  }
  Converter converter(source_name);
  policy::PolicySpec spec =
      converter.Convert(file, Lines(&tree, pb::Policy::descriptor()), DeclarationLines(text));
  if (!converter.errors().empty()) {
    return absl::InvalidArgumentError(absl::StrJoin(converter.errors(), "\n"));
  }
  return spec;
}

absl::StatusOr<policy::PolicySpec> ReadPolicyFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadSmallFile(path);
  if (!text.ok()) return text.status();
  return ParsePolicyText(*text, path);
}

absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> LoadPolicyFile(
    const std::string& path) {
  absl::StatusOr<policy::PolicySpec> spec = ReadPolicyFile(path);
  if (!spec.ok()) return spec.status();
  return policy::CompilePolicy(*spec);
}

absl::StatusOr<std::vector<policy::Diagnostic>> CheckPolicyFile(const std::string& path) {
  absl::StatusOr<policy::PolicySpec> spec = ReadPolicyFile(path);
  if (!spec.ok()) return spec.status();
  return policy::CheckPolicy(*spec);
}

}  // namespace rilon::policyfile
