#include "node/validation/screening/screener.h"

#include <algorithm>
#include <numeric>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "node/validation/screening/internal/candidate_filter.h"
#include "node/validation/screening/internal/compiled_pattern.h"
#include "node/validation/screening/internal/mask.h"
#include "node/validation/screening/internal/utf8.h"

namespace rilon::validation::screening {
namespace {

// Enough for the Set's DFA over the shipped patterns with room for operators' additions; when a
// text still exhausts it, Screen falls back to running every pattern (slower, never weaker).
constexpr int64_t kSetMaxMem = 64 << 20;

// A pattern matching far more often than any real text needs is cut short: the text is refused
// on its first findings anyway.
constexpr size_t kMaxCandidatesPerPattern = 4 * kMaxFindingsPerField;

}  // namespace

Screener::Screener(std::vector<CompiledPattern> patterns, std::unique_ptr<RE2::Set> set)
    : patterns_(std::move(patterns)), set_(std::move(set)) {}

Screener::~Screener() = default;

size_t Screener::pattern_count() const { return patterns_.size(); }

absl::StatusOr<std::unique_ptr<Screener>> Screener::Create(const PatternSet& patterns) {
  absl::StatusOr<std::vector<CompiledPattern>> compiled = CompilePatterns(patterns);
  if (!compiled.ok()) return compiled.status();
  RE2::Options options = PatternOptions();
  options.set_max_mem(kSetMaxMem);
  auto set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  for (size_t i = 0; i < compiled->size(); ++i) {
    std::string error;
    const int index = set->Add((*compiled)[i].regex, &error);
    if (index != static_cast<int>(i)) {
      // Cannot happen after the pattern compiled on its own; say which one if it does.
      return absl::InternalError(absl::StrFormat(
          "screening pattern %s compiled alone but not in the set: %s", (*compiled)[i].id, error));
    }
  }
  if (!set->Compile()) {
    return absl::ResourceExhaustedError(
        "the screening patterns are too large to compile together; remove or simplify the "
        "patterns added last");
  }
  return std::unique_ptr<Screener>(new Screener(*std::move(compiled), std::move(set)));
}

absl::StatusOr<std::unique_ptr<Screener>> Screener::FromFiles(
    const std::vector<std::string>& paths) {
  absl::StatusOr<PatternSet> set = LoadPatternFiles(paths);
  if (!set.ok()) return set.status();
  return Create(*set);
}

std::vector<int> Screener::MatchingPatterns(std::string_view text) const {
  std::vector<int> hits;
  RE2::Set::ErrorInfo info{RE2::Set::kNoError};
  if (!set_->Match(text, &hits, &info) && info.kind != RE2::Set::kNoError) {
    // The DFA ran out of memory on this text: check every pattern rather than miss one.
    hits.resize(patterns_.size());
    std::iota(hits.begin(), hits.end(), 0);
  }
  std::sort(hits.begin(), hits.end());
  return hits;
}

void Screener::CollectCandidates(size_t index, std::string_view text,
                                 std::vector<Candidate>& out) const {
  const CompiledPattern& p = patterns_[index];
  re2::StringPiece groups[kMaxSpanGroups + 1];
  const int ngroups = p.span_groups + 1;
  size_t pos = 0;
  size_t accepted = 0;
  while (pos <= text.size() && accepted < kMaxCandidatesPerPattern &&
         p.re->Match(text, pos, text.size(), RE2::UNANCHORED, groups, ngroups)) {
    const size_t match_begin = static_cast<size_t>(groups[0].data() - text.data());
    const size_t match_end = match_begin + groups[0].size();
    size_t begin = match_begin;
    size_t end = match_end;
    for (int g = 1; g < ngroups; ++g) {
      if (groups[g].data() == nullptr) continue;
      begin = static_cast<size_t>(groups[g].data() - text.data());
      end = begin + groups[g].size();
      break;
    }
    if (end > begin && AcceptCandidate(p, text, begin, end)) {
      out.push_back(Candidate{begin, end, index});
      ++accepted;
    }
    pos = match_end > match_begin ? match_end : AlignForward(text, match_begin + 1);
    if (match_end == match_begin && match_begin >= text.size()) break;
  }
}

void Screener::ScreenInto(std::string_view field_path, std::string_view text,
                          std::vector<Finding>& out) const {
  if (text.empty()) return;
  std::vector<Candidate> candidates;
  for (int index : MatchingPatterns(text)) {
    CollectCandidates(static_cast<size_t>(index), text, candidates);
  }
  if (candidates.empty()) return;
  // Longest first at each offset, then file order: the most complete reading of a span wins.
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end > b.end;
    return a.pattern < b.pattern;
  });
  // A span inside a kept span of the same kind is a second reading of the same identifier. One
  // of another kind is kept: "Rahim (34)" is both an age and a name, and the officer must see
  // both to rephrase.
  std::vector<Candidate> kept;
  for (const Candidate& c : candidates) {
    const bool inside = std::any_of(kept.begin(), kept.end(), [&](const Candidate& k) {
      return k.begin <= c.begin && c.end <= k.end &&
             patterns_[k.pattern].kind == patterns_[c.pattern].kind;
    });
    if (!inside) kept.push_back(c);
    if (kept.size() == kMaxFindingsPerField) break;
  }
  size_t counted_bytes = 0;
  size_t counted_chars = 0;
  for (const Candidate& c : kept) {
    counted_chars += CodePointCount(text.substr(counted_bytes, c.begin - counted_bytes));
    counted_bytes = c.begin;
    const CompiledPattern& p = patterns_[c.pattern];
    const std::string_view span = text.substr(c.begin, c.end - c.begin);
    Finding f;
    f.field_path = std::string(field_path);
    f.char_offset = counted_chars;
    f.char_length = CodePointCount(span);
    f.byte_offset = c.begin;
    f.byte_length = span.size();
    f.kind = p.kind;
    f.pattern_id = p.id;
    f.description = p.description;
    f.suggestion = p.suggestion;
    f.masked = MaskValue(span);
    out.push_back(std::move(f));
  }
}

std::vector<Finding> Screener::Screen(std::string_view field_path, std::string_view text) const {
  std::vector<Finding> out;
  ScreenInto(field_path, text, out);
  return out;
}

}  // namespace rilon::validation::screening
