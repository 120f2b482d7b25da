// Conversions between std::string_view and absl::string_view.
//
// Why: Debian 12 builds Abseil with ABSL_OPTION_USE_STD_STRING_VIEW=0, so absl::string_view is a
// distinct type with no implicit conversion from std::string_view. Our APIs take std::string_view;
// Abseil's (StrCat, SimpleAtoi, ...) take absl::string_view. These are the one bridge; modules
// import them with using-declarations. Both directions are free (pointer + size).
#pragma once

#include <string_view>

#include "absl/strings/string_view.h"

namespace rilon::util {

inline absl::string_view ToAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}
inline std::string_view ToStd(absl::string_view s) { return std::string_view(s.data(), s.size()); }

}  // namespace rilon::util
