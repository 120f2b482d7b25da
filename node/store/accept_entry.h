// The ACCEPT audit entry of a stored record (docs/audit.md): what the store seals into the chain,
// in the record's own write batch, for every record it appends.
//
// Contract: pure; the entry names the record id, its origin and origin sequence number, its
// position in the local log, the time it was stored and who it came from (the peer agency for a
// received record, else the submitting officer when known). seq and prev_hash are left to the
// chain (audit/audit_chain.h).
//
// Example:
//   rilon::v1::AuditEntry entry = AcceptEntry(record, /*local_seq=*/42);
#pragma once

#include <cstdint>

#include "node/store/record_store.h"
#include "rilon/v1/audit.pb.h"

namespace rilon::store {

rilon::v1::AuditEntry AcceptEntry(const NewRecord& record, uint64_t local_seq);

}  // namespace rilon::store
