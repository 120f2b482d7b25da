#include "node/validation/text_checks.h"

#include <algorithm>

namespace rilon::validation {
namespace {

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool IsLowerSnakeCode(std::string_view s) {
  if (s.empty() || s.size() > 64 || !IsLower(s.front())) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return IsLower(c) || IsDigit(c) || c == '_'; });
}

bool IsUpperCode(std::string_view s, size_t length) {
  return s.size() == length && std::all_of(s.begin(), s.end(), IsUpper);
}

bool IsSubdivisionCode(std::string_view s) {
  if (s.size() < 4 || s.size() > 6 || !IsUpperCode(s.substr(0, 2), 2) || s[2] != '-') {
    return false;
  }
  std::string_view rest = s.substr(3);
  return std::all_of(rest.begin(), rest.end(), [](char c) { return IsUpper(c) || IsDigit(c); });
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char lead = static_cast<unsigned char>(s[i]);
    size_t continuation_bytes = 0;
    unsigned char min_second = 0x80, max_second = 0xbf;
    if (lead < 0x80) {
      continuation_bytes = 0;
    } else if (lead >= 0xc2 && lead <= 0xdf) {
      continuation_bytes = 1;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      continuation_bytes = 2;
      if (lead == 0xe0) min_second = 0xa0;  // overlong
      if (lead == 0xed) max_second = 0x9f;  // UTF-16 surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      continuation_bytes = 3;
      if (lead == 0xf0) min_second = 0x90;  // overlong
      if (lead == 0xf4) max_second = 0x8f;  // above U+10FFFF
    } else {
      return false;
    }
    if (continuation_bytes > s.size() - i - 1) return false;
    for (size_t k = 1; k <= continuation_bytes; ++k) {
      const unsigned char c = static_cast<unsigned char>(s[i + k]);
      if (k == 1 ? (c < min_second || c > max_second) : (c & 0xc0) != 0x80) return false;
    }
    i += continuation_bytes + 1;
  }
  return true;
}

bool IsPrintableText(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\n' && c != '\t' && c != '\r') || u == 0x7f;
  });
}

}  // namespace rilon::validation
