#include "node/validation/screening/internal/mask.h"

#include <vector>

namespace rilon::validation::screening {
namespace {

// Splits UTF-8 into code points (as byte ranges); stray bytes are code points of their own.
std::vector<std::string_view> CodePoints(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i + 1;
    while (j < text.size() && (static_cast<unsigned char>(text[j]) & 0xC0) == 0x80 && j - i < 4) {
      ++j;
    }
    out.push_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

// Letters and digits carry the value; every non-ASCII code point is treated as a letter, which
// over-masks some punctuation but never under-masks a letter.
bool IsSensitive(std::string_view cp) {
  const unsigned char c = static_cast<unsigned char>(cp[0]);
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

std::string MaskValue(std::string_view value) {
  const std::vector<std::string_view> cps = CodePoints(value);
  size_t sensitive = 0;
  for (std::string_view cp : cps) sensitive += IsSensitive(cp) ? 1 : 0;
  const bool keep_first = sensitive >= 4;
  const bool keep_last = sensitive >= 8;
  std::string out;
  size_t seen = 0;
  size_t emitted = 0;
  for (std::string_view cp : cps) {
    if (emitted == kMaxMaskedCodePoints) {
      out += "...";
      break;
    }
    if (!IsSensitive(cp)) {
      // Newlines and tabs would break one-line messages.
      out += (cp == "\n" || cp == "\r" || cp == "\t") ? std::string_view(" ") : cp;
    } else {
      ++seen;
      const bool keep = (seen == 1 && keep_first) || (seen == sensitive && keep_last);
      out += keep ? cp : std::string_view("*");
    }
    ++emitted;
  }
  return out;
}

}  // namespace rilon::validation::screening
