// The shipped example, deploy/policy.example.textproto, loads cleanly and does what docs/policy.md
// says the worked example does: the six-agency maritime group shares GREEN trend reports
// federation-wide but AMBER ones only within the group, with counts under 5 suppressed outside
// it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "node/policy/policy_file_loader.h"
#include "policy/disclosure_control.h"
#include "policy/explain.h"

namespace rilon::policyfile {
namespace {

using policy::Basis;
using policy::CeilingVerdict;
using policy::Decision;
using policy::Direction;
using policy::Field;
using policy::Marking;
using policy::RecordAttributes;
using policy::Request;
using policy::Role;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string ExamplePath() {
  const char* root = std::getenv("RILON_SOURCE_DIR");
  return std::string(root == nullptr ? "." : root) + "/deploy/policy.example.textproto";
}

bool InGroup(const std::string& agency) {
  for (const char* a : {"au.abf", "bd.police", "id.polri", "my.mmea", "th.rtp", "tl.pntl"}) {
    if (agency == a) return true;
  }
  return false;
}
policy::LocalNode Node(const std::string& agency) {
  return {agency, InGroup(agency) ? std::vector<std::string>{"mpsrg"} : std::vector<std::string>{}};
}
policy::Party Peer(const std::string& agency, bool relay = false) {
  return {agency, Node(agency).groups, Role::kNode, relay};
}

RecordAttributes Trend(Marking marking, const std::string& origin, policy::Audience audience) {
  RecordAttributes r;
  r.kind = policy::RecordKind::kTrendReport;
  r.theme = policy::Theme::kPeopleSmuggling;
  r.mode = policy::Mode::kSea;
  r.marking = marking;
  r.origin_agency = origin;
  r.audience = std::move(audience);
  r.countries = {"BD", "MM", "ID"};
  r.route = "Cox's Bazar - Andaman Sea - Aceh";
  r.indicators = {"persons_detected", "vessels_intercepted", "median_fee_usd"};
  return r;
}

const policy::Audience kFederation{{}, {"federation"}};
const policy::Audience kGroup{{}, {"mpsrg"}};

class ExamplePolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> loaded =
        LoadPolicyFile(ExamplePath());
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    policy_ = *loaded;
  }
  Decision Egress(const RecordAttributes& r, const std::string& to, bool relay = false) {
    return policy_->Decide(r, Request{Direction::kEgress, Node("au.abf"), Peer(to, relay)});
  }
  std::shared_ptr<const policy::CompiledPolicy> policy_;
};

TEST_F(ExamplePolicyTest, LoadsWithoutErrorsOrWarnings) {
  absl::StatusOr<std::vector<policy::Diagnostic>> diagnostics = CheckPolicyFile(ExamplePath());
  ASSERT_TRUE(diagnostics.ok()) << diagnostics.status();
  EXPECT_THAT(*diagnostics, IsEmpty());
  EXPECT_EQ(policy_->version(), "2026-07-01.1");
  EXPECT_EQ(policy_->small_cell_threshold(), 5);
}

TEST_F(ExamplePolicyTest, GreenTrendsGoToTheGroupInFull) {
  const Decision d = Egress(Trend(Marking::kGreen, "au.abf", kFederation), "id.polri");
  ASSERT_TRUE(d.allowed());
  EXPECT_TRUE(d.form.IsFull());
  EXPECT_EQ(d.rules[0].id, "trends-within-group");
}

TEST_F(ExamplePolicyTest, GreenTrendsGoFederationWideWithSmallCellsSuppressed) {
  const Decision d = Egress(Trend(Marking::kGreen, "au.abf", kFederation), "lk.police");
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(d.rules[0].id, "green-trends-federation");
  EXPECT_EQ(d.form.small_cell_k, 5);
  EXPECT_TRUE(d.form.Withholds(Field::kNarrative));
  EXPECT_FALSE(d.form.Withholds(Field::kRoute));
  EXPECT_THAT(d.form.withheld_indicators, ElementsAre("median_fee_usd"));

  // What lk.police receives of "412 persons: 300 men, 109 women, 3 children".
  const policy::StatTable persons =
      policy::OneWayTable("persons_detected", 412, {{"men", 300}, {"women", 109}, {"children", 3}});
  absl::StatusOr<std::vector<policy::PublishedCell>> cells =
      policy::ProtectTable(persons, policy::DisclosureRulesFor(d.form));
  ASSERT_TRUE(cells.ok());
  EXPECT_EQ((*cells)[0].value, 412);
  EXPECT_EQ((*cells)[1].value, 300);
  EXPECT_EQ((*cells)[2].status, policy::ObsStatus::kSecondary);
  EXPECT_EQ((*cells)[3].status, policy::ObsStatus::kSmallCount);
}

TEST_F(ExamplePolicyTest, GreenTrendsAreNotRelayedThroughNodesOutsideTheGroup) {
  const Decision d = Egress(Trend(Marking::kGreen, "au.abf", kFederation), "lk.police", true);
  EXPECT_FALSE(d.allowed());
  EXPECT_EQ(d.basis, Basis::kNoRule);
}

TEST_F(ExamplePolicyTest, AmberTrendsStayWithinTheGroup) {
  // The originator's audience is the group: the ceiling already stops lk.police.
  const Decision in_group = Egress(Trend(Marking::kAmber, "au.abf", kGroup), "th.rtp");
  ASSERT_TRUE(in_group.allowed());
  EXPECT_TRUE(in_group.form.IsFull());
  const Decision outside = Egress(Trend(Marking::kAmber, "au.abf", kGroup), "lk.police");
  EXPECT_FALSE(outside.allowed());
  EXPECT_EQ(outside.ceiling, CeilingVerdict::kOutsideAudience);
  // Even an AMBER report whose originator named the whole federation stays in the group here.
  const Decision wide = Egress(Trend(Marking::kAmber, "au.abf", kFederation), "lk.police");
  EXPECT_FALSE(wide.allowed());
  EXPECT_EQ(wide.ceiling, CeilingVerdict::kPass);
  EXPECT_EQ(wide.basis, Basis::kNoRule);
}

TEST_F(ExamplePolicyTest, IngressIsReDecided) {
  const RecordAttributes amber = Trend(Marking::kAmber, "id.polri", kGroup);
  EXPECT_TRUE(
      policy_->Decide(amber, {Direction::kIngress, Node("au.abf"), Peer("id.polri")}).allowed());
  const Decision relayed_by_outsider =
      policy_->Decide(amber, {Direction::kIngress, Node("au.abf"), Peer("lk.police")});
  EXPECT_FALSE(relayed_by_outsider.allowed());
  EXPECT_EQ(relayed_by_outsider.ceiling, CeilingVerdict::kHolderOutsideAudience);
}

TEST_F(ExamplePolicyTest, ReadersAndExport) {
  const RecordAttributes amber = Trend(Marking::kAmber, "id.polri", kGroup);
  const RecordAttributes green = Trend(Marking::kGreen, "id.polri", kFederation);
  auto read = [&](const RecordAttributes& r, Role role) {
    return policy_->Decide(r,
                           {Direction::kRead, Node("au.abf"), {"au.abf", {"mpsrg"}, role, false}});
  };
  EXPECT_TRUE(read(amber, Role::kAnalyst).allowed());
  EXPECT_EQ(read(amber, Role::kAdmin).ceiling, CeilingVerdict::kRoleNotPermitted);
  const Decision admin_green = read(green, Role::kAdmin);
  ASSERT_TRUE(admin_green.allowed());
  EXPECT_TRUE(admin_green.form.Withholds(Field::kNarrative));

  auto publish = [&](const RecordAttributes& r) {
    return policy_->Decide(r, {Direction::kExport, Node("au.abf"), {"", {}, Role::kPublic, false}});
  };
  RecordAttributes clear = Trend(Marking::kClear, "au.abf", kFederation);
  const Decision exported = publish(clear);
  ASSERT_TRUE(exported.allowed());
  EXPECT_EQ(exported.form.round_to, 5);
  EXPECT_TRUE(exported.form.Withholds(Field::kRoute));
  EXPECT_EQ(publish(green).ceiling, CeilingVerdict::kNotForExport);
  clear.theme = policy::Theme::kTraffickingInPersons;
  const Decision trafficking = publish(clear);
  EXPECT_FALSE(trafficking.allowed());
  EXPECT_EQ(trafficking.basis, Basis::kDenyRule);
}

TEST_F(ExamplePolicyTest, ExplainNamesTheRuleAndItsLine) {
  const Decision d = policy_->Explain(Trend(Marking::kGreen, "au.abf", kFederation),
                                      {Direction::kEgress, Node("au.abf"), Peer("lk.police")});
  EXPECT_THAT(policy::FormatDecision(d),
              HasSubstr("ALLOW by allow rule \"green-trends-federation\" (line 42), policy "
                        "2026-07-01.1"));
}

}  // namespace
}  // namespace rilon::policyfile
