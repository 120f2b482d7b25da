#include "node/store/accept_entry.h"

namespace rilon::store {

rilon::v1::AuditEntry AcceptEntry(const NewRecord& record, uint64_t local_seq) {
  rilon::v1::AuditEntry entry;
  entry.set_action(rilon::v1::AUDIT_ACTION_ACCEPT);
  entry.set_time_unix_micros(record.stored_unix_micros);
  entry.add_record_ids(record.id);
  entry.set_origin_agency(record.origin_agency);
  entry.set_origin_seq(record.origin_seq);
  entry.set_first_position(local_seq);
  entry.set_last_position(local_seq);
  entry.set_record_count(1);
  if (!record.received_from.empty()) {
    entry.set_party(record.received_from);
    entry.set_party_role("node");
    entry.set_channel("Federation.Replicate");
  } else {
    entry.set_party(record.submitted_by);
    if (!record.submitted_by.empty()) entry.set_party_role("officer");
    entry.set_channel("NodeApi");
  }
  return entry;
}

}  // namespace rilon::store
