// A decision as the API shows it: effect, basis, ceiling, form, rules with their lines and
// descriptions, and the same explanation text `rilon policy explain` prints.
#include "node/policy/decision_view.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "node/policy/policy_diff.h"
#include "policy/explain.h"

namespace rilon::policyfile {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kPolicy[] = R"(version: "view.1"
agencies: ["au.abf", "id.polri"]
rule {
  id: "no-red"
  description: "RED stays home"
  effect: DENY
  directions: [EGRESS]
  record { markings: [TLP_RED] }
}
rule {
  id: "to-polri"
  description: "Polri receives trends without narrative"
  effect: ALLOW
  directions: [EGRESS]
  party { agencies: ["id.polri"] }
  form { withhold_fields: ["narrative"] suppress_small_cells: true }
}
)";

policy::Request ToPolri() {
  return {policy::Direction::kEgress, {"au.abf", {}}, {"id.polri", {}, policy::Role::kNode}};
}

policy::RecordAttributes Record(policy::Marking marking) {
  policy::RecordAttributes r;
  r.kind = policy::RecordKind::kTrendReport;
  r.marking = marking;
  r.origin_agency = "au.abf";
  r.audience.agencies = {"id.polri"};
  return r;
}

TEST(DecisionViewTest, AllowShowsTheDecidingRuleAndForm) {
  absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> p = CompilePolicyText(kPolicy, "p");
  ASSERT_TRUE(p.ok()) << p.status();
  policy::Decision d = (*p)->Explain(Record(policy::Marking::kGreen), ToPolri());
  rilon::v1::PolicyExplanation view;
  FillExplanation(d, p->get(), &view);
  EXPECT_TRUE(view.allowed());
  EXPECT_EQ(view.basis(), "allow_rule");
  EXPECT_EQ(view.ceiling(), "pass");
  EXPECT_EQ(view.policy_version(), "view.1");
  EXPECT_FALSE(view.ceiling_only());
  ASSERT_EQ(view.rules_size(), 1);
  EXPECT_EQ(view.rules(0).id(), "to-polri");
  EXPECT_EQ(view.rules(0).line(), 10);
  EXPECT_EQ(view.rules(0).effect(), "allow");
  EXPECT_EQ(view.rules(0).disposition(), "decided");
  EXPECT_EQ(view.rules(0).description(), "Polri receives trends without narrative");
  EXPECT_THAT(view.form().withheld_fields(), ElementsAre("narrative"));
  EXPECT_EQ(view.form().small_cell_k(), 5);
  EXPECT_THAT(view.form().description(), HasSubstr("withhold narrative"));
  EXPECT_EQ(view.explanation(), policy::FormatDecision(d));
  EXPECT_THAT(view.explanation(), HasSubstr("\"to-polri\" (line 10"));
}

TEST(DecisionViewTest, DenyOverridesAndHasNoForm) {
  absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> p = CompilePolicyText(kPolicy, "p");
  ASSERT_TRUE(p.ok()) << p.status();
  policy::RecordAttributes red = Record(policy::Marking::kRed);
  rilon::v1::PolicyExplanation view;
  FillExplanation((*p)->Explain(red, ToPolri()), p->get(), &view);
  EXPECT_FALSE(view.allowed());
  EXPECT_EQ(view.basis(), "deny_rule");
  EXPECT_FALSE(view.has_form());
  ASSERT_EQ(view.rules_size(), 2);
  EXPECT_EQ(view.rules(0).id(), "no-red");
  EXPECT_EQ(view.rules(0).disposition(), "decided");
  EXPECT_EQ(view.rules(1).id(), "to-polri");
  EXPECT_EQ(view.rules(1).disposition(), "overridden_by_deny");
}

TEST(DecisionViewTest, CeilingOnlyWithoutAPolicy) {
  policy::Decision d;  // what a ceiling-only fallback produces: no rules, no version
  d.effect = policy::Effect::kDeny;
  d.basis = policy::Basis::kCeiling;
  d.ceiling = policy::CeilingVerdict::kOutsideAudience;
  rilon::v1::PolicyExplanation view;
  FillExplanation(d, nullptr, &view);
  EXPECT_TRUE(view.ceiling_only());
  EXPECT_EQ(view.ceiling(), "outside_audience");
  EXPECT_EQ(view.rules_size(), 0);
}

}  // namespace
}  // namespace rilon::policyfile
