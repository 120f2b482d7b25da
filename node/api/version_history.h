// The version view of records for the read RPCs: GetRecord's current version and history, and
// ListRecords' choice of current versions (store/version_chain.h walks the chain).
//
// Contract: reads only (run on the blocking pool). `superseded_by` of every Record produced here
// is set from this node's successor index. NOT_FOUND when the record asked for is not stored;
// INTERNAL when a stored record cannot be decoded (a corrupt store).
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "node/store/record_store.h"
#include "rilon/v1/node_api.pb.h"

namespace rilon::api {

// Fills record, current, history and history_truncated for the record `id` (32 raw bytes).
absl::Status ReadRecordWithHistory(const store::RecordStore& store, const std::string& id,
                                   rilon::v1::GetRecordResponse* response);

// Sets record.superseded_by from the successor index; returns whether ListRecords lists the
// record: always with include_superseded, else only when nothing supersedes it.
absl::StatusOr<bool> ListAsVersion(const store::RecordStore& store, bool include_superseded,
                                   rilon::v1::Record& record);

}  // namespace rilon::api
