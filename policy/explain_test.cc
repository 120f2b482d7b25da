// Explanations: what `rilon policy explain` prints for allow, deny-rule, default and ceiling
// decisions, and the one-line form descriptions.
#include "policy/explain.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "policy/compiled_policy.h"
#include "policy/policy_test_util.h"

namespace rilon::policy {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using namespace ::rilon::policy::testing;  // NOLINT: test helpers

std::shared_ptr<const CompiledPolicy> Policy() {
  PolicySpec spec = BaseSpec();
  spec.version = "2026-07-01.1";
  RuleSpec deny = Rule("no-fee-to-lk", Effect::kDeny, 12);
  deny.description = "Fees stay in the region";
  deny.record.indicators = {"median_fee_usd"};
  deny.party.agencies = {"lk.police"};
  RuleSpec group = Rule("group-full", Effect::kAllow, 20);
  group.party.agencies = {"maritime_group"};
  RuleSpec rest = Rule("green-federation", Effect::kAllow, 30);
  rest.description = "GREEN to every member, small cells suppressed";
  rest.record.markings = {Marking::kGreen};
  rest.form.suppress_small_cells = true;
  rest.form.withhold_fields = {"narrative"};
  spec.rules = {deny, group, rest};
  return MustCompile(spec);
}

const Audience kFederation{{}, {"federation"}};

TEST(ExplainTest, AnAllowNamesTheRuleTheLaterMatchesAndTheForm) {
  auto policy = Policy();
  ASSERT_NE(policy, nullptr);
  const Decision d = policy->Explain(Report(Marking::kGreen, "id.polri", kFederation),
                                     Egress("id.polri", "my.mmea"));
  ASSERT_TRUE(d.allowed());
  ASSERT_EQ(d.steps.size(), 4u);
  EXPECT_EQ(d.steps[0].stage, Stage::kCeiling);
  EXPECT_THAT(d.steps[0].text,
              AllOf(StartsWith("TLP:GREEN trend_report of id.polri: passes; my.mmea is in the "
                               "audience through group 'federation' (every member)"),
                    HasSubstr("TLP:GREEN stays within the federation")));
  EXPECT_EQ(d.steps[1].text, "none matched.");
  EXPECT_EQ(d.steps[2].text,
            "\"group-full\" (line 20) is the first allow that matches; it decides and sets the "
            "form. Also matched, not used (an earlier allow decides): \"green-federation\" "
            "(line 30: GREEN to every member, small cells suppressed).");
  EXPECT_EQ(d.steps[3].stage, Stage::kForm);
  EXPECT_EQ(d.steps[3].text, "the record as is.");
  EXPECT_THAT(FormatDecision(d),
              AllOf(StartsWith("ALLOW by allow rule \"group-full\" (line 20), policy "
                               "2026-07-01.1\n  1. ceiling: "),
                    HasSubstr("  4. form: the record as is.\n"),
                    HasSubstr("rules matched:\n  group-full  line 20  allow  decided\n"
                              "  green-federation  line 30  allow  later_allow\n")));
}

TEST(ExplainTest, TheFormOfAnOutsider) {
  auto policy = Policy();
  ASSERT_NE(policy, nullptr);
  const Decision d = policy->Explain(Report(Marking::kGreen, "id.polri", kFederation),
                                     Egress("id.polri", "nz.police"));
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(d.steps.back().text,
            "withhold narrative; suppress counts 1..4 (k=5) with secondary suppression.");
}

TEST(ExplainTest, ADenyRuleOverridesAndSaysSo) {
  auto policy = Policy();
  ASSERT_NE(policy, nullptr);
  RecordAttributes record = Report(Marking::kGreen, "id.polri", kFederation);
  record.indicators.push_back("median_fee_usd");
  const Decision d = policy->Explain(record, Egress("id.polri", "lk.police"));
  EXPECT_FALSE(d.allowed());
  EXPECT_EQ(d.basis, Basis::kDenyRule);
  ASSERT_EQ(d.steps.size(), 3u);
  EXPECT_EQ(d.steps[1].text,
            "\"no-fee-to-lk\" (line 12: Fees stay in the region) matches; deny overrides every "
            "allow.");
  EXPECT_EQ(d.steps[2].text,
            "\"green-federation\" (line 30: GREEN to every member, small cells suppressed) "
            "matched but the deny overrides it.");
  EXPECT_THAT(FormatDecision(d), StartsWith("DENY by deny rule \"no-fee-to-lk\" (line 12)"));
}

TEST(ExplainTest, NothingMatchedIsTheDefaultDeny) {
  auto policy = Policy();
  ASSERT_NE(policy, nullptr);
  const Decision d = policy->Explain(Report(Marking::kAmber, "id.polri", kFederation),
                                     Egress("id.polri", "nz.police"));
  EXPECT_EQ(d.basis, Basis::kNoRule);
  ASSERT_EQ(d.steps.size(), 4u);
  EXPECT_EQ(d.steps[3].stage, Stage::kDefault);
  EXPECT_THAT(FormatDecision(d), StartsWith("DENY by default (no rule matched), policy "));
}

TEST(ExplainTest, ACeilingDenialListsTheRulesThatWereNotConsulted) {
  auto policy = Policy();
  ASSERT_NE(policy, nullptr);
  const Decision d = policy->Explain(Report(Marking::kGreen, "id.polri", {{"my.mmea"}, {}}),
                                     Egress("id.polri", "th.rtp"));
  EXPECT_EQ(d.basis, Basis::kCeiling);
  EXPECT_EQ(d.ceiling, CeilingVerdict::kOutsideAudience);
  EXPECT_THAT(d.rules, ElementsAre(Field(&RuleHit::disposition, Disposition::kNotConsulted),
                                   Field(&RuleHit::disposition, Disposition::kNotConsulted)));
  ASSERT_EQ(d.steps.size(), 2u);
  EXPECT_THAT(d.steps[0].text, HasSubstr("denied: th.rtp is not in the audience"));
  EXPECT_THAT(d.steps[1].text,
              HasSubstr("local rules are not consulted after a ceiling denial; these would have "
                        "matched: allow \"group-full\" (line 20); allow \"green-federation\""));
  EXPECT_THAT(FormatDecision(d),
              StartsWith("DENY by the originator's ceiling (outside_audience), policy "));
}

TEST(ExplainTest, FormattingADecideResultUsesTheStructuredFields) {
  auto policy = Policy();
  ASSERT_NE(policy, nullptr);
  const Decision d = policy->Decide(Report(Marking::kGreen, "id.polri", kFederation),
                                    Egress("id.polri", "nz.police"));
  EXPECT_EQ(FormatDecision(d),
            "ALLOW by allow rule \"green-federation\" (line 30), policy 2026-07-01.1\n"
            "  form: withhold narrative; suppress counts 1..4 (k=5) with secondary suppression\n"
            "rules matched:\n"
            "  green-federation  line 30  allow  decided\n");
}

TEST(ExplainTest, DescribeForm) {
  EXPECT_EQ(DescribeForm(Form{}), "the record as is");
  Form form;
  form.withheld_fields =
      (1u << static_cast<int>(Field::kRoute)) | (1u << static_cast<int>(Field::kDisaggregations));
  form.withheld_indicators = {"median_fee_usd", "persons_detected"};
  form.round_to = 10;
  EXPECT_EQ(DescribeForm(form),
            "withhold route, disaggregations; drop indicators median_fee_usd, persons_detected; "
            "round counts to base 10");
}

}  // namespace
}  // namespace rilon::policy
