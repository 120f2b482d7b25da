// Attributes and requests built from what the node holds, and the decision with and without a
// policy file.
#include "node/sharing/requests.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "node/policy/policy_file_loader.h"
#include "tests/testing/sample_reports.h"

namespace rilon::sharing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

rilon::v1::RecordBody Body(rilon::v1::Marking marking, std::vector<std::string> agencies,
                           std::vector<std::string> groups) {
  rilon::v1::RecordBody body;
  body.set_envelope_version(1);
  body.set_origin_agency("au.abf");
  body.set_origin_seq(7);
  body.set_kind(rilon::v1::TREND_REPORT);
  body.set_marking(marking);
  for (const std::string& a : agencies) body.mutable_audience()->add_agencies(a);
  for (const std::string& g : groups) body.mutable_audience()->add_groups(g);
  body.set_payload(rilon::testing::SampleTrendReport().SerializeAsString());
  return body;
}

// The attributes of a record with this body (signed by nobody: attributes do not check it).
absl::StatusOr<policy::RecordAttributes> Attributes(const rilon::v1::RecordBody& body) {
  rilon::v1::SignedRecord record;
  record.set_body(body.SerializeAsString());
  return AttributesOf(record, body);
}

Directory MpsrgDirectory() {
  rilon::config::v1::Directory config;
  rilon::config::v1::ResponseGroup* group = config.add_group();
  group->set_id("mpsrg");
  for (const char* a : {"au.abf", "id.polri", "my.mmea"}) group->add_agencies(a);
  rilon::config::v1::ResponseGroup* other = config.add_group();
  other->set_id("andaman");
  other->add_agencies("my.mmea");
  return Directory(config);
}

TEST(AttributesTest, CarryEnvelopeAndReport) {
  absl::StatusOr<policy::RecordAttributes> a =
      Attributes(Body(rilon::v1::TLP_AMBER, {"th.rtp"}, {"mpsrg"}));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->kind, policy::RecordKind::kTrendReport);
  EXPECT_EQ(a->marking, policy::Marking::kAmber);
  EXPECT_EQ(a->origin_agency, "au.abf");
  EXPECT_THAT(a->audience.agencies, ElementsAre("th.rtp"));
  EXPECT_THAT(a->audience.groups, ElementsAre("mpsrg"));
  EXPECT_EQ(a->theme, policy::Theme::kPeopleSmuggling);
  EXPECT_EQ(a->mode, policy::Mode::kSea);
  EXPECT_THAT(a->countries, ElementsAre("BD", "MM", "ID"));
  EXPECT_EQ(a->route, "coxs_bazar_andaman_sea_aceh");
  EXPECT_THAT(a->indicators,
              ElementsAre("facilitators_arrested", "median_fee_paid",
                          "persons_on_board_intercepted_vessels", "vessels_intercepted"));
}

TEST(AttributesTest, UnparsablePayloadIsRefused) {
  rilon::v1::RecordBody body = Body(rilon::v1::TLP_GREEN, {}, {"federation"});
  body.set_payload("\xff\xff\xff");
  EXPECT_EQ(Attributes(body).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(AttributesTest, RetractionHasEnvelopeOnly) {
  rilon::v1::RecordBody body = Body(rilon::v1::TLP_GREEN, {}, {"federation"});
  body.clear_payload();
  body.mutable_retraction()->set_reason("duplicate");
  absl::StatusOr<policy::RecordAttributes> a = Attributes(body);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->theme, policy::Theme::kUnspecified);
  EXPECT_THAT(a->indicators, IsEmpty());
  EXPECT_EQ(a->marking, policy::Marking::kGreen);
}

TEST(RequestsTest, GroupsComeFromTheDirectory) {
  Requests requests("au.abf", MpsrgDirectory());
  policy::Request egress = requests.Egress("my.mmea", /*relay=*/true);
  EXPECT_EQ(egress.direction, policy::Direction::kEgress);
  EXPECT_EQ(egress.node.agency, "au.abf");
  EXPECT_THAT(egress.node.groups, ElementsAre("mpsrg"));
  EXPECT_EQ(egress.party.agency, "my.mmea");
  EXPECT_THAT(egress.party.groups, ElementsAre("andaman", "mpsrg"));
  EXPECT_EQ(egress.party.role, policy::Role::kNode);
  EXPECT_TRUE(egress.party.relay);

  policy::Request ingress = requests.Ingress("lk.police");
  EXPECT_EQ(ingress.direction, policy::Direction::kIngress);
  EXPECT_THAT(ingress.party.groups, IsEmpty());
  EXPECT_FALSE(ingress.party.relay);

  policy::Request read = requests.Read(policy::Role::kAnalyst);
  EXPECT_EQ(read.direction, policy::Direction::kRead);
  EXPECT_EQ(read.party.agency, "au.abf");
  EXPECT_THAT(read.party.groups, ElementsAre("mpsrg"));
  EXPECT_EQ(read.party.role, policy::Role::kAnalyst);
}

TEST(RequestsTest, ReaderRoles) {
  EXPECT_EQ(ReaderRole(security::Role::kOfficer), policy::Role::kOfficer);
  EXPECT_EQ(ReaderRole(security::Role::kAnalyst), policy::Role::kAnalyst);
  EXPECT_EQ(ReaderRole(security::Role::kAdmin), policy::Role::kAdmin);
  EXPECT_EQ(ReaderRole(security::Role::kNode), std::nullopt);
  EXPECT_EQ(ReaderRole(security::Role::kSigning), std::nullopt);
}

// Without a policy file the ceiling alone decides, in the same Decision shape.
TEST(CeilingOnlyTest, AllowsInFullWhatTheCeilingPasses) {
  PolicySource none = [] { return nullptr; };
  Requests requests("au.abf", MpsrgDirectory());
  absl::StatusOr<policy::RecordAttributes> amber =
      Attributes(Body(rilon::v1::TLP_AMBER, {}, {"mpsrg"}));
  ASSERT_TRUE(amber.ok());

  policy::Decision member = Decide(none, *amber, requests.Egress("id.polri", false));
  EXPECT_TRUE(member.allowed());
  EXPECT_EQ(member.basis, policy::Basis::kCeiling);
  EXPECT_EQ(member.ceiling, policy::CeilingVerdict::kPass);
  EXPECT_TRUE(member.form.IsFull());
  EXPECT_THAT(member.rules, IsEmpty());
  EXPECT_EQ(member.policy_version, "");

  policy::Decision outsider = Decide(none, *amber, requests.Egress("th.rtp", false));
  EXPECT_FALSE(outsider.allowed());
  EXPECT_EQ(outsider.basis, policy::Basis::kCeiling);
  EXPECT_EQ(outsider.ceiling, policy::CeilingVerdict::kOutsideAudience);
  EXPECT_THAT(DescribeDecision(outsider, *amber, requests.Egress("th.rtp", false)),
              HasSubstr("outside_audience"));

  EXPECT_TRUE(Decide(none, *amber, requests.Read(policy::Role::kAnalyst)).allowed());
  policy::Decision admin = Decide(none, *amber, requests.Read(policy::Role::kAdmin));
  EXPECT_FALSE(admin.allowed());
  EXPECT_EQ(admin.ceiling, policy::CeilingVerdict::kRoleNotPermitted);
  // An empty source (no function at all) behaves the same.
  EXPECT_TRUE(Decide(PolicySource(), *amber, requests.Egress("my.mmea", false)).allowed());
}

TEST(DecideTest, UsesThePolicyWhenThereIsOne) {
  absl::StatusOr<policy::PolicySpec> spec = policyfile::ParsePolicyText(
      R"(version: "t.1"
agencies: ["id.polri", "my.mmea"]
indicators: ["median_fee_paid"]
rule { id: "no-fees-to-polri" effect: DENY directions: [EGRESS]
       record { indicators: ["median_fee_paid"] } party { agencies: ["id.polri"] } }
rule { id: "shaped" effect: ALLOW directions: [EGRESS]
       form { withhold_fields: ["narrative"] suppress_small_cells: true } }
)",
      "p.textproto");
  ASSERT_TRUE(spec.ok()) << spec.status();
  absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> compiled =
      policy::CompilePolicy(*spec);
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  PolicySource source = [p = *compiled] { return p; };
  Requests requests("au.abf", MpsrgDirectory());
  absl::StatusOr<policy::RecordAttributes> green =
      Attributes(Body(rilon::v1::TLP_GREEN, {}, {"federation"}));
  ASSERT_TRUE(green.ok());

  policy::Decision denied = Decide(source, *green, requests.Egress("id.polri", false));
  EXPECT_FALSE(denied.allowed());
  EXPECT_EQ(denied.basis, policy::Basis::kDenyRule);
  EXPECT_EQ(denied.policy_version, "t.1");
  EXPECT_THAT(DescribeDecision(denied, *green, requests.Egress("id.polri", false)),
              HasSubstr("no-fees-to-polri"));

  policy::Decision shaped = Decide(source, *green, requests.Egress("my.mmea", false));
  EXPECT_TRUE(shaped.allowed());
  EXPECT_TRUE(shaped.form.Withholds(policy::Field::kNarrative));
  EXPECT_EQ(shaped.form.small_cell_k, 5);
  // The ceiling still applies under a policy: th.rtp is outside an mpsrg audience.
  absl::StatusOr<policy::RecordAttributes> amber =
      Attributes(Body(rilon::v1::TLP_AMBER, {}, {"mpsrg"}));
  EXPECT_EQ(Decide(source, *amber, requests.Egress("th.rtp", false)).ceiling,
            policy::CeilingVerdict::kOutsideAudience);
}

}  // namespace
}  // namespace rilon::sharing
