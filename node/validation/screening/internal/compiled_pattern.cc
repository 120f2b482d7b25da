#include "node/validation/screening/internal/compiled_pattern.h"

#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "node/validation/screening/internal/placeholders.h"
#include "node/validation/screening/internal/views.h"

namespace rilon::validation::screening {
namespace {

using rilon::config::v1::Pattern;

// Name and word lists make patterns of several hundred alternatives. With RE2's default of
// 8 MiB, and still with 32 MiB, the reverse automaton of the list patterns (crew.list) runs out
// and RE2 falls back to its NFA over the whole text, 5 to 10 times slower. This is a cap, not an
// allocation: the automata grow only with the states a text visits (the node's resident size
// stays near 40 MiB under the benchmark).
constexpr int64_t kPatternMaxMem = 64 << 20;

// RE2 error messages quote the offending part of the (expanded) expression, which can be a long
// list; keep messages readable.
std::string ShortRe2Error(const RE2& re) {
  std::string arg = re.error_arg();
  if (arg.size() > 80) arg = absl::StrCat(arg.substr(0, 77), "...");
  return absl::StrCat(re.error().substr(0, re.error().find(':')), ": ", arg);
}

std::string Where(const SourceLine& file, int line) {
  return FormatSourceLine(SourceLine{file.file, line > 0 ? line : file.line});
}

absl::Status PatternError(const PatternOrigin& origin, int line, const Pattern& p,
                          std::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrFormat("%s: pattern %s: %s", Where(origin.block, line), p.id(), what));
}

// Compiles `regex` (already expanded) or explains why not.
absl::StatusOr<std::unique_ptr<RE2>> Compile(const std::string& regex) {
  auto re = std::make_unique<RE2>(regex, PatternOptions());
  if (!re->ok()) return absl::InvalidArgumentError(ShortRe2Error(*re));
  return re;
}

// Context words become one expression: any word, not inside a longer word. The boundaries are
// consumed characters rather than \b so that words ending in '.' ("d.o.b.") work.
absl::StatusOr<std::string> ContextRegex(const rilon::config::v1::ContextRule& rule,
                                         const PlaceholderExpander& expander) {
  std::vector<std::string> alternatives;
  for (const std::string& word : rule.words()) {
    if (word.size() > 4 && word.starts_with("{{") && word.ends_with("}}")) {
      absl::StatusOr<std::string> expanded = expander.Expand(word);
      if (!expanded.ok()) return expanded.status();
      alternatives.push_back(*std::move(expanded));
    } else {
      google::protobuf::RepeatedPtrField<std::string> one;
      one.Add(std::string(word));
      alternatives.push_back(WordAlternation(one));
    }
  }
  return absl::StrCat("(?i)(?:^|[^\\p{L}\\p{N}_])(?:", absl::StrJoin(alternatives, "|"),
                      ")(?:$|[^\\p{L}\\p{N}_])");
}

absl::StatusOr<CompiledPattern> CompileOne(
    const Pattern& p, const PatternOrigin& origin, const PlaceholderExpander& expander,
    const absl::flat_hash_map<std::string, std::shared_ptr<const StopWords>>& stop_lists) {
  CompiledPattern out;
  out.id = p.id();
  out.kind = p.kind();
  out.description = p.description();
  out.suggestion = p.suggestion();

  absl::StatusOr<std::string> expanded = expander.Expand(p.pattern());
  if (!expanded.ok()) {
    return PatternError(origin, origin.pattern_line, p, ToStd(expanded.status().message()));
  }
  out.regex = p.case_insensitive() ? absl::StrCat("(?i)", *expanded) : *std::move(expanded);
  absl::StatusOr<std::unique_ptr<RE2>> re = Compile(out.regex);
  if (!re.ok()) {
    return PatternError(origin, origin.pattern_line, p,
                        absl::StrCat("the pattern is not valid RE2: ", re.status().message()));
  }
  out.re = *std::move(re);
  if (out.re->NumberOfCapturingGroups() > kMaxSpanGroups) {
    return PatternError(
        origin, origin.pattern_line, p,
        absl::StrFormat("the pattern has %d capturing groups, at most %d are allowed (one per "
                        "alternative that reports its own span); write (?:...) for the others",
                        out.re->NumberOfCapturingGroups(), kMaxSpanGroups));
  }
  out.span_groups = out.re->NumberOfCapturingGroups();

  if (p.has_require_context()) {
    absl::StatusOr<std::string> context = ContextRegex(p.require_context(), expander);
    absl::StatusOr<std::unique_ptr<RE2>> compiled =
        context.ok() ? Compile(*context) : absl::StatusOr<std::unique_ptr<RE2>>(context.status());
    if (!compiled.ok()) {
      return PatternError(origin, origin.context_line, p,
                          absl::StrCat("require_context: ", compiled.status().message()));
    }
    out.context = *std::move(compiled);
    out.context_regex = *std::move(context);
    out.context_before = p.require_context().before_chars();
    out.context_after = p.require_context().after_chars();
    if (out.context_before == 0 && out.context_after == 0) {
      out.context_before = kDefaultContextBefore;
    }
  }

  for (int j = 0; j < p.exclude_size(); ++j) {
    const int line =
        j < static_cast<int>(origin.exclude_lines.size()) ? origin.exclude_lines[j] : 0;
    absl::StatusOr<std::string> exclusion = expander.Expand(p.exclude(j));
    absl::StatusOr<std::unique_ptr<RE2>> compiled =
        exclusion.ok() ? Compile(*exclusion)
                       : absl::StatusOr<std::unique_ptr<RE2>>(exclusion.status());
    if (!compiled.ok()) {
      return PatternError(
          origin, line, p,
          absl::StrFormat("exclude #%d is not valid: %s", j + 1, compiled.status().message()));
    }
    out.excludes.push_back(*std::move(compiled));
  }
  if (p.exclude_window_chars() != 0) out.exclude_window = p.exclude_window_chars();

  if (!rilon::config::v1::CodeCheck_IsValid(p.check())) {
    return PatternError(origin, 0, p,
                        absl::StrFormat("check %d is not a known code check", p.check()));
  }
  out.check = p.check();
  out.min_digits = p.min_digits();
  out.max_digits = p.max_digits();

  for (const std::string& name : p.stop_lists()) {
    auto it = stop_lists.find(name);
    if (it == stop_lists.end()) {
      return PatternError(origin, 0, p,
                          absl::StrFormat("stop list \"%s\" is not a word list; define it under "
                                          "lists or fix the spelling",
                                          name));
    }
    out.stop_lists.push_back(it->second);
  }
  out.min_name_words = p.min_name_words();
  if (out.min_name_words == 0 && !out.stop_lists.empty()) out.min_name_words = 1;
  return out;
}

}  // namespace

RE2::Options PatternOptions() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(kPatternMaxMem);
  return options;
}

absl::StatusOr<std::vector<CompiledPattern>> CompilePatterns(const PatternSet& set) {
  const PlaceholderExpander expander(set.patterns);
  // Fragments are compiled on their own first, so that a mistake in one is reported at the
  // fragment rather than at every pattern that uses it.
  for (int i = 0; i < set.patterns.fragments_size(); ++i) {
    const auto& fragment = set.patterns.fragments(i);
    const std::string where = i < static_cast<int>(set.fragment_origins.size())
                                  ? FormatSourceLine(set.fragment_origins[i])
                                  : std::string("pattern file");
    absl::StatusOr<std::string> expanded = expander.Expand(fragment.regex());
    absl::StatusOr<std::unique_ptr<RE2>> compiled =
        expanded.ok() ? Compile(*expanded)
                      : absl::StatusOr<std::unique_ptr<RE2>>(expanded.status());
    if (!compiled.ok()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: fragment %s is not valid: %s", where, fragment.name(), compiled.status().message()));
    }
  }
  absl::flat_hash_map<std::string, std::shared_ptr<const StopWords>> stop_lists;
  for (const auto& list : set.patterns.lists()) {
    auto words = std::make_shared<StopWords>();
    for (const std::string& w : list.words()) words->Add(w);
    stop_lists[list.name()] = std::move(words);
  }
  std::vector<CompiledPattern> out;
  out.reserve(set.patterns.patterns_size());
  for (int i = 0; i < set.patterns.patterns_size(); ++i) {
    const PatternOrigin origin =
        i < static_cast<int>(set.pattern_origins.size()) ? set.pattern_origins[i] : PatternOrigin{};
    absl::StatusOr<CompiledPattern> compiled =
        CompileOne(set.patterns.patterns(i), origin, expander, stop_lists);
    if (!compiled.ok()) return compiled.status();
    out.push_back(*std::move(compiled));
  }
  if (out.empty()) {
    return absl::InvalidArgumentError(
        "the screening pattern files define no patterns; the node would screen nothing");
  }
  return out;
}

}  // namespace rilon::validation::screening
