// Debian's Abseil is built with ABSL_OPTION_USE_STD_STRING_VIEW 0: absl::string_view and
// std::string_view do not convert into each other, and absl::StrCat takes only the former.
// Policy APIs use std::string_view; Sv() is the one explicit bridge inside policy/.
#pragma once

#include <string_view>

#include "absl/strings/string_view.h"

namespace rilon::policy::internal {

inline absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace rilon::policy::internal
