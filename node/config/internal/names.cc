#include "node/config/internal/names.h"

#include <arpa/inet.h>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "node/config/internal/string_view_compat.h"

namespace rilon::config::internal {
namespace {

constexpr std::string_view kExamples =
    "use host:port, e.g. \"0.0.0.0:7443\", \"[::]:7443\" or \"node.example:7443\"";

absl::Status Bad(std::string_view text, std::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("\"", ToAbsl(text), "\" ", ToAbsl(why), ": ", ToAbsl(kExamples)));
}

bool IsLabelChar(char c, bool allow_upper) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         (allow_upper && c >= 'A' && c <= 'Z');
}

bool LooksNumeric(std::string_view host) {
  return !host.empty() && host.find_first_not_of("0123456789.") == std::string_view::npos;
}

bool IsIp(int family, const std::string& text) {
  unsigned char buffer[sizeof(in6_addr)];
  return inet_pton(family, text.c_str(), buffer) == 1;
}

}  // namespace

bool IsDnsName(std::string_view name, bool allow_upper) {
  if (name.empty() || name.size() > 253) return false;
  size_t label_start = 0;
  while (true) {
    size_t dot = name.find('.', label_start);
    std::string_view label = name.substr(
        label_start, dot == std::string_view::npos ? std::string_view::npos : dot - label_start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!IsLabelChar(c, allow_upper)) return false;
    }
    if (dot == std::string_view::npos) return true;
    label_start = dot + 1;
  }
}

absl::StatusOr<ListenAddress> ParseListenAddress(std::string_view text) {
  ListenAddress result;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return Bad(text, "has no closing ']'");
    result.host = std::string(text.substr(1, close - 1));
    if (!IsIp(AF_INET6, result.host)) return Bad(text, "does not hold an IPv6 address in [...]");
    if (close + 1 >= text.size() || text[close + 1] != ':') {
      return Bad(text, "has no :port after the IPv6 address");
    }
    port = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return Bad(text, "has no :port");
    result.host = std::string(text.substr(0, colon));
    port = text.substr(colon + 1);
    if (result.host.empty()) return Bad(text, "has no host");
    if (result.host.find(':') != std::string::npos) {
      return Bad(text, "has an IPv6 address without brackets");
    }
    if (LooksNumeric(result.host)) {
      if (!IsIp(AF_INET, result.host)) return Bad(text, "does not hold a valid IPv4 address");
    } else if (!IsDnsName(result.host, /*allow_upper=*/true)) {
      return Bad(text, "does not hold a valid host name");
    }
  }
  uint32_t port_number = 0;
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string_view::npos ||
      !absl::SimpleAtoi(ToAbsl(port), &port_number) || port_number > 65535) {
    return Bad(text, "does not end in a port number 0..65535");
  }
  result.port = static_cast<uint16_t>(port_number);
  return result;
}

}  // namespace rilon::config::internal
