// Byte and code-point positions in UTF-8 text. Findings carry both: bytes for programs slicing
// the text, code points ("characters") for officers and clients that count characters.
//
// Contract: invalid UTF-8 never crashes or reads out of range; a stray byte counts as one
// code point.
#pragma once

#include <cstddef>
#include <string_view>

namespace rilon::validation::screening {

// Number of code points in `text`.
size_t CodePointCount(std::string_view text);

// The largest position <= pos (and <= text.size()) that does not fall inside a code point.
size_t AlignBack(std::string_view text, size_t pos);

// The smallest position >= pos (capped at text.size()) that does not fall inside a code point.
size_t AlignForward(std::string_view text, size_t pos);

}  // namespace rilon::validation::screening
