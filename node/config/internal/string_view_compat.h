// Debian's Abseil is built with ABSL_OPTION_USE_STD_STRING_VIEW 0, so absl::string_view and
// std::string_view do not convert into each other. Our APIs use std::string_view; these two
// functions are the only bridge, so the conversion is explicit and greppable.
#pragma once

#include <string_view>

#include "absl/strings/string_view.h"

namespace rilon::config::internal {

inline absl::string_view ToAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}
inline std::string_view ToStd(absl::string_view s) { return std::string_view(s.data(), s.size()); }

}  // namespace rilon::config::internal
