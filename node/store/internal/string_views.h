// Bridges std::string_view to absl::string_view. Debian's Abseil is built with its own
// string_view type (ABSL_OPTION_USE_STD_STRING_VIEW 0), so absl::StrCat and friends do not
// accept std::string_view; our APIs use std::string_view and convert at the call.
#pragma once

#include "node/util/string_views.h"

namespace rilon::store {

inline absl::string_view AsAbsl(std::string_view s) { return util::ToAbsl(s); }

}  // namespace rilon::store
