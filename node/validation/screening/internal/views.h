// Conversions between std::string_view (our APIs) and absl::string_view (Abseil's), which are
// distinct types in Debian's Abseil build (ABSL_OPTION_USE_STD_STRING_VIEW 0).
//
// Contract: both directions are zero-copy views of the same bytes.
#pragma once

#include <string_view>

#include "absl/strings/string_view.h"

namespace rilon::validation::screening {

inline absl::string_view ToAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

inline std::string_view ToStd(absl::string_view s) { return std::string_view(s.data(), s.size()); }

}  // namespace rilon::validation::screening
