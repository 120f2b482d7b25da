#include "policy/ceiling.h"

#include <algorithm>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "policy/internal/absl_compat.h"

namespace rilon::policy {
namespace {

using internal::Sv;

enum class Membership : uint8_t { kNone, kFederation, kGroup, kNamed };

struct MembershipInfo {
  Membership kind = Membership::kNone;
  std::string_view via;  // the group, for kGroup
};

bool Contains(const std::vector<std::string>& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// Every caller is a federation member except the public (export), which never reaches here.
MembershipInfo MembershipOf(const RecordAttributes& record, std::string_view agency,
                            const std::vector<std::string>& groups) {
  if (agency.empty()) return {};
  if (agency == record.origin_agency || Contains(record.audience.agencies, agency)) {
    return {Membership::kNamed, {}};
  }
  for (const std::string& group : record.audience.groups) {
    if (Contains(groups, group)) return {Membership::kGroup, group};
  }
  if (Contains(record.audience.groups, kFederationGroup)) return {Membership::kFederation, {}};
  return {};
}

bool InAudience(const MembershipInfo& m) { return m.kind != Membership::kNone; }

std::string DescribeMembership(std::string_view agency, const MembershipInfo& m,
                               const RecordAttributes& record) {
  switch (m.kind) {
    case Membership::kNamed:
      return agency == record.origin_agency ? absl::StrCat(Sv(agency), " is the origin agency")
                                            : absl::StrCat(Sv(agency), " is named in the audience");
    case Membership::kGroup:
      return absl::StrCat(Sv(agency), " is in the audience through group '", Sv(m.via), "'");
    case Membership::kFederation:
      return absl::StrCat(Sv(agency),
                          " is in the audience through group 'federation' (every member)");
    case Membership::kNone:
      break;
  }
  return absl::StrCat(agency.empty() ? absl::string_view("(no agency)") : Sv(agency),
                      " is not in the audience (agencies: ",
                      record.audience.agencies.empty()
                          ? std::string("none")
                          : absl::StrJoin(record.audience.agencies, ", "),
                      "; groups: ",
                      record.audience.groups.empty() ? std::string("none")
                                                     : absl::StrJoin(record.audience.groups, ", "),
                      "; origin: ", record.origin_agency, ")");
}

CeilingVerdict CheckEgress(const RecordAttributes& record, const Request& request) {
  const Party& party = request.party;
  if (!InAudience(MembershipOf(record, request.node.agency, request.node.groups))) {
    return CeilingVerdict::kHolderOutsideAudience;
  }
  const MembershipInfo to = MembershipOf(record, party.agency, party.groups);
  if (!InAudience(to)) return CeilingVerdict::kOutsideAudience;
  if (record.marking == Marking::kRed && to.kind != Membership::kNamed) {
    return CeilingVerdict::kNotNamed;
  }
  const bool onward = party.relay || request.node.agency != record.origin_agency;
  if (onward && !MarkingAllowsOnwardSharing(record.marking)) return CeilingVerdict::kOnwardSharing;
  return CeilingVerdict::kPass;
}

CeilingVerdict CheckIngress(const RecordAttributes& record, const Request& request) {
  const Party& sender = request.party;
  const MembershipInfo self = MembershipOf(record, request.node.agency, request.node.groups);
  if (!InAudience(self)) return CeilingVerdict::kOutsideAudience;
  if (record.marking == Marking::kRed && self.kind != Membership::kNamed) {
    return CeilingVerdict::kNotNamed;
  }
  const bool relayed = sender.agency != record.origin_agency;
  if (relayed && !InAudience(MembershipOf(record, sender.agency, sender.groups))) {
    return CeilingVerdict::kHolderOutsideAudience;
  }
  if ((relayed || sender.relay) && !MarkingAllowsOnwardSharing(record.marking)) {
    return CeilingVerdict::kOnwardSharing;
  }
  return CeilingVerdict::kPass;
}

CeilingVerdict CheckRead(const RecordAttributes& record, const Request& request) {
  if (request.party.agency != request.node.agency) return CeilingVerdict::kReaderNotLocal;
  const MembershipInfo m = MembershipOf(record, request.node.agency, request.node.groups);
  if (!InAudience(m)) return CeilingVerdict::kOutsideAudience;
  if (record.marking == Marking::kRed && m.kind != Membership::kNamed) {
    return CeilingVerdict::kNotNamed;
  }
  if (!MarkingAdmitsReader(record.marking, request.party.role)) {
    return CeilingVerdict::kRoleNotPermitted;
  }
  return CeilingVerdict::kPass;
}

CeilingVerdict CheckExport(const RecordAttributes& record, const Request& request) {
  if (!InAudience(MembershipOf(record, request.node.agency, request.node.groups))) {
    return CeilingVerdict::kHolderOutsideAudience;
  }
  if (record.marking != Marking::kClear) return CeilingVerdict::kNotForExport;
  return CeilingVerdict::kPass;
}

std::string_view MarkingRule(Marking marking) {
  switch (marking) {
    case Marking::kClear:
      return "TLP:CLEAR may go to anyone in the audience and may be exported";
    case Marking::kGreen:
      return "TLP:GREEN stays within the federation (audience members, never exported)";
    case Marking::kAmber:
      return "TLP:AMBER goes to audience agencies and their need-to-know readers (officers, "
             "analysts)";
    case Marking::kAmberStrict:
      return "TLP:AMBER+STRICT goes to the recipient agency only: no relay, no onward sharing";
    case Marking::kRed:
      return "TLP:RED goes to named agencies only, read by officers, never relayed";
    case Marking::kUnspecified:
      break;
  }
  return "a record without a marking goes nowhere";
}

// Whose audience membership the verdict is about, for the explanation.
std::string MembershipSentence(const RecordAttributes& record, const Request& request) {
  switch (request.direction) {
    case Direction::kEgress:
      return DescribeMembership(request.party.agency,
                                MembershipOf(record, request.party.agency, request.party.groups),
                                record);
    case Direction::kIngress:
    case Direction::kRead:
    case Direction::kExport:
      break;
  }
  return absl::StrCat(
      "this node's agency ",
      DescribeMembership(request.node.agency,
                         MembershipOf(record, request.node.agency, request.node.groups), record));
}

}  // namespace

bool RoleServesDirection(Direction direction, Role role) {
  switch (direction) {
    case Direction::kEgress:
    case Direction::kIngress:
      return role == Role::kNode;
    case Direction::kRead:
      return role == Role::kOfficer || role == Role::kAnalyst || role == Role::kAdmin;
    case Direction::kExport:
      return role == Role::kPublic;
  }
  return false;
}

bool MarkingAdmitsReader(Marking marking, Role role) {
  switch (marking) {
    case Marking::kClear:
    case Marking::kGreen:
      return role == Role::kOfficer || role == Role::kAnalyst || role == Role::kAdmin;
    case Marking::kAmber:
    case Marking::kAmberStrict:
      return role == Role::kOfficer || role == Role::kAnalyst;
    case Marking::kRed:
      return role == Role::kOfficer;
    case Marking::kUnspecified:
      break;
  }
  return false;
}

bool MarkingAllowsOnwardSharing(Marking marking) {
  return marking == Marking::kClear || marking == Marking::kGreen || marking == Marking::kAmber;
}

bool CeilingCanEverPass(Direction direction, Marking marking, Role role, bool relay) {
  if (!RoleServesDirection(direction, role) || marking == Marking::kUnspecified) return false;
  switch (direction) {
    case Direction::kEgress:
    case Direction::kIngress:
      return !relay || MarkingAllowsOnwardSharing(marking);
    case Direction::kRead:
      return MarkingAdmitsReader(marking, role);
    case Direction::kExport:
      return marking == Marking::kClear;
  }
  return false;
}

CeilingVerdict CheckCeiling(const RecordAttributes& record, const Request& request) {
  if (!RoleServesDirection(request.direction, request.party.role)) {
    return CeilingVerdict::kRoleNotForDirection;
  }
  if (record.marking == Marking::kUnspecified) return CeilingVerdict::kNoMarking;
  switch (request.direction) {
    case Direction::kEgress:
      return CheckEgress(record, request);
    case Direction::kIngress:
      return CheckIngress(record, request);
    case Direction::kRead:
      return CheckRead(record, request);
    case Direction::kExport:
      return CheckExport(record, request);
  }
  return CeilingVerdict::kRoleNotForDirection;
}

std::string DescribeCeiling(const RecordAttributes& record, const Request& request,
                            CeilingVerdict verdict) {
  const Party& party = request.party;
  const std::string head =
      absl::StrCat(Sv(MarkingName(record.marking)), " ", Sv(RecordKindName(record.kind)), " of ",
                   record.origin_agency.empty() ? "(no origin)" : record.origin_agency, ": ");
  switch (verdict) {
    case CeilingVerdict::kPass:
      return absl::StrCat(head, "passes; ", MembershipSentence(record, request), ", and ",
                          Sv(MarkingRule(record.marking)), ".");
    case CeilingVerdict::kNoMarking:
      return absl::StrCat(head, "denied: the record carries no TLP marking, so it goes nowhere.");
    case CeilingVerdict::kRoleNotForDirection:
      return absl::StrCat(head, "denied: a party with role ", Sv(RoleName(party.role)),
                          " cannot take part in ", Sv(DirectionName(request.direction)),
                          " (egress/ingress: node; read: officer, analyst, admin; export: "
                          "public).");
    case CeilingVerdict::kReaderNotLocal:
      return absl::StrCat(head, "denied: the reader belongs to ", party.agency,
                          " but readers reach only their own agency's node (", request.node.agency,
                          ").");
    case CeilingVerdict::kHolderOutsideAudience:
      return absl::StrCat(
          head, "denied: ",
          request.direction == Direction::kIngress
              ? DescribeMembership(party.agency, MembershipOf(record, party.agency, party.groups),
                                   record)
              : absl::StrCat(
                    "this node's agency ",
                    DescribeMembership(
                        request.node.agency,
                        MembershipOf(record, request.node.agency, request.node.groups), record)),
          ", so it may not pass the record on (a record never reaches a node outside its "
          "audience, not even as a relay).");
    case CeilingVerdict::kOutsideAudience:
      return absl::StrCat(head, "denied: ", MembershipSentence(record, request), ".");
    case CeilingVerdict::kNotNamed:
      return absl::StrCat(head, "denied: ", MembershipSentence(record, request),
                          ", but TLP:RED goes only to agencies the originator names.");
    case CeilingVerdict::kOnwardSharing:
      return absl::StrCat(
          head, "denied: ", Sv(MarkingRule(record.marking)), "; here ",
          request.direction == Direction::kEgress
              ? (party.relay ? std::string("the peer would relay it onward")
                             : absl::StrCat("this node (", request.node.agency,
                                            ") would pass on a record it did not originate"))
              : (party.agency != record.origin_agency
                     ? absl::StrCat("it was relayed by ", party.agency, ", not sent by its origin")
                     : std::string("the sender asks this node to relay it onward")),
          ".");
    case CeilingVerdict::kRoleNotPermitted:
      return absl::StrCat(head, "denied: ", Sv(MarkingRule(record.marking)),
                          "; a reader with role ", Sv(RoleName(party.role)),
                          " is not one of them.");
    case CeilingVerdict::kNotForExport:
      return absl::StrCat(head, "denied: only TLP:CLEAR may leave the federation.");
  }
  return absl::StrCat(head, "denied.");
}

}  // namespace rilon::policy
