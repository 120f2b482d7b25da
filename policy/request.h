// What a policy decision is about, as plain values: the record's attributes and the request
// (direction, this node, the party on the other side). Built by the enforcement points from the
// stored record and the authenticated peer or reader; the policy library never parses records.
//
// Example (egress of an AMBER trend report from id.polri to the my.mmea node):
//   RecordAttributes record;
//   record.kind = RecordKind::kTrendReport;
//   record.marking = Marking::kAmber;
//   record.origin_agency = "id.polri";
//   record.audience.groups = {"mpsrg"};
//   Request request{Direction::kEgress, {"id.polri", {"mpsrg"}},
//                   {"my.mmea", {"mpsrg"}, Role::kNode, /*relay=*/false}};
//   Decision d = policy->Decide(record, request);
#pragma once

#include <string>
#include <vector>

#include "policy/types.h"

namespace rilon::policy {

// Who the originator allows to receive a record. The origin agency is always implicitly in it.
// The group kFederationGroup ("federation") stands for every member agency.
struct Audience {
  std::vector<std::string> agencies;  // agency ids named by the originator
  std::vector<std::string> groups;    // response-group ids (membership comes from the directory)
};

// The attributes of one record that policies match on. Strings are compared exactly: agency ids
// lower case, countries upper-case ISO alpha-2, indicator codes lower snake case.
struct RecordAttributes {
  RecordKind kind = RecordKind::kUnspecified;
  Theme theme = Theme::kUnspecified;
  Mode mode = Mode::kUnspecified;
  Marking marking = Marking::kUnspecified;
  std::string origin_agency;
  Audience audience;
  std::vector<std::string> countries;   // geography of the record
  std::string route;                    // named route; empty when the record has none
  std::vector<std::string> indicators;  // indicator codes of the measures the record carries
};

// The node taking the decision: its agency and the response groups that agency belongs to.
struct LocalNode {
  std::string agency;
  std::vector<std::string> groups;
};

// The other side of a decision:
//   egress  - the peer node the record would be sent to (role kNode);
//   ingress - the peer node that delivered the record (role kNode);
//   read    - the officer, analyst or admin reading or subscribing (their agency, their role);
//   export  - the public (role kPublic; agency and groups unused).
// `relay` is true when the record is to travel beyond this party: for egress, the peer is asked
// to forward it onward (store-and-forward hop); for ingress, the sender asks us to forward it.
struct Party {
  std::string agency;
  std::vector<std::string> groups;  // response groups of `agency`, from the directory
  Role role = Role::kNode;
  bool relay = false;
};

struct Request {
  Direction direction = Direction::kEgress;
  LocalNode node;
  Party party;
};

}  // namespace rilon::policy
