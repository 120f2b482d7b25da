// Text helpers for messages built from untrusted input (certificate fields, SPIFFE ids, request
// paths), private to the security module.
#pragma once

#include <string>
#include <string_view>

#include "absl/strings/string_view.h"

namespace rilon::security::internal {

// absl::string_view is not std::string_view in Debian's Abseil; absl::StrCat takes only the
// former.
inline absl::string_view AbslView(std::string_view s) { return {s.data(), s.size()}; }

// Printable form of untrusted text for messages and logs: C escapes, at most 200 bytes.
std::string Printable(std::string_view untrusted);

}  // namespace rilon::security::internal
