// Flags shared by `report list` and `feed follow`: --kind and --origin, checked before any
// network call so that a typo is a usage error (exit 2) with a hint, not a server refusal.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "client/cli_args.h"
#include "rilon/v1/record.pb.h"

namespace rilon::client {

struct RecordFilters {
  rilon::v1::RecordKind kind = rilon::v1::RECORD_KIND_UNSPECIFIED;
  std::string origin_agency;  // empty: all
};

absl::StatusOr<RecordFilters> RecordFiltersFrom(const ParsedArgs& args);

}  // namespace rilon::client
