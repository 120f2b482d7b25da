#include "node/validation/screening/pattern_file.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "node/validation/screening/internal/views.h"

namespace rilon::validation::screening {
namespace {

using rilon::config::v1::Pattern;
using rilon::config::v1::ScreeningPatterns;
using TextFormat = google::protobuf::TextFormat;

constexpr std::string_view kSchemaHint =
    "(the keys are described in proto/rilon/config/v1/screening.proto)";

// Keeps the first error only: later ones are usually consequences of it.
class FirstErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  explicit FirstErrorCollector(std::string_view source) : source_(source) {}
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (first_.empty()) {
      first_ =
          absl::StrFormat("%s:%d:%d: %s %s", source_, line + 1, column + 1, message, kSchemaHint);
    }
  }
  const std::string& first() const { return first_; }

 private:
  std::string source_;
  std::string first_;
};

bool IsLowerName(std::string_view s) {
  if (s.empty() || s[0] < 'a' || s[0] > 'z') return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

bool IsPatternId(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) {
      return false;
    }
  }
  return true;
}

int LineOf(const TextFormat::ParseInfoTree* tree, const google::protobuf::FieldDescriptor* field,
           int index) {
  if (tree == nullptr) return 0;
  const int line = tree->GetLocation(field, index).line;
  return line < 0 ? 0 : line + 1;
}

std::string At(const SourceLine& where) { return FormatSourceLine(where); }

absl::Status CheckPattern(const Pattern& p, const PatternOrigin& origin) {
  const std::string where = At(origin.block);
  if (!IsPatternId(p.id())) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: pattern id \"%s\" is missing or malformed; use lower-case letters, digits, '_', '.' "
        "and '-', e.g. \"phone.local_mobile\"",
        where, p.id()));
  }
  if (!IsLowerName(p.kind())) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: pattern %s: kind \"%s\" is missing or malformed; use lower snake case, e.g. "
        "\"phone_number\"",
        where, p.id(), p.kind()));
  }
  if (p.pattern().empty()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: pattern %s: the key pattern is empty; give an RE2 expression", where, p.id()));
  }
  if (p.description().empty() || p.suggestion().empty()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: pattern %s: description and suggestion are both required: officers see them when a "
        "report is refused",
        where, p.id()));
  }
  if (p.max_digits() != 0 && p.max_digits() < p.min_digits()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: pattern %s: max_digits %d is below min_digits %d", where, p.id(),
                        p.max_digits(), p.min_digits()));
  }
  for (const std::string& list : p.stop_lists()) {
    if (!IsLowerName(list)) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: pattern %s: stop list name \"%s\" is malformed", where, p.id(), list));
    }
  }
  if (p.has_require_context() && p.require_context().words().empty()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: pattern %s: require_context has no words; add words or remove it", where, p.id()));
  }
  return absl::OkStatus();
}

// Parses and checks one file on its own; cross-file rules are applied by Merge.
absl::StatusOr<PatternSet> ParseOne(std::string_view text, std::string_view source_name) {
  PatternSet out;
  FirstErrorCollector errors(source_name);
  TextFormat::ParseInfoTree tree;
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&tree);
  if (!parser.ParseFromString(std::string(text), &out.patterns)) {
    return absl::InvalidArgumentError(errors.first().empty()
                                          ? absl::StrCat(ToAbsl(source_name), ": cannot be parsed")
                                          : errors.first());
  }
  const auto* root = ScreeningPatterns::descriptor();
  const auto* lists_field = root->FindFieldByName("lists");
  const auto* fragments_field = root->FindFieldByName("fragments");
  const auto* patterns_field = root->FindFieldByName("patterns");
  const auto* pattern_desc = Pattern::descriptor();
  const auto* regex_field = pattern_desc->FindFieldByName("pattern");
  const auto* exclude_field = pattern_desc->FindFieldByName("exclude");
  const auto* context_field = pattern_desc->FindFieldByName("require_context");

  absl::flat_hash_set<std::string> names;
  for (int i = 0; i < out.patterns.lists_size(); ++i) {
    const auto& list = out.patterns.lists(i);
    const SourceLine where{std::string(source_name), LineOf(&tree, lists_field, i)};
    if (!IsLowerName(list.name())) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: list name \"%s\" is missing or malformed; use lower snake case",
                          At(where), list.name()));
    }
    if (!names.insert(list.name()).second) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: list \"%s\" is defined twice in this file; merge the two", At(where), list.name()));
    }
    if (list.words().empty()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: list \"%s\" has no words", At(where), list.name()));
    }
    for (const std::string& word : list.words()) {
      if (word.find_first_not_of(" \t") == std::string::npos) {
        return absl::InvalidArgumentError(
            absl::StrFormat("%s: list \"%s\" has an empty word", At(where), list.name()));
      }
    }
  }
  for (int i = 0; i < out.patterns.fragments_size(); ++i) {
    const auto& fragment = out.patterns.fragments(i);
    SourceLine where{std::string(source_name), LineOf(&tree, fragments_field, i)};
    if (!IsLowerName(fragment.name())) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: fragment name \"%s\" is missing or malformed; use lower snake case",
                          At(where), fragment.name()));
    }
    if (!names.insert(fragment.name()).second) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: the name \"%s\" is already used by a list or fragment in this file",
                          At(where), fragment.name()));
    }
    if (fragment.regex().empty()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: fragment \"%s\" has an empty regex", At(where), fragment.name()));
    }
    out.fragment_origins.push_back(std::move(where));
  }
  absl::flat_hash_map<std::string, int> ids;
  for (int i = 0; i < out.patterns.patterns_size(); ++i) {
    const Pattern& p = out.patterns.patterns(i);
    PatternOrigin origin;
    origin.block = SourceLine{std::string(source_name), LineOf(&tree, patterns_field, i)};
    const TextFormat::ParseInfoTree* nested = tree.GetTreeForNested(patterns_field, i);
    origin.pattern_line = LineOf(nested, regex_field, -1);
    for (int j = 0; j < p.exclude_size(); ++j) {
      origin.exclude_lines.push_back(LineOf(nested, exclude_field, j));
    }
    origin.context_line = LineOf(nested, context_field, -1);
    if (absl::Status s = CheckPattern(p, origin); !s.ok()) return s;
    auto [it, inserted] = ids.emplace(p.id(), origin.block.line);
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: pattern id %s is already used at line %d of this file; ids must be unique",
          At(origin.block), p.id(), it->second));
    }
    out.pattern_origins.push_back(std::move(origin));
  }
  for (const std::string& id : out.patterns.disable()) {
    if (!IsPatternId(id)) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: disable \"%s\" is not a pattern id", source_name, id));
    }
  }
  return out;
}

absl::Status Merge(PatternSet later, std::string_view source_name, PatternSet& base) {
  ScreeningPatterns& into = base.patterns;
  // Disabling first: a site file may replace a shipped pattern with its own under the same id.
  for (const std::string& id : later.patterns.disable()) {
    int found = -1;
    for (int i = 0; i < into.patterns_size(); ++i) {
      if (into.patterns(i).id() == id) found = i;
    }
    if (found < 0) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: disable \"%s\": no pattern with this id was loaded before this file; check the "
          "id and the order of the pattern files",
          source_name, id));
    }
    into.mutable_patterns()->DeleteSubrange(found, 1);
    base.pattern_origins.erase(base.pattern_origins.begin() + found);
  }
  for (auto& list : *later.patterns.mutable_lists()) {
    bool merged = false;
    for (auto& existing : *into.mutable_lists()) {
      if (existing.name() == list.name()) {
        for (auto& word : *list.mutable_words()) existing.add_words(std::move(word));
        merged = true;
      }
    }
    for (int i = 0; i < into.fragments_size(); ++i) {
      if (into.fragments(i).name() == list.name()) {
        return absl::InvalidArgumentError(
            absl::StrFormat("%s: list \"%s\" has the name of the fragment defined at %s",
                            source_name, list.name(), At(base.fragment_origins[i])));
      }
    }
    if (!merged) *into.add_lists() = std::move(list);
  }
  for (int i = 0; i < later.patterns.fragments_size(); ++i) {
    auto& fragment = *later.patterns.mutable_fragments(i);
    for (int j = 0; j < into.fragments_size(); ++j) {
      if (into.fragments(j).name() == fragment.name()) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "%s: fragment \"%s\" is already defined at %s; choose another name",
            At(later.fragment_origins[i]), fragment.name(), At(base.fragment_origins[j])));
      }
    }
    for (const auto& list : into.lists()) {
      if (list.name() == fragment.name()) {
        return absl::InvalidArgumentError(
            absl::StrFormat("%s: fragment \"%s\" has the name of a list",
                            At(later.fragment_origins[i]), fragment.name()));
      }
    }
    *into.add_fragments() = std::move(fragment);
    base.fragment_origins.push_back(later.fragment_origins[i]);
  }
  for (int i = 0; i < later.patterns.patterns_size(); ++i) {
    auto& pattern = *later.patterns.mutable_patterns(i);
    for (int j = 0; j < into.patterns_size(); ++j) {
      if (into.patterns(j).id() == pattern.id()) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "%s: pattern id %s is already defined at %s; choose another id, or disable the "
            "earlier one",
            At(later.pattern_origins[i].block), pattern.id(), At(base.pattern_origins[j].block)));
      }
    }
    *into.add_patterns() = std::move(pattern);
    base.pattern_origins.push_back(std::move(later.pattern_origins[i]));
  }
  return absl::OkStatus();
}

}  // namespace

std::string FormatSourceLine(const SourceLine& where) {
  if (where.line <= 0) return where.file;
  return absl::StrCat(where.file, ":", where.line);
}

absl::Status AddPatternText(std::string_view text, std::string_view source_name, PatternSet& base) {
  absl::StatusOr<PatternSet> parsed = ParseOne(text, source_name);
  if (!parsed.ok()) return parsed.status();
  PatternSet merged = base;
  if (absl::Status s = Merge(*std::move(parsed), source_name, merged); !s.ok()) return s;
  base = std::move(merged);
  return absl::OkStatus();
}

absl::StatusOr<PatternSet> ParsePatternText(std::string_view text, std::string_view source_name) {
  PatternSet set;
  if (absl::Status s = AddPatternText(text, source_name, set); !s.ok()) return s;
  return set;
}

absl::StatusOr<PatternSet> LoadPatternFiles(const std::vector<std::string>& paths) {
  if (paths.empty()) {
    return absl::InvalidArgumentError(
        "no screening pattern file given; the node needs at least the shipped "
        "nominal_patterns.textproto");
  }
  PatternSet set;
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return absl::NotFoundError(absl::StrFormat(
          "screening pattern file %s cannot be read; check the path and its permissions", path));
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (absl::Status s = AddPatternText(text.str(), path, set); !s.ok()) return s;
  }
  return set;
}

}  // namespace rilon::validation::screening
