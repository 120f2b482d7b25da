// Conversions between std::string_view (our APIs) and absl::string_view (Abseil's), which are
// distinct types in Debian's Abseil build (ABSL_OPTION_USE_STD_STRING_VIEW 0).
//
// Contract: both directions are zero-copy views of the same bytes.
#pragma once

#include "node/util/string_views.h"

namespace rilon::validation::screening {

using ::rilon::util::ToAbsl;
using ::rilon::util::ToStd;

}  // namespace rilon::validation::screening
