// Reads small local files (settings, report input) whole, with a size cap, so that a wrong path
// (a device, a huge log) fails quickly with a message instead of exhausting memory.
//
// Contract: the returned status names the file and the reason in plain words, with codes
// NOT_FOUND (no such file), PERMISSION_DENIED (not readable), FAILED_PRECONDITION (a directory
// or other non-regular file), RESOURCE_EXHAUSTED (over `max_bytes`), UNKNOWN (other I/O errors).
// Callers re-code the status for their own exit category and append what to do.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace rilon::client {

absl::StatusOr<std::string> ReadFileCapped(const std::string& path, size_t max_bytes);

// Reads `fd` to its end (e.g. standard input). `name` is used in messages.
absl::StatusOr<std::string> ReadDescriptorCapped(int fd, std::string_view name, size_t max_bytes);

}  // namespace rilon::client
