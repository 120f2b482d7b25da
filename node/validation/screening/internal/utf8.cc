#include "node/validation/screening/internal/utf8.h"

namespace rilon::validation::screening {
namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

size_t CodePointCount(std::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if (!IsContinuation(c)) ++count;
  }
  return count;
}

size_t AlignBack(std::string_view text, size_t pos) {
  if (pos >= text.size()) return text.size();
  // At most three continuation bytes follow a lead byte; more means invalid UTF-8, and any
  // position is then as good as another.
  for (int steps = 0; pos > 0 && steps < 3 && IsContinuation(text[pos]); ++steps) --pos;
  return pos;
}

size_t AlignForward(std::string_view text, size_t pos) {
  for (int steps = 0; pos < text.size() && steps < 3 && IsContinuation(text[pos]); ++steps) ++pos;
  return pos < text.size() ? pos : text.size();
}

}  // namespace rilon::validation::screening
