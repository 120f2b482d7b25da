// Masking of matched personal data for messages and logs: a finding never carries the value it
// found, only this masked form, so that a refusal message is not itself a leak.
//
// Contract: letters and digits become '*', except the first one and, when the value has at least
// eight of them, the last one; values with fewer than four letters and digits are masked
// completely. Spaces and punctuation stay, so the officer can recognise the spot. The result is
// at most kMaxMaskedCodePoints code points (then ends in "...").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace rilon::validation::screening {

inline constexpr size_t kMaxMaskedCodePoints = 40;

std::string MaskValue(std::string_view value);

}  // namespace rilon::validation::screening
