// The sharing decisions of federation: may this node send a record to a peer (egress), and may
// it accept a record a peer delivered (ingress). Both go through the sharing-policy library
// (policy/ceiling.h), so the originator's marking and audience are the ceiling that no node can
// widen; a local policy file, when nodes load one, narrows further at this same seam.
//
// Contract:
//   - Pure and thread-safe; no I/O.
//   - The record is given as its decoded body (node/records/envelope.h); response-group
//     membership is not known yet (no directory), so agencies reach a record through a group only
//     via the reserved group "federation" (every member).
//   - Egress: `peer` must be in the audience; TLP:RED only to named agencies; a record this node
//     did not originate is relayed only when its marking allows onward sharing.
//   - Ingress: this node must be in the audience; a sender that is not the origin must itself be
//     in the audience (relay rule) and the marking must allow onward sharing.
#pragma once

#include <string>
#include <string_view>

#include "policy/decision.h"
#include "policy/request.h"
#include "rilon/v1/record.pb.h"

namespace rilon::federation {

// The policy library's view of a record body.
policy::RecordAttributes ToPolicyAttributes(const rilon::v1::RecordBody& body);

class SharingGate {
 public:
  explicit SharingGate(std::string own_agency) : own_agency_(std::move(own_agency)) {}

  policy::CeilingVerdict Egress(const rilon::v1::RecordBody& body, std::string_view peer) const;
  policy::CeilingVerdict Ingress(const rilon::v1::RecordBody& body, std::string_view sender) const;

  // Why a verdict holds, for logs and refusal counters ("outside_audience: ...").
  std::string Describe(const rilon::v1::RecordBody& body, std::string_view party,
                       policy::Direction direction, policy::CeilingVerdict verdict) const;

  const std::string& own_agency() const { return own_agency_; }

 private:
  policy::Request MakeRequest(policy::Direction direction, std::string_view party) const;
  const std::string own_agency_;
};

}  // namespace rilon::federation
