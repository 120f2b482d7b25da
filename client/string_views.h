// Conversions between std::string_view and absl::string_view, which are distinct types in
// Debian's Abseil (ABSL_OPTION_USE_STD_STRING_VIEW 0): our APIs take std::string_view, while
// absl::StrCat and absl::Status speak absl::string_view.
#pragma once

#include <string_view>

#include "absl/strings/string_view.h"

namespace rilon::client {

inline absl::string_view ToAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}
inline std::string_view ToStd(absl::string_view s) { return std::string_view(s.data(), s.size()); }

}  // namespace rilon::client
