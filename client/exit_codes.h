// Exit codes of the `rilon` client and the one mapping from a status to an exit code.
//
// Contract: the numbers are part of the client's interface (scripts branch on them; the table in
// docs/client.md is the reference). A number never changes meaning; new ones are only appended.
//   0  success
//   1  internal or unknown error (a bug, or the node failed unexpectedly)
//   2  usage error: unknown subcommand or flag, missing argument, bad flag value
//   3  configuration or certificate problem (settings file, environment, own key/certificate),
//      also a node refusing with FAILED_PRECONDITION
//   4  invalid input: the local report file, or the node said INVALID_ARGUMENT
//   5  permission denied or not authenticated
//   6  not found
//   7  node unavailable (after retries) or connection/TLS failure
//   8  deadline exceeded
//   9  resource exhausted: request too large or node overloaded
// A status maps by its canonical code (absl and gRPC share the numbering), except usage errors,
// which are INVALID_ARGUMENT statuses tagged by UsageError() so that they exit 2, not 4.
#pragma once

#include <string>

#include "absl/status/status.h"

namespace rilon::client {

enum class ExitCode : int {
  kOk = 0,
  kInternal = 1,
  kUsage = 2,
  kConfiguration = 3,
  kInvalidInput = 4,
  kPermissionDenied = 5,
  kNotFound = 6,
  kUnavailable = 7,
  kDeadlineExceeded = 8,
  kResourceExhausted = 9,
};

// The exit code for a canonical status code (gRPC codes convert with a static_cast).
ExitCode ExitCodeForCode(absl::StatusCode code);

// INVALID_ARGUMENT tagged as a usage error (exit 2). `message` should end with what to do,
// typically "see 'rilon <command> --help'".
absl::Status UsageError(std::string message);

bool IsUsageError(const absl::Status& status);

// The exit code the process ends with for `status`.
ExitCode ExitCodeOf(const absl::Status& status);

inline int ToInt(ExitCode code) { return static_cast<int>(code); }

}  // namespace rilon::client
