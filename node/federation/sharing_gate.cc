#include "node/federation/sharing_gate.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "node/sharing/shaped_record.h"
#include "policy/ceiling.h"

namespace rilon::federation {

std::string SharingDecision::Describe() const {
  return sharing::DescribeDecision(decision, attributes, request);
}

policy::CeilingVerdict SharingGate::Egress(const rilon::v1::RecordBody& body,
                                           std::string_view peer) const {
  return policy::CheckCeiling(sharing::AttributesOf(body, nullptr),
                              requests_.Egress(peer, /*relay=*/false));
}

policy::CeilingVerdict SharingGate::Ingress(const rilon::v1::RecordBody& body,
                                            std::string_view sender) const {
  return policy::CheckCeiling(sharing::AttributesOf(body, nullptr), requests_.Ingress(sender));
}

absl::StatusOr<SharingDecision> SharingGate::DecideFor(const rilon::v1::SignedRecord& record,
                                                       const rilon::v1::RecordBody& body,
                                                       policy::Request request) const {
  std::shared_ptr<const policy::CompiledPolicy> policy = policy_ ? policy_() : nullptr;
  SharingDecision out;
  if (policy == nullptr) {
    // The ceiling reads only the envelope: no need to parse the report.
    out.attributes = sharing::AttributesOf(body, nullptr);
  } else {
    absl::StatusOr<policy::RecordAttributes> attributes = sharing::AttributesOf(record, body);
    if (!attributes.ok()) return attributes.status();
    out.attributes = *std::move(attributes);
  }
  out.request = std::move(request);
  out.decision = sharing::Decide(policy.get(), out.attributes, out.request);
  return out;
}

absl::StatusOr<SharingDecision> SharingGate::DecideEgress(const rilon::v1::SignedRecord& record,
                                                          const rilon::v1::RecordBody& body,
                                                          std::string_view peer) const {
  return DecideFor(record, body, requests_.Egress(peer, /*relay=*/false));
}

absl::StatusOr<SharingDecision> SharingGate::DecideIngress(const rilon::v1::SignedRecord& record,
                                                           const rilon::v1::RecordBody& body,
                                                           std::string_view sender) const {
  return DecideFor(record, body, requests_.Ingress(sender));
}

bool SharingGate::Sends(const rilon::v1::SignedRecord& record, const rilon::v1::RecordBody& body,
                        std::string_view peer) const {
  absl::StatusOr<SharingDecision> decided = DecideEgress(record, body, peer);
  if (!decided.ok() || !decided->allowed()) return false;
  return decided->decision.form.IsFull() ||
         sharing::ShapeSignedRecord(record, body, decided->decision, own_agency()).ok();
}

std::string SharingGate::Describe(const rilon::v1::RecordBody& body, std::string_view party,
                                  policy::Direction direction,
                                  policy::CeilingVerdict verdict) const {
  policy::Request request = direction == policy::Direction::kIngress
                                ? requests_.Ingress(party)
                                : requests_.Egress(party, /*relay=*/false);
  return absl::StrCat(
      std::string(policy::CeilingVerdictName(verdict)), ": ",
      policy::DescribeCeiling(sharing::AttributesOf(body, nullptr), request, verdict));
}

}  // namespace rilon::federation
