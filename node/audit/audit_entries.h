// The audit entries of each action (docs/audit.md lists what each records), built in one place
// so that the hooks in the API handlers, the federation's receiver and sender stay one-line calls
// and every entry of a kind has the same shape. Pure functions; seq, prev_hash and (unless the
// caller knows better) time are left to the store.
//
// Example:
//   store->audit().Record(audit::RecordsRead(caller, "NodeApi.GetRecord", {id}));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "policy/decision.h"
#include "rilon/v1/audit.pb.h"
#include "rilon/v1/record.pb.h"

namespace rilon::audit {

// Who acted: a SPIFFE id and its role ("officer", "analyst", "admin"), or a peer agency id and
// "node".
struct Party {
  std::string id;
  std::string role;
};

// A local submission (SubmitReport, CorrectReport, RetractReport) refused. `reason_code` is the
// canonical status code name; the refusal message is NOT recorded, because it may echo submitted
// values, and the audit log can never be purged of personal data.
rilon::v1::AuditEntry SubmissionRefused(const Party& submitter, std::string_view channel,
                                        std::string_view reason_code);

// A record delivered by a peer refused by the receiver (`reason_code`: the refusal's name,
// `reason`: the verifier's explanation, which names no content). The entry names the record's id
// (the hash of the bytes received, even when they do not decode) and, when its body decodes, its
// origin and origin sequence number.
rilon::v1::AuditEntry PeerRecordRefused(std::string_view peer, std::string_view reason_code,
                                        std::string_view reason,
                                        const rilon::v1::SignedRecord& record);

// Records returned to a reader by id (GetRecord, ListRecords).
rilon::v1::AuditEntry RecordsRead(const Party& reader, std::string_view channel,
                                  std::vector<std::string> record_ids);

// One Subscribe message: the `count` records of local-log positions first..last that match
// `filter` ("kind=..., origin=..." or "" for all).
rilon::v1::AuditEntry RangeRead(const Party& reader, std::string_view channel, uint64_t first,
                                uint64_t last, uint32_t count, std::string_view filter);

// The sharing decisions behind one SEND or WITHHOLD entry: the version of the policy that made
// them and the ids of the rules that decided, each once, in the order first met. A decision of
// the originator's ceiling alone, or of a node without a policy file, adds no rule and no
// version. Should a reload fall inside one message, the later version is kept.
class DecidedBy {
 public:
  void Add(const policy::Decision& decision);

  const std::string& policy_version() const { return policy_version_; }
  const std::vector<std::string>& rule_ids() const { return rule_ids_; }

 private:
  std::string policy_version_;
  std::vector<std::string> rule_ids_;
};

// Records of positions first..last handed to `peer` on its Replicate stream (one message).
rilon::v1::AuditEntry RecordsSent(std::string_view peer, uint64_t first, uint64_t last,
                                  std::vector<std::string> record_ids, const DecidedBy& decided);

// Records of positions first..last the sharing policy held back from `peer` (one message).
rilon::v1::AuditEntry RecordsWithheld(std::string_view peer, uint64_t first, uint64_t last,
                                      std::vector<std::string> record_ids,
                                      const DecidedBy& decided);

}  // namespace rilon::audit
