// Reading a report submission: a file (or standard input) holding the proto3 JSON form of
// rilon.v1.SubmitReportRequest, parsed strictly (unknown fields are errors).
//
// Contract: every refusal is INVALID_ARGUMENT (exit 4) and starts with the file name; problems
// inside the JSON name the field path ("report.json: report.measures[0].value: ...") or, for
// JSON syntax errors, the line and column ("report.json:4:19: ..."), and say what is expected.
// Input is capped at kMaxReportBytes. A leading UTF-8 byte-order mark is ignored.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "rilon/v1/node_api.pb.h"

namespace rilon::client {

// Larger submissions would be refused by the node anyway (gRPC's 4 MiB message limit).
inline constexpr size_t kMaxReportBytes = 4 * 1024 * 1024;

// Reads and parses `path`; "-" reads standard input (named "<stdin>" in messages).
absl::StatusOr<rilon::v1::SubmitReportRequest> ReadReportFile(const std::string& path);

// Parses `json`; `name` is the file name used in messages.
absl::StatusOr<rilon::v1::SubmitReportRequest> ParseReportJson(std::string_view json,
                                                               std::string_view name);

// Sets request_id to 32 random lower-case hex characters (128 bits from the OS entropy source)
// when it is empty, so that resubmissions of this request are idempotent. Returns true when it
// generated one.
bool EnsureRequestId(rilon::v1::SubmitReportRequest* request);

}  // namespace rilon::client
