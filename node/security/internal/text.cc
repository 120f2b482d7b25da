#include "node/security/internal/text.h"

#include <algorithm>

#include "absl/strings/escaping.h"

namespace rilon::security::internal {

std::string Printable(std::string_view untrusted) {
  constexpr size_t kMax = 200;
  std::string escaped =
      absl::CHexEscape(absl::string_view(untrusted.data(), std::min(untrusted.size(), kMax)));
  if (untrusted.size() > kMax) escaped += "...";
  return escaped;
}

}  // namespace rilon::security::internal
