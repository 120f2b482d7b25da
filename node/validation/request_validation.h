// Validation of client requests at the node's API boundary, before anything is signed or stored.
//
// Contract: returns OK, or INVALID_ARGUMENT whose message starts with the path of the first bad
// field ("report.measures[1].value: ...") and says what is expected. Pure: no I/O, no clock other
// than the `now` passed in. A request that passes is safe to sign: sizes are bounded, ids are
// well formed, the audience is normalized (sorted, unique) by NormalizeAudience.
#pragma once

#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "rilon/v1/node_api.pb.h"

namespace rilon::validation {

// Bounds on what one report may contain; chosen so that a maximal report stays far below the
// gRPC message limit and the store's record size.
struct ReportLimits {
  size_t max_measures = 500;
  size_t max_countries = 60;
  size_t max_narrative_bytes = 16 * 1024;
  size_t max_route_bytes = 200;
  size_t max_audience_agencies = 250;
  size_t max_audience_groups = 50;
};

absl::Status ValidateSubmitReport(const rilon::v1::SubmitReportRequest& request, absl::Time now,
                                  const ReportLimits& limits = {});

// Sorts and de-duplicates agencies and groups in place.
void NormalizeAudience(rilon::v1::Audience& audience);

// Record-id, cursor and page-token checks used by the read RPCs: INVALID_ARGUMENT naming `field`.
absl::Status ValidateRecordIdField(std::string_view field, std::string_view value);

// Parses a cursor or page token (decimal local sequence number; empty means 0).
absl::StatusOr<uint64_t> ParsePosition(std::string_view field, std::string_view value);

}  // namespace rilon::validation
