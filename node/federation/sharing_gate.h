// The sharing decisions of federation: may this node send a record to a peer (egress), and may
// it accept a record a peer delivered (ingress), and in what form. Both go through the sharing
// policy (node/sharing/requests.h): the originator's marking and audience are the ceiling that no
// node can widen, and the node's policy file, when it has one, narrows further.
//
// Contract:
//   - Thread-safe; no I/O. Response-group membership comes from the configured directory.
//   - Egress()/Ingress(): the ceiling alone (RecordVerifier's check of every delivered record).
//   - DecideEgress()/DecideIngress(): the full decision of the policy in force (the ceiling
//     alone, allowing in full, when the node has no policy file). INVALID_ARGUMENT when the
//     record's trend report cannot be read: the caller withholds or refuses it.
//   - Egress: `peer` must be in the audience; TLP:RED only to named agencies; a record this node
//     did not originate is relayed only when its marking allows onward sharing.
//   - Ingress: this node must be in the audience; a sender that is not the origin must itself be
//     in the audience (relay rule) and the marking must allow onward sharing.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "node/sharing/requests.h"
#include "policy/decision.h"
#include "policy/request.h"
#include "rilon/v1/record.pb.h"

namespace rilon::federation {

// A decision with what it was about, so that it can be explained in one line.
struct SharingDecision {
  policy::Decision decision;
  policy::RecordAttributes attributes;
  policy::Request request;

  bool allowed() const { return decision.allowed(); }
  // "outside_audience: ...", "policy: denied by rule no-x (line 12), policy v.1", ...
  std::string Describe() const;
};

class SharingGate {
 public:
  explicit SharingGate(std::string own_agency, sharing::Directory directory = {},
                       sharing::PolicySource policy = {})
      : requests_(std::move(own_agency), std::move(directory)), policy_(std::move(policy)) {}

  policy::CeilingVerdict Egress(const rilon::v1::RecordBody& body, std::string_view peer) const;
  policy::CeilingVerdict Ingress(const rilon::v1::RecordBody& body, std::string_view sender) const;

  // `body` is records::DecodeBody(record).
  absl::StatusOr<SharingDecision> DecideEgress(const rilon::v1::SignedRecord& record,
                                               const rilon::v1::RecordBody& body,
                                               std::string_view peer) const;
  absl::StatusOr<SharingDecision> DecideIngress(const rilon::v1::SignedRecord& record,
                                                const rilon::v1::RecordBody& body,
                                                std::string_view sender) const;

  // True when `peer` receives the record: the egress decision allows it and, when it shapes the
  // record, the record can be shaped (otherwise it is withheld entirely).
  bool Sends(const rilon::v1::SignedRecord& record, const rilon::v1::RecordBody& body,
             std::string_view peer) const;

  // Why a ceiling verdict holds, for logs and refusal counters ("outside_audience: ...").
  std::string Describe(const rilon::v1::RecordBody& body, std::string_view party,
                       policy::Direction direction, policy::CeilingVerdict verdict) const;

  const std::string& own_agency() const { return requests_.own_agency(); }

 private:
  absl::StatusOr<SharingDecision> DecideFor(const rilon::v1::SignedRecord& record,
                                            const rilon::v1::RecordBody& body,
                                            policy::Request request) const;

  const sharing::Requests requests_;
  const sharing::PolicySource policy_;
};

}  // namespace rilon::federation
