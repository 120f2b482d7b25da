#include "node/audit/audit_entries.h"

#include <algorithm>
#include <utility>

#include "node/records/envelope.h"

namespace rilon::audit {
namespace {

rilon::v1::AuditEntry Entry(rilon::v1::AuditAction action, std::string_view party,
                            std::string_view role, std::string_view channel) {
  rilon::v1::AuditEntry entry;
  entry.set_action(action);
  entry.set_party(std::string(party));
  entry.set_party_role(std::string(role));
  entry.set_channel(std::string(channel));
  return entry;
}

void SetRecords(std::vector<std::string> ids, rilon::v1::AuditEntry* entry) {
  entry->set_record_count(static_cast<uint32_t>(ids.size()));
  for (std::string& id : ids) entry->add_record_ids(std::move(id));
}

constexpr std::string_view kReplicate = "Federation.Replicate";

// SEND and WITHHOLD: the records of one Replicate message, with the decisions behind them.
rilon::v1::AuditEntry StreamRange(rilon::v1::AuditAction action, std::string_view peer,
                                  uint64_t first, uint64_t last, std::vector<std::string> ids,
                                  const DecidedBy& decided) {
  rilon::v1::AuditEntry entry = Entry(action, peer, "node", kReplicate);
  entry.set_first_position(first);
  entry.set_last_position(last);
  SetRecords(std::move(ids), &entry);
  entry.set_policy_version(decided.policy_version());
  for (const std::string& rule : decided.rule_ids()) entry.add_rule_ids(rule);
  return entry;
}

}  // namespace

rilon::v1::AuditEntry SubmissionRefused(const Party& submitter, std::string_view channel,
                                        std::string_view reason_code) {
  rilon::v1::AuditEntry entry =
      Entry(rilon::v1::AUDIT_ACTION_REFUSE, submitter.id, submitter.role, channel);
  entry.set_reason_code(std::string(reason_code));
  return entry;
}

rilon::v1::AuditEntry PeerRecordRefused(std::string_view peer, std::string_view reason_code,
                                        std::string_view reason,
                                        const rilon::v1::SignedRecord& record) {
  rilon::v1::AuditEntry entry = Entry(rilon::v1::AUDIT_ACTION_REFUSE, peer, "node", kReplicate);
  entry.set_reason_code(std::string(reason_code));
  entry.set_reason(std::string(reason));
  entry.add_record_ids(records::RecordIdBytes(record.body()));
  entry.set_record_count(1);
  if (absl::StatusOr<rilon::v1::RecordBody> body = records::DecodeBody(record); body.ok()) {
    entry.set_origin_agency(body->origin_agency());
    entry.set_origin_seq(body->origin_seq());
  }
  return entry;
}

rilon::v1::AuditEntry RecordsRead(const Party& reader, std::string_view channel,
                                  std::vector<std::string> record_ids) {
  rilon::v1::AuditEntry entry =
      Entry(rilon::v1::AUDIT_ACTION_READ, reader.id, reader.role, channel);
  SetRecords(std::move(record_ids), &entry);
  return entry;
}

rilon::v1::AuditEntry RangeRead(const Party& reader, std::string_view channel, uint64_t first,
                                uint64_t last, uint32_t count, std::string_view filter) {
  rilon::v1::AuditEntry entry =
      Entry(rilon::v1::AUDIT_ACTION_READ, reader.id, reader.role, channel);
  entry.set_first_position(first);
  entry.set_last_position(last);
  entry.set_record_count(count);
  entry.set_filter(std::string(filter));
  return entry;
}

void DecidedBy::Add(const policy::Decision& decision) {
  if (!decision.policy_version.empty()) policy_version_ = decision.policy_version;
  for (const policy::RuleHit& hit : decision.rules) {
    if (hit.disposition != policy::Disposition::kDecided) continue;
    if (std::find(rule_ids_.begin(), rule_ids_.end(), hit.id) == rule_ids_.end()) {
      rule_ids_.push_back(hit.id);
    }
  }
}

rilon::v1::AuditEntry RecordsSent(std::string_view peer, uint64_t first, uint64_t last,
                                  std::vector<std::string> record_ids, const DecidedBy& decided) {
  return StreamRange(rilon::v1::AUDIT_ACTION_SEND, peer, first, last, std::move(record_ids),
                     decided);
}

rilon::v1::AuditEntry RecordsWithheld(std::string_view peer, uint64_t first, uint64_t last,
                                      std::vector<std::string> record_ids,
                                      const DecidedBy& decided) {
  return StreamRange(rilon::v1::AUDIT_ACTION_WITHHOLD, peer, first, last, std::move(record_ids),
                     decided);
}

}  // namespace rilon::audit
