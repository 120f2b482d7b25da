#include "policy/diagnostic.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "policy/internal/absl_compat.h"

namespace rilon::policy {

std::string Diagnostic::ToString(std::string_view source) const {
  const absl::string_view where = source.empty() ? "policy" : internal::Sv(source);
  const absl::string_view kind = is_error() ? "error" : "warning";
  if (line > 0) return absl::StrCat(where, ":", line, ": ", kind, ": ", message);
  return absl::StrCat(where, ": ", kind, ": ", message);
}

}  // namespace rilon::policy
