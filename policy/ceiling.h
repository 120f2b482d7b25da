// The originator's ceiling: the TLP 2.0 marking and the audience of a record, enforced before
// any local rule. A local policy can only narrow what the ceiling lets through; no local allow
// can take a record past it. The table (docs/policy.md has it with reasons):
//
//   marking        party must be in the audience as    relay/onward   readers            export
//   CLEAR          agency or group member               yes            officer analyst admin  yes
//   GREEN          agency or group member               yes            officer analyst admin  no
//   AMBER          agency or group member               yes            officer analyst        no
//   AMBER+STRICT   agency or group member               no             officer analyst        no
//   RED            named agency (not via a group)       no             officer                no
//
// "In the audience": the origin agency, an agency the audience names, an agency in one of the
// audience's groups, or - when the audience holds the group "federation" - any member agency.
// Onward sharing: for egress, a peer asked to relay, or this node sending a record it did not
// originate; for ingress, a record delivered by a node that is not its origin, or a sender asking
// us to relay. The node holding a record (egress, export) or the sender relaying it (ingress)
// must itself be in the audience. Readers reach only their own agency's node.
//
// Example:
//   CeilingVerdict v = CheckCeiling(record, request);
//   if (v != CeilingVerdict::kPass) { /* deny; no local rule can change it */ }
#pragma once

#include <string>

#include "policy/decision.h"
#include "policy/request.h"
#include "policy/types.h"

namespace rilon::policy {

// Pure and thread-safe. O(audience size x party groups).
CeilingVerdict CheckCeiling(const RecordAttributes& record, const Request& request);

// One or two sentences saying why `verdict` holds for this record and request.
std::string DescribeCeiling(const RecordAttributes& record, const Request& request,
                            CeilingVerdict verdict);

// The request-independent parts of the table, also used to find allow rules the ceiling makes
// unreachable.
bool RoleServesDirection(Direction direction, Role role);
bool MarkingAdmitsReader(Marking marking, Role role);
bool MarkingAllowsOnwardSharing(Marking marking);

// False when no request with this direction, marking, role and relay flag can ever pass the
// ceiling, whatever the audience.
bool CeilingCanEverPass(Direction direction, Marking marking, Role role, bool relay);

}  // namespace rilon::policy
