// Debian's Abseil is built with ABSL_OPTION_USE_STD_STRING_VIEW 0, so absl::string_view and
// std::string_view do not convert into each other. Our APIs use std::string_view; these two
// functions are the only bridge, so the conversion is explicit and greppable.
#pragma once

#include "node/util/string_views.h"

namespace rilon::config::internal {

using ::rilon::util::ToAbsl;
using ::rilon::util::ToStd;

}  // namespace rilon::config::internal
