#include "node/validation/screening/internal/name_words.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "node/validation/screening/internal/views.h"

namespace rilon::validation::screening {
namespace {

struct CodePoint {
  char32_t value;
  size_t width;
};

// Decodes one code point; invalid bytes decode as themselves with width 1.
CodePoint Decode(std::string_view text, size_t i) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  size_t width = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (i + width > text.size()) width = 1;
  if (width == 1) return {c, 1};
  char32_t value = c & (0xFF >> (width + 1));
  for (size_t k = 1; k < width; ++k) {
    const unsigned char cc = static_cast<unsigned char>(text[i + k]);
    if ((cc & 0xC0) != 0x80) return {c, 1};
    value = (value << 6) | (cc & 0x3F);
  }
  return {value, width};
}

// Letters of the scripts officers write names in (Latin with diacritics, Vietnamese, Thai,
// Burmese, Bengali, Arabic ...). Symbols, punctuation and arrows ("→", "–", "฿", "°") are not.
bool IsLetter(char32_t cp) {
  if (cp < 0x80) return absl::ascii_isalpha(static_cast<unsigned char>(cp));
  if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, symbols, arrows, shapes
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
  if (cp == 0x0E3F) return false;                  // Thai baht sign
  if (cp >= 0xFE00 && cp <= 0xFE6F) return false;  // variation selectors, small forms
  return true;
}

bool IsApostrophe(char32_t cp) { return cp == '\'' || cp == 0x2019; }

bool IsCapitalised(std::string_view word) {
  const unsigned char c = static_cast<unsigned char>(word[0]);
  return c >= 0x80 || absl::ascii_isupper(c);
}

}  // namespace

std::vector<std::string_view> SplitWords(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    const CodePoint first = Decode(text, i);
    if (!IsLetter(first.value)) {
      i += first.width;
      continue;
    }
    size_t j = i + first.width;
    while (j < text.size()) {
      const CodePoint cp = Decode(text, j);
      if (IsLetter(cp.value)) {
        j += cp.width;
        continue;
      }
      // An apostrophe belongs to the word only between letters ("Cox's", "D'Cruz").
      if (IsApostrophe(cp.value) && j + cp.width < text.size() &&
          IsLetter(Decode(text, j + cp.width).value)) {
        j += cp.width;
        continue;
      }
      break;
    }
    std::string_view word = text.substr(i, j - i);
    for (std::string_view suffix : {std::string_view("'s"), std::string_view("\xE2\x80\x99s")}) {
      if (word.size() > suffix.size() && word.substr(word.size() - suffix.size()) == suffix) {
        word.remove_suffix(suffix.size());
        break;
      }
    }
    words.push_back(word);
    i = j;
  }
  return words;
}

void StopWords::Add(std::string_view entry) {
  std::vector<std::string> lowered;
  for (std::string_view word : SplitWords(entry))
    lowered.push_back(absl::AsciiStrToLower(ToAbsl(word)));
  if (lowered.empty()) return;
  max_words_ = std::max(max_words_, lowered.size());
  entries_.insert(absl::StrJoin(lowered, " "));
}

size_t CountNameWords(std::string_view span, const std::vector<const StopWords*>& stop_lists) {
  const std::vector<std::string_view> words = SplitWords(span);
  std::vector<std::string> lowered;
  lowered.reserve(words.size());
  for (std::string_view w : words) lowered.push_back(absl::AsciiStrToLower(ToAbsl(w)));
  size_t longest = 0;
  for (const StopWords* list : stop_lists) longest = std::max(longest, list->max_words());

  size_t count = 0;
  size_t i = 0;
  while (i < words.size()) {
    size_t covered = 0;
    for (size_t n = std::min(longest, words.size() - i); n >= 1 && covered == 0; --n) {
      std::string phrase = lowered[i];
      for (size_t k = 1; k < n; ++k) absl::StrAppend(&phrase, " ", lowered[i + k]);
      for (const StopWords* list : stop_lists) {
        if (list->ContainsPhrase(phrase)) {
          covered = n;
          break;
        }
      }
    }
    if (covered > 0) {
      i += covered;
      continue;
    }
    if (words[i].size() >= 2 && IsCapitalised(words[i])) ++count;
    ++i;
  }
  return count;
}

}  // namespace rilon::validation::screening
