// Nominal-data screening of free text: finds names, ID and passport numbers, MRZ lines, phone
// numbers, e-mail addresses, dates of birth, ages of a person, street addresses, social-media
// handles and crew lists in what officers type, so that a report that could identify a person is
// refused before it is stored (issue 3, point 4; docs/screening.md).
//
// How: every pattern of the pattern files goes into one RE2::Set, together with the context-word
// expression of each pattern that requires context words. One scan of a text says which
// patterns match anywhere and which context words occur; only the patterns that match (and
// whose context words occur, when they need them) are run on their own for the match positions,
// and each match is confirmed by the pattern's filters (context words nearby, digit counts,
// check digits, stop lists, exclusions; see proto/rilon/config/v1/screening.proto). Clean text
// thus costs one Set scan plus the few patterns that nearly match.
//
// Usage:
//   absl::StatusOr<std::unique_ptr<Screener>> screener = Screener::FromFiles(
//       {"/etc/rilon/screening/nominal_patterns.textproto",
//       "/etc/rilon/screening/site.textproto"});
//   if (!screener.ok()) return screener.status();  // names file, line and pattern id
//   std::vector<Finding> findings;
//   (*screener)->ScreenInto("report.narrative", report.narrative(), findings);
//   (*screener)->ScreenInto("report.route", report.route(), findings);
//   if (absl::Status s = FindingsToStatus(findings); !s.ok()) return s;  // refuse the report
//
// Contract:
//   - Create / FromFiles: INVALID_ARGUMENT or NOT_FOUND naming file, line and pattern id
//     (pattern_file.h); RESOURCE_EXHAUSTED when the patterns are too large to run together. A
//     Screener that was created screens with every pattern of the files.
//   - Screen and ScreenInto are const and thread-safe; one Screener serves the whole node.
//   - Findings of one call are sorted by offset; a finding that lies inside another finding of
//     the same kind (two readings of one phone number) is not repeated; at most
//     kMaxFindingsPerField per call (the text is refused either way).
//   - Findings never carry the matched value, only a masked form (finding.h).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "node/validation/screening/finding.h"
#include "node/validation/screening/pattern_file.h"
#include "re2/set.h"

namespace rilon::validation::screening {

struct CompiledPattern;  // internal/compiled_pattern.h

inline constexpr size_t kMaxFindingsPerField = 50;

class Screener {
 public:
  static absl::StatusOr<std::unique_ptr<Screener>> Create(const PatternSet& patterns);
  // LoadPatternFiles(paths) then Create.
  static absl::StatusOr<std::unique_ptr<Screener>> FromFiles(const std::vector<std::string>& paths);

  Screener(const Screener&) = delete;
  Screener& operator=(const Screener&) = delete;
  ~Screener();

  // Findings in `text`, each tagged with `field_path` (e.g. "report.narrative"). `text` is
  // UTF-8; invalid bytes are screened as they are and never crash the screener.
  std::vector<Finding> Screen(std::string_view field_path, std::string_view text) const;

  // The same, appending to `out`, for callers screening every field of a report in turn.
  void ScreenInto(std::string_view field_path, std::string_view text,
                  std::vector<Finding>& out) const;

  size_t pattern_count() const;

 private:
  struct Candidate {
    size_t begin;
    size_t end;
    size_t pattern;
  };

  Screener(std::vector<CompiledPattern> patterns, std::vector<int> context_entry,
           std::unique_ptr<RE2::Set> set);

  // Indices of the patterns that match somewhere in `text`, from one pass of the Set.
  std::vector<int> MatchingPatterns(std::string_view text) const;
  void CollectCandidates(size_t index, std::string_view text, std::vector<Candidate>& out) const;

  std::vector<CompiledPattern> patterns_;
  // For pattern i, the Set entry of its context-word expression, or -1 when it needs none. Set
  // entries 0 .. patterns_.size()-1 are the patterns themselves.
  std::vector<int> context_entry_;
  std::unique_ptr<RE2::Set> set_;
};

}  // namespace rilon::validation::screening
