#include "node/federation/sharing_gate.h"

#include "absl/strings/str_cat.h"
#include "policy/ceiling.h"

namespace rilon::federation {
namespace {

policy::Marking ToPolicyMarking(rilon::v1::Marking marking) {
  switch (marking) {
    case rilon::v1::TLP_CLEAR:
      return policy::Marking::kClear;
    case rilon::v1::TLP_GREEN:
      return policy::Marking::kGreen;
    case rilon::v1::TLP_AMBER:
      return policy::Marking::kAmber;
    case rilon::v1::TLP_AMBER_STRICT:
      return policy::Marking::kAmberStrict;
    case rilon::v1::TLP_RED:
      return policy::Marking::kRed;
    default:
      return policy::Marking::kUnspecified;
  }
}

policy::RecordKind ToPolicyKind(rilon::v1::RecordKind kind) {
  switch (kind) {
    case rilon::v1::TREND_REPORT:
      return policy::RecordKind::kTrendReport;
    case rilon::v1::GROUP_MESSAGE:
      return policy::RecordKind::kGroupMessage;
    default:
      return policy::RecordKind::kUnspecified;
  }
}

}  // namespace

policy::RecordAttributes ToPolicyAttributes(const rilon::v1::RecordBody& body) {
  policy::RecordAttributes record;
  record.kind = ToPolicyKind(body.kind());
  record.marking = ToPolicyMarking(body.marking());
  record.origin_agency = body.origin_agency();
  record.audience.agencies.assign(body.audience().agencies().begin(),
                                  body.audience().agencies().end());
  record.audience.groups.assign(body.audience().groups().begin(), body.audience().groups().end());
  return record;
}

policy::Request SharingGate::MakeRequest(policy::Direction direction,
                                         std::string_view party) const {
  policy::Request request;
  request.direction = direction;
  request.node.agency = own_agency_;
  request.party.agency = std::string(party);
  request.party.role = policy::Role::kNode;
  request.party.relay = false;
  return request;
}

policy::CeilingVerdict SharingGate::Egress(const rilon::v1::RecordBody& body,
                                           std::string_view peer) const {
  return policy::CheckCeiling(ToPolicyAttributes(body),
                              MakeRequest(policy::Direction::kEgress, peer));
}

policy::CeilingVerdict SharingGate::Ingress(const rilon::v1::RecordBody& body,
                                            std::string_view sender) const {
  return policy::CheckCeiling(ToPolicyAttributes(body),
                              MakeRequest(policy::Direction::kIngress, sender));
}

std::string SharingGate::Describe(const rilon::v1::RecordBody& body, std::string_view party,
                                  policy::Direction direction,
                                  policy::CeilingVerdict verdict) const {
  return absl::StrCat(
      std::string(policy::CeilingVerdictName(verdict)), ": ",
      policy::DescribeCeiling(ToPolicyAttributes(body), MakeRequest(direction, party), verdict));
}

}  // namespace rilon::federation
