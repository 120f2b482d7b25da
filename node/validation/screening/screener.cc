#include "node/validation/screening/screener.h"

#include <algorithm>
#include <numeric>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
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

// "a (12345 instructions), b (...)": the patterns an operator should look at first when the
// Set does not fit in memory.
std::string LargestPatterns(const std::vector<CompiledPattern>& patterns) {
  std::vector<std::pair<int, std::string>> sizes;
  for (const CompiledPattern& p : patterns) sizes.emplace_back(p.re->ProgramSize(), p.id);
  std::sort(sizes.rbegin(), sizes.rend());
  std::vector<std::string> named;
  for (size_t i = 0; i < sizes.size() && i < 3; ++i) {
    named.push_back(absl::StrFormat("%s (%d instructions)", sizes[i].second, sizes[i].first));
  }
  return absl::StrJoin(named, ", ");
}

}  // namespace

Screener::Screener(std::vector<CompiledPattern> patterns, std::vector<int> context_entry,
                   std::unique_ptr<RE2::Set> set)
    : patterns_(std::move(patterns)),
      context_entry_(std::move(context_entry)),
      set_(std::move(set)) {}

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
  // Context-word expressions after the patterns, one entry per distinct expression (many
  // patterns share a word list).
  std::vector<int> context_entry(compiled->size(), -1);
  absl::flat_hash_map<std::string, int> entry_of_context;
  for (size_t i = 0; i < compiled->size(); ++i) {
    const std::string& context = (*compiled)[i].context_regex;
    if (context.empty()) continue;
    auto [it, inserted] = entry_of_context.emplace(context, 0);
    if (inserted) {
      std::string error;
      it->second = set->Add(context, &error);
      if (it->second < 0) {
        return absl::InternalError(absl::StrFormat(
            "the context words of screening pattern %s compiled alone but not in the set: %s",
            (*compiled)[i].id, error));
      }
    }
    context_entry[i] = it->second;
  }
  if (!set->Compile()) {
    return absl::ResourceExhaustedError(absl::StrFormat(
        "the screening patterns are too large to compile together; the largest are %s. Simplify "
        "them (counted repetitions such as {1,15} of long sub-patterns multiply their size; use "
        "+ or *) or remove patterns added last",
        LargestPatterns(*compiled)));
  }
  return std::unique_ptr<Screener>(
      new Screener(*std::move(compiled), std::move(context_entry), std::move(set)));
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
    std::vector<int> all(patterns_.size());
    std::iota(all.begin(), all.end(), 0);
    return all;
  }
  std::sort(hits.begin(), hits.end());
  // A pattern that needs context words can only be confirmed when they occur somewhere.
  std::vector<int> runnable;
  for (int hit : hits) {
    if (hit >= static_cast<int>(patterns_.size())) break;  // context entries come last
    const int context = context_entry_[static_cast<size_t>(hit)];
    if (context < 0 || std::binary_search(hits.begin(), hits.end(), context)) {
      runnable.push_back(hit);
    }
  }
  return runnable;
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
    // Go on from the end of the span, not of the match: a pattern may consume the separator
    // after its span ("Nur Alam/"), which the next match needs before it ("/Abdul Karim").
    if (match_begin >= text.size()) break;
    pos = std::max(end, AlignForward(text, match_begin + 1));
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
