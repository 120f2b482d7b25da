// Syntax of the names that appear in the configuration: DNS-like names (trust domain, host
// names) and listen addresses. Pure functions, no resolution and no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace rilon::config::internal {

// Dot-separated labels of [a-z0-9-] (and A-Z when allow_upper), each 1..63 long without a
// leading or trailing '-', 1..253 in total.
bool IsDnsName(std::string_view name, bool allow_upper);

struct ListenAddress {
  std::string host;  // without brackets: "0.0.0.0", "::1", "node.example"
  uint16_t port = 0;
};

// Parses "IPv4:port", "[IPv6]:port" or "hostname:port" with port 0..65535. INVALID_ARGUMENT
// whose message says what is wrong and what a valid value looks like (no key prefix: callers
// add the key they checked).
absl::StatusOr<ListenAddress> ParseListenAddress(std::string_view text);

}  // namespace rilon::config::internal
