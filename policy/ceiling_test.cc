// TLP 2.0 enforced as a ceiling: every marking against every kind of party, and the rules that
// go with it (onward sharing, ingress re-decision, readers, export, audience groups).
#include "policy/ceiling.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "policy/policy_test_util.h"

namespace rilon::policy {
namespace {

using ::testing::HasSubstr;
using namespace ::rilon::policy::testing;  // NOLINT: test helpers

// id.polri originates; my.mmea is named; the group mpsrg is in the audience.
Audience GroupAudience() { return {{"my.mmea"}, {"mpsrg"}}; }

constexpr Marking kMarkings[] = {Marking::kClear, Marking::kGreen, Marking::kAmber,
                                 Marking::kAmberStrict, Marking::kRed};

enum Kind { kNamed, kOutside, kGroupMember, kRelay, kOfficer, kAnalyst, kExport, kNumKinds };

Request RequestFor(Kind kind) {
  switch (kind) {
    case kNamed:
      return Egress("id.polri", "my.mmea");
    case kOutside:
      return Egress("id.polri", "lk.police");
    case kGroupMember:
      return Egress("id.polri", "th.rtp");
    case kRelay:
      return Egress("id.polri", "my.mmea", /*relay=*/true);
    case kOfficer:
      return Read("my.mmea", Role::kOfficer);
    case kAnalyst:
      return Read("my.mmea", Role::kAnalyst);
    case kExport:
    case kNumKinds:
      break;
  }
  return Export("id.polri");
}

TEST(CeilingTest, EveryMarkingAgainstEveryKindOfParty) {
  using V = CeilingVerdict;
  // Columns: named agency, out-of-audience agency, group member, relay, officer, analyst, export.
  const V expected[5][kNumKinds] = {
      /* CLEAR        */ {V::kPass, V::kOutsideAudience, V::kPass, V::kPass, V::kPass, V::kPass,
                          V::kPass},
      /* GREEN        */
      {V::kPass, V::kOutsideAudience, V::kPass, V::kPass, V::kPass, V::kPass, V::kNotForExport},
      /* AMBER        */
      {V::kPass, V::kOutsideAudience, V::kPass, V::kPass, V::kPass, V::kPass, V::kNotForExport},
      /* AMBER+STRICT */
      {V::kPass, V::kOutsideAudience, V::kPass, V::kOnwardSharing, V::kPass, V::kPass,
       V::kNotForExport},
      /* RED          */
      {V::kPass, V::kOutsideAudience, V::kNotNamed, V::kOnwardSharing, V::kPass,
       V::kRoleNotPermitted, V::kNotForExport},
  };
  for (int m = 0; m < 5; ++m) {
    const RecordAttributes record = Report(kMarkings[m], "id.polri", GroupAudience());
    for (int k = 0; k < kNumKinds; ++k) {
      EXPECT_EQ(CheckCeiling(record, RequestFor(static_cast<Kind>(k))), expected[m][k])
          << MarkingName(kMarkings[m]) << " party kind " << k << " got "
          << CeilingVerdictName(CheckCeiling(record, RequestFor(static_cast<Kind>(k))));
    }
  }
}

TEST(CeilingTest, AdminsReadOnlyClearAndGreen) {
  for (Marking m : kMarkings) {
    const CeilingVerdict v =
        CheckCeiling(Report(m, "id.polri", GroupAudience()), Read("my.mmea", Role::kAdmin));
    if (m == Marking::kClear || m == Marking::kGreen) {
      EXPECT_EQ(v, CeilingVerdict::kPass) << MarkingName(m);
    } else {
      EXPECT_EQ(v, CeilingVerdict::kRoleNotPermitted) << MarkingName(m);
    }
  }
}

TEST(CeilingTest, RedIsReadOnlyAtNamedAgencies) {
  const RecordAttributes record = Report(Marking::kRed, "id.polri", GroupAudience());
  EXPECT_EQ(CheckCeiling(record, Read("th.rtp", Role::kOfficer)), CeilingVerdict::kNotNamed);
  EXPECT_EQ(CheckCeiling(record, Read("id.polri", Role::kOfficer)), CeilingVerdict::kPass);
}

TEST(CeilingTest, FederationGroupAdmitsEveryMemberButNotAsNamedForRed) {
  const Audience federation{{}, {std::string(kFederationGroup)}};
  EXPECT_EQ(CheckCeiling(Report(Marking::kGreen, "id.polri", federation),
                         Egress("id.polri", "lk.police")),
            CeilingVerdict::kPass);
  EXPECT_EQ(
      CheckCeiling(Report(Marking::kRed, "id.polri", federation), Egress("id.polri", "lk.police")),
      CeilingVerdict::kNotNamed);
  // Export is not federation membership: GREEN never leaves.
  EXPECT_EQ(CheckCeiling(Report(Marking::kGreen, "id.polri", federation), Export("id.polri")),
            CeilingVerdict::kNotForExport);
}

TEST(CeilingTest, EmptyAudienceMeansTheOriginOnly) {
  const RecordAttributes record = Report(Marking::kGreen, "id.polri", {});
  EXPECT_EQ(CheckCeiling(record, Egress("id.polri", "my.mmea")), CeilingVerdict::kOutsideAudience);
  EXPECT_EQ(CheckCeiling(record, Read("id.polri", Role::kAnalyst)), CeilingVerdict::kPass);
}

TEST(CeilingTest, OnwardSharingByANodeThatIsNotTheOrigin) {
  // th.rtp received the record through the group and passes it on to my.mmea.
  EXPECT_EQ(CheckCeiling(Report(Marking::kAmber, "id.polri", GroupAudience()),
                         Egress("th.rtp", "my.mmea")),
            CeilingVerdict::kPass);
  EXPECT_EQ(CheckCeiling(Report(Marking::kAmberStrict, "id.polri", GroupAudience()),
                         Egress("th.rtp", "my.mmea")),
            CeilingVerdict::kOnwardSharing);
  // RED: my.mmea is named, but nobody but the origin may send it.
  EXPECT_EQ(CheckCeiling(Report(Marking::kRed, "id.polri", {{"my.mmea", "th.rtp"}, {}}),
                         Egress("th.rtp", "my.mmea")),
            CeilingVerdict::kOnwardSharing);
}

TEST(CeilingTest, ANodeOutsideTheAudienceNeverPassesARecordOn) {
  EXPECT_EQ(CheckCeiling(Report(Marking::kClear, "id.polri", GroupAudience()),
                         Egress("lk.police", "my.mmea")),
            CeilingVerdict::kHolderOutsideAudience);
  EXPECT_EQ(CheckCeiling(Report(Marking::kClear, "id.polri", GroupAudience()), Export("lk.police")),
            CeilingVerdict::kHolderOutsideAudience);
}

TEST(CeilingTest, IngressIsReDecidedByTheReceiver) {
  const RecordAttributes amber = Report(Marking::kAmber, "id.polri", GroupAudience());
  EXPECT_EQ(CheckCeiling(amber, Ingress("my.mmea", "id.polri")), CeilingVerdict::kPass);
  // Relayed by a group member: fine for AMBER.
  EXPECT_EQ(CheckCeiling(amber, Ingress("my.mmea", "th.rtp")), CeilingVerdict::kPass);
  // Relayed by a node outside the audience: refused, whoever relayed it.
  EXPECT_EQ(CheckCeiling(amber, Ingress("my.mmea", "lk.police")),
            CeilingVerdict::kHolderOutsideAudience);
  // The receiver itself is outside the audience: refused even when the origin sent it.
  EXPECT_EQ(CheckCeiling(amber, Ingress("lk.police", "id.polri")),
            CeilingVerdict::kOutsideAudience);
  // A sender asking the receiver to relay.
  EXPECT_EQ(CheckCeiling(amber, Ingress("my.mmea", "id.polri", /*relay=*/true)),
            CeilingVerdict::kPass);

  const RecordAttributes strict = Report(Marking::kAmberStrict, "id.polri", GroupAudience());
  EXPECT_EQ(CheckCeiling(strict, Ingress("my.mmea", "id.polri")), CeilingVerdict::kPass);
  EXPECT_EQ(CheckCeiling(strict, Ingress("my.mmea", "th.rtp")), CeilingVerdict::kOnwardSharing);
  EXPECT_EQ(CheckCeiling(strict, Ingress("my.mmea", "id.polri", /*relay=*/true)),
            CeilingVerdict::kOnwardSharing);

  const RecordAttributes red = Report(Marking::kRed, "id.polri", GroupAudience());
  EXPECT_EQ(CheckCeiling(red, Ingress("my.mmea", "id.polri")), CeilingVerdict::kPass);
  EXPECT_EQ(CheckCeiling(red, Ingress("th.rtp", "id.polri")), CeilingVerdict::kNotNamed);
}

TEST(CeilingTest, ReadersReachOnlyTheirOwnNode) {
  Request request = Read("my.mmea", Role::kOfficer);
  request.party.agency = "th.rtp";
  EXPECT_EQ(CheckCeiling(Report(Marking::kClear, "id.polri", GroupAudience()), request),
            CeilingVerdict::kReaderNotLocal);
}

TEST(CeilingTest, RolesMustFitTheDirection) {
  const RecordAttributes record = Report(Marking::kClear, "id.polri", GroupAudience());
  Request request = Egress("id.polri", "my.mmea");
  request.party.role = Role::kAnalyst;
  EXPECT_EQ(CheckCeiling(record, request), CeilingVerdict::kRoleNotForDirection);
  request = Read("my.mmea", Role::kNode);
  EXPECT_EQ(CheckCeiling(record, request), CeilingVerdict::kRoleNotForDirection);
  request = Export("id.polri");
  request.party.role = Role::kOfficer;
  EXPECT_EQ(CheckCeiling(record, request), CeilingVerdict::kRoleNotForDirection);
}

TEST(CeilingTest, ARecordWithoutMarkingGoesNowhere) {
  const RecordAttributes record = Report(Marking::kUnspecified, "id.polri", GroupAudience());
  EXPECT_EQ(CheckCeiling(record, Egress("id.polri", "my.mmea")), CeilingVerdict::kNoMarking);
  EXPECT_EQ(CheckCeiling(record, Read("id.polri", Role::kOfficer)), CeilingVerdict::kNoMarking);
}

TEST(CeilingTest, StaticTableMatchesTheDynamicOne) {
  EXPECT_TRUE(CeilingCanEverPass(Direction::kExport, Marking::kClear, Role::kPublic, false));
  EXPECT_FALSE(CeilingCanEverPass(Direction::kExport, Marking::kGreen, Role::kPublic, false));
  EXPECT_FALSE(CeilingCanEverPass(Direction::kRead, Marking::kRed, Role::kAnalyst, false));
  EXPECT_TRUE(CeilingCanEverPass(Direction::kRead, Marking::kRed, Role::kOfficer, false));
  EXPECT_FALSE(CeilingCanEverPass(Direction::kEgress, Marking::kAmberStrict, Role::kNode, true));
  EXPECT_TRUE(CeilingCanEverPass(Direction::kEgress, Marking::kAmber, Role::kNode, true));
  EXPECT_FALSE(CeilingCanEverPass(Direction::kEgress, Marking::kAmber, Role::kOfficer, false));
  EXPECT_FALSE(CeilingCanEverPass(Direction::kIngress, Marking::kUnspecified, Role::kNode, false));
}

TEST(CeilingTest, DescriptionsSayWhy) {
  const RecordAttributes record = Report(Marking::kRed, "id.polri", GroupAudience());
  const Request to_member = Egress("id.polri", "th.rtp");
  EXPECT_THAT(DescribeCeiling(record, to_member, CheckCeiling(record, to_member)),
              AllOf(HasSubstr("th.rtp is in the audience through group 'mpsrg'"),
                    HasSubstr("TLP:RED goes only to agencies the originator names")));
  const Request to_outside = Egress("id.polri", "lk.police");
  EXPECT_THAT(DescribeCeiling(record, to_outside, CheckCeiling(record, to_outside)),
              HasSubstr("lk.police is not in the audience (agencies: my.mmea; groups: mpsrg"));
  const Request relayed = Ingress("my.mmea", "th.rtp");
  EXPECT_THAT(DescribeCeiling(record, relayed, CheckCeiling(record, relayed)),
              HasSubstr("it was relayed by th.rtp, not sent by its origin"));
}

}  // namespace
}  // namespace rilon::policy
