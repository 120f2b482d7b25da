// The record id argument of `report get`, `report correct` and `report retract`: checked before
// any network call, so that a shortened or mistyped id is a usage error (exit 2) saying where to
// find the full one.
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace rilon::client {

// The id in lower case when it is 64 hex characters; otherwise a UsageError.
absl::StatusOr<std::string> RecordIdArgument(const std::string& argument);

}  // namespace rilon::client
