// Turns a merged PatternSet into ready-to-run RE2 objects: expands "{{name}}" placeholders, adds
// the case flag, compiles patterns, context words and exclusions, and builds the stop lists.
//
// Contract: every error is INVALID_ARGUMENT naming the file, line and pattern id (or fragment
// name) and what to fix: "nominal_patterns.textproto:212: pattern phone.local: the pattern is not
// valid RE2: missing ): ...". A pattern that compiles here can be added to an RE2::Set with the
// same options (see PatternOptions).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "node/validation/screening/internal/name_words.h"
#include "node/validation/screening/pattern_file.h"
#include "re2/re2.h"

namespace rilon::validation::screening {

inline constexpr size_t kDefaultContextBefore = 40;
inline constexpr size_t kDefaultExcludeWindow = 60;
// Capturing groups a pattern may have: one per alternative that reports its own span. More
// are refused when patterns are compiled (they would only slow matching down).
inline constexpr int kMaxSpanGroups = 4;

struct CompiledPattern {
  std::string id;
  std::string kind;
  std::string description;
  std::string suggestion;
  std::string regex;  // after expansion, with "(?i)" when case-insensitive; what the Set gets
  std::unique_ptr<RE2> re;
  // Capturing groups to look at for the span (0: the whole match is the span). The first group
  // that took part in the match is the span, so alternatives can each have their own group.
  int span_groups = 0;
  std::unique_ptr<RE2> context;  // null when no context is required
  std::string context_regex;     // what `context` was compiled from; the Set gets it too
  size_t context_before = 0;
  size_t context_after = 0;
  std::vector<std::unique_ptr<RE2>> excludes;
  size_t exclude_window = kDefaultExcludeWindow;
  rilon::config::v1::CodeCheck check = rilon::config::v1::CODE_CHECK_NONE;
  size_t min_digits = 0;
  size_t max_digits = 0;  // 0: no bound
  std::vector<std::shared_ptr<const StopWords>> stop_lists;
  size_t min_name_words = 0;  // 0: no name-word test
};

// RE2 options shared by every pattern and the Set: UTF-8, no logging of bad patterns (errors are
// reported through Status), memory large enough for long name lists.
RE2::Options PatternOptions();

absl::StatusOr<std::vector<CompiledPattern>> CompilePatterns(const PatternSet& set);

}  // namespace rilon::validation::screening
