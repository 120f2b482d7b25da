#include "node/validation/screening/internal/candidate_filter.h"

#include <algorithm>
#include <vector>

#include "node/validation/screening/internal/checks.h"
#include "node/validation/screening/internal/utf8.h"

namespace rilon::validation::screening {
namespace {

struct Window {
  size_t begin;
  size_t end;
};

Window Around(std::string_view text, size_t begin, size_t end, size_t before, size_t after) {
  return Window{AlignBack(text, begin > before ? begin - before : 0),
                AlignForward(text, std::min(text.size(), end + after))};
}

bool HasContext(const CompiledPattern& p, std::string_view text, size_t begin, size_t end) {
  // One extra byte each side: the context expression consumes the character before and after
  // the word to test that it is a whole word.
  const Window w = Around(text, begin, end, p.context_before + 1, p.context_after + 1);
  return p.context->Match(text, w.begin, w.end, RE2::UNANCHORED, nullptr, 0);
}

bool DigitsWithinBounds(const CompiledPattern& p, std::string_view span) {
  if (p.min_digits == 0 && p.max_digits == 0) return true;
  const size_t digits = static_cast<size_t>(
      std::count_if(span.begin(), span.end(), [](char c) { return c >= '0' && c <= '9'; }));
  return digits >= p.min_digits && (p.max_digits == 0 || digits <= p.max_digits);
}

bool EnoughNameWords(const CompiledPattern& p, std::string_view span) {
  if (p.min_name_words == 0) return true;
  std::vector<const StopWords*> lists;
  lists.reserve(p.stop_lists.size());
  for (const auto& list : p.stop_lists) lists.push_back(list.get());
  return CountNameWords(span, lists) >= p.min_name_words;
}

bool Excluded(const CompiledPattern& p, std::string_view text, size_t begin, size_t end) {
  if (p.excludes.empty()) return false;
  const Window w = Around(text, begin, end, p.exclude_window, p.exclude_window);
  for (const auto& exclusion : p.excludes) {
    size_t pos = w.begin;
    re2::StringPiece match;
    while (pos <= w.end && exclusion->Match(text, pos, w.end, RE2::UNANCHORED, &match, 1)) {
      const size_t ms = static_cast<size_t>(match.data() - text.data());
      const size_t me = ms + match.size();
      if (me > ms && ms < end && me > begin) return true;
      if (ms >= end) break;  // later matches start later still: none can overlap
      // Search again from the next character, not from the end of this match: a match that
      // overlaps the span can start inside this one ("between 14" hides "14-17 years old").
      pos = AlignForward(text, ms + 1);
    }
  }
  return false;
}

}  // namespace

bool AcceptCandidate(const CompiledPattern& pattern, std::string_view text, size_t begin,
                     size_t end) {
  const std::string_view span = text.substr(begin, end - begin);
  if (pattern.context != nullptr && !HasContext(pattern, text, begin, end)) return false;
  if (!DigitsWithinBounds(pattern, span)) return false;
  if (!PassesCheck(pattern.check, span)) return false;
  if (!EnoughNameWords(pattern, span)) return false;
  return !Excluded(pattern, text, begin, end);
}

}  // namespace rilon::validation::screening
