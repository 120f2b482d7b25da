// "Did you mean ...?" for codes: the closest code by edit distance, so that an officer who typed
// "vessel_intercepted" is told "vessels_intercepted" rather than only "unknown indicator".
//
// Contract: pure. Distances count single-byte insertions, deletions and substitutions (codes
// are ASCII), comparing ASCII letters case-insensitively.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace rilon::validation {

size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `input`, the first one on ties; "" when even the closest is too far
// to be a plausible slip: more than max(2, size/2) edits, size being the longer of the two.
std::string ClosestMatch(std::string_view input, std::span<const std::string> candidates);

}  // namespace rilon::validation
