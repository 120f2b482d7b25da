// The second stage of screening: a regex match of one pattern is a candidate; this decides
// whether it is a finding, by the pattern's context words, digit bounds, code check, stop lists
// and exclusions (in that order, cheapest first; see proto/rilon/config/v1/screening.proto).
//
// Contract: pure and thread-safe (RE2 matching is const); [begin, end) is the reported span in
// bytes of `text`; context and exclusion windows are clipped to the text and to code-point
// boundaries, and anchors and \b in context or exclusion patterns see the whole text.
#pragma once

#include <cstddef>
#include <string_view>

#include "node/validation/screening/internal/compiled_pattern.h"

namespace rilon::validation::screening {

bool AcceptCandidate(const CompiledPattern& pattern, std::string_view text, size_t begin,
                     size_t end);

}  // namespace rilon::validation::screening
