// Conversions between std::string_view and absl::string_view, which are distinct types in
// Debian's Abseil (ABSL_OPTION_USE_STD_STRING_VIEW 0): our APIs take std::string_view, while
// absl::StrCat and absl::Status speak absl::string_view.
#pragma once

#include "node/util/string_views.h"

namespace rilon::client {

using ::rilon::util::ToAbsl;
using ::rilon::util::ToStd;

}  // namespace rilon::client
