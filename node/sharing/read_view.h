// What an officer, analyst or admin of this agency may see of one stored record: the READ
// decision for the reader's role and, when the decision shapes the record, the stored record
// with its parts withheld. GetRecord, ListRecords and Subscribe all read through it, so a reader
// never sees, on any path, what the role may not.
//
// Contract:
//   - Hidden (visible == false) when the decision denies, or when it asks for a shape the record
//     cannot take (shaped_record.h): a record that must be shaped is never shown in full.
//   - Visible and not shaped: show the stored record as it is.
//   - Visible and shaped: `shaped` holds the stored record with its signed record replaced by the
//     shaped one (same local position, same time stored).
//   - INTERNAL when the stored record does not decode (a corrupt store). Thread-safe; no I/O.
#pragma once

#include "absl/status/statusor.h"
#include "node/sharing/requests.h"
#include "policy/compiled_policy.h"
#include "policy/decision.h"
#include "rilon/storage/v1/stored_record.pb.h"

namespace rilon::sharing {

struct ReaderView {
  bool visible = false;
  bool shaped = false;
  rilon::storage::v1::StoredRecord shaped_record;  // when shaped
  policy::Decision decision;
};

// `policy` may be nullptr (no policy file: the ceiling alone decides).
absl::StatusOr<ReaderView> ViewForReader(const rilon::storage::v1::StoredRecord& stored,
                                         const policy::CompiledPolicy* policy,
                                         const Requests& requests, policy::Role role);

}  // namespace rilon::sharing
