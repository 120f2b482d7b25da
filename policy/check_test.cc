// Policy checks: every naming, syntax, reachability and conflict problem is reported with the
// line it concerns, and CompilePolicy refuses a policy with any error.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "policy/compiled_policy.h"
#include "policy/policy_test_util.h"

namespace rilon::policy {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using namespace ::rilon::policy::testing;  // NOLINT: test helpers

std::vector<Diagnostic> Errors(const PolicySpec& spec) {
  std::vector<Diagnostic> errors;
  for (const Diagnostic& d : CheckPolicy(spec)) {
    if (d.is_error()) errors.push_back(d);
  }
  return errors;
}

auto ErrorAt(int line, const std::string& text) {
  return AllOf(Field(&Diagnostic::severity, Diagnostic::Severity::kError),
               Field(&Diagnostic::line, line), Field(&Diagnostic::message, HasSubstr(text)));
}
auto WarningAt(int line, const std::string& text) {
  return AllOf(Field(&Diagnostic::severity, Diagnostic::Severity::kWarning),
               Field(&Diagnostic::line, line), Field(&Diagnostic::message, HasSubstr(text)));
}

// A clean policy in the shape of the worked example: no errors.
PolicySpec Clean() {
  PolicySpec spec = BaseSpec();
  RuleSpec group = Rule("group", Effect::kAllow, 20);
  group.party.agencies = {"maritime_group"};
  group.record.indicators = {"persons_detected", "vessels_intercepted"};
  group.record.routes = {"Cox's Bazar - Andaman Sea - Aceh"};
  group.party.groups = {"mpsrg"};
  RuleSpec rest = Rule("rest", Effect::kAllow, 30);
  rest.record.markings = {Marking::kGreen, Marking::kClear};
  rest.form.suppress_small_cells = true;
  rest.form.withhold_indicators = {"median_fee_usd"};
  RuleSpec carve = Rule("no-export-of-trafficking", Effect::kDeny, 40);
  carve.directions = {Direction::kExport};
  carve.record.themes = {Theme::kTraffickingInPersons};
  spec.rules = {group, rest, carve};
  return spec;
}

TEST(CheckTest, ACleanPolicyHasNoErrors) {
  EXPECT_THAT(Errors(Clean()), IsEmpty());
  EXPECT_NE(MustCompile(Clean()), nullptr);
}

TEST(CheckTest, HeaderProblems) {
  PolicySpec spec = Clean();
  spec.version = "";
  spec.small_cell_threshold = 1;
  EXPECT_THAT(Errors(spec), ElementsAre(ErrorAt(0, "version is required"),
                                        ErrorAt(0, "small_cell_threshold 1 is out of range")));
  spec.version = "has space";
  spec.small_cell_threshold = 1001;
  EXPECT_THAT(Errors(spec), ElementsAre(ErrorAt(0, "version \"has space\" is not usable"),
                                        ErrorAt(0, "small_cell_threshold 1001")));
}

TEST(CheckTest, TheSmallCellThresholdDefaultsToFive) {
  PolicySpec spec = Clean();
  spec.small_cell_threshold = 0;
  auto policy = MustCompile(spec);
  ASSERT_NE(policy, nullptr);
  EXPECT_EQ(policy->small_cell_threshold(), 5);
  EXPECT_EQ(policy->rules()[1].form.small_cell_k, 5);
  spec.small_cell_threshold = 10;
  policy = MustCompile(spec);
  ASSERT_NE(policy, nullptr);
  EXPECT_EQ(policy->rules()[1].form.small_cell_k, 10);
}

TEST(CheckTest, DeclarationProblems) {
  PolicySpec spec = Clean();
  spec.agencies.push_back({"AU.abf", 7});
  spec.agencies.push_back({"au.abf", 8});
  spec.groups.push_back({std::string(kFederationGroup), 9});
  spec.groups.push_back({"Maritime Group", 10});
  spec.indicators.push_back({"Persons", 11});
  spec.routes.push_back({"Cox's Bazar - Andaman Sea - Aceh", 12});
  EXPECT_THAT(Errors(spec),
              ElementsAre(ErrorAt(7, "agency \"AU.abf\" is not an agency id"),
                          ErrorAt(8, "agency \"au.abf\" is declared twice (first on line 0)"),
                          ErrorAt(9, "group \"federation\" is reserved"),
                          ErrorAt(10, "group \"Maritime Group\" is not a group id"),
                          ErrorAt(11, "indicator \"Persons\" is not an indicator code"),
                          ErrorAt(12,
                                  "route \"Cox's Bazar - Andaman Sea - Aceh\" is declared "
                                  "twice")));
}

TEST(CheckTest, AgencySetProblems) {
  PolicySpec spec = Clean();
  spec.agency_sets.push_back({"nested", {"maritime_group", "nz.police"}, 13});  // fine
  spec.agency_sets.push_back({"forward", {"later_set"}, 14});
  spec.agency_sets.push_back({"later_set", {"lk.police"}, 15});
  spec.agency_sets.push_back({"typo", {"au.abff"}, 16});
  spec.agency_sets.push_back({"Bad.Name", {"au.abf"}, 17});
  spec.agency_sets.push_back({"empty", {}, 18});
  spec.agency_sets.push_back({"maritime_group", {"au.abf"}, 19});
  EXPECT_THAT(Errors(spec),
              ElementsAre(ErrorAt(14,
                                  "member \"later_set\" is neither a declared agency nor an "
                                  "agency_set declared above"),
                          ErrorAt(16, "member \"au.abff\""),
                          ErrorAt(17, "agency_set \"Bad.Name\": the name is not usable"),
                          ErrorAt(18, "agency_set \"empty\" has no members"),
                          ErrorAt(19, "agency_set \"maritime_group\" is declared twice")));
}

TEST(CheckTest, RuleNamingProblemsCarryTheRuleLine) {
  PolicySpec spec = Clean();
  RuleSpec bad = Rule("bad", Effect::kAllow, 50);
  bad.record.origins = {"au.abff"};
  bad.record.countries = {"id", "IDN"};
  bad.record.routes = {"Kupang - Ashmore"};
  bad.record.indicators = {"persons"};
  bad.party.agencies = {"nowhere"};
  bad.party.groups = {"mpsrgg"};
  bad.form.withhold_fields = {"narative"};
  bad.form.withhold_indicators = {"fee"};
  spec.rules.push_back(bad);
  EXPECT_THAT(
      Errors(spec),
      ElementsAre(ErrorAt(50,
                          "rule \"bad\": record.origins: \"au.abff\" is neither a declared agency "
                          "nor an agency_set; declare it under agencies or fix the spelling"),
                  ErrorAt(50, "party.agencies: \"nowhere\""),
                  ErrorAt(50,
                          "party.groups: \"mpsrgg\" is not a declared group; declare it under "
                          "groups"),
                  ErrorAt(50, "record.routes: \"Kupang - Ashmore\" is not a declared route"),
                  ErrorAt(50, "record.indicators: \"persons\" is not a declared indicator"),
                  ErrorAt(50, "record.countries: \"id\" is not an ISO 3166-1 alpha-2 code"),
                  ErrorAt(50, "record.countries: \"IDN\""),
                  ErrorAt(50, "form.withhold_fields: \"narative\" is not a field"),
                  ErrorAt(50, "form.withhold_indicators: \"fee\" is not a declared indicator")));
}

TEST(CheckTest, RuleShapeProblems) {
  PolicySpec spec = Clean();
  RuleSpec no_id = Rule("", Effect::kAllow, 51);
  no_id.record.origins = {"lk.police"};
  RuleSpec bad_id = Rule("Green Trends", Effect::kAllow, 52);
  bad_id.record.origins = {"nz.police"};
  RuleSpec dup = Rule("group", Effect::kDeny, 53);
  dup.record.origins = {"tl.pntl"};
  RuleSpec no_effect = Rule("no-effect", Effect::kAllow, 54);
  no_effect.effect.reset();
  RuleSpec unspecified = Rule("unspecified", Effect::kAllow, 55);
  unspecified.record.markings = {Marking::kUnspecified};
  RuleSpec deny_form = Rule("deny-form", Effect::kDeny, 56);
  deny_form.record.origins = {"bd.police"};
  deny_form.form.suppress_small_cells = true;
  RuleSpec round_one = Rule("round-one", Effect::kAllow, 57);
  round_one.record.origins = {"th.rtp"};
  round_one.form.round_to = 1;
  RuleSpec never = Rule("never", Effect::kAllow, 58);
  never.directions = {Direction::kEgress, Direction::kExport};
  never.party.roles = {Role::kAnalyst};
  spec.rules.insert(spec.rules.begin(),
                    {no_id, bad_id, dup, no_effect, unspecified, deny_form, round_one, never});
  EXPECT_THAT(
      Errors(spec),
      ElementsAre(ErrorAt(20, "rule \"group\": the id is already used by the rule on line 53"),
                  ErrorAt(51, "rule #1: id is required"),
                  ErrorAt(52, "rule \"Green Trends\": the id is not usable"),
                  ErrorAt(54, "rule \"no-effect\": effect is required: ALLOW or DENY"),
                  ErrorAt(55, "record.markings lists an unspecified value"),
                  ErrorAt(56, "a form on a deny rule has no effect"),
                  ErrorAt(57, "form.round_to 1 is not a rounding base"),
                  ErrorAt(58,
                          "rule \"never\": can never match: none of its roles (analyst) "
                          "takes part in its directions (egress, export)")));
}

TEST(CheckTest, AnAllowCoveredByADenyIsUnreachable) {
  PolicySpec spec = Clean();
  RuleSpec deny = Rule("no-polri-to-lk", Effect::kDeny, 60);
  deny.record.origins = {"id.polri"};
  deny.party.agencies = {"lk.police"};
  RuleSpec allow = Rule("polri-amber-to-lk", Effect::kAllow, 70);
  allow.record.origins = {"id.polri"};
  allow.record.markings = {Marking::kAmber};
  allow.party.agencies = {"lk.police"};
  spec.rules.push_back(deny);
  spec.rules.push_back(allow);
  EXPECT_THAT(Errors(spec),
              ElementsAre(ErrorAt(70,
                                  "rule \"polri-amber-to-lk\" is unreachable: deny rule "
                                  "\"no-polri-to-lk\" (line 60) matches every request it "
                                  "matches")));
}

TEST(CheckTest, AnAllowAndADenyWithTheSameMatchConflict) {
  PolicySpec spec = Clean();
  RuleSpec allow = Rule("lk-allow", Effect::kAllow, 60);
  allow.party.agencies = {"lk.police"};
  allow.record.markings = {Marking::kAmber};
  RuleSpec deny = Rule("lk-deny", Effect::kDeny, 70);
  deny.party.agencies = {"lk.police"};
  deny.record.markings = {Marking::kAmber};
  spec.rules.insert(spec.rules.begin(), {allow, deny});
  EXPECT_THAT(Errors(spec), ElementsAre(ErrorAt(60,
                                                "rule \"lk-allow\" conflicts with deny rule "
                                                "\"lk-deny\" (line 70)")));
}

TEST(CheckTest, AnAllowAfterABroaderAllowIsUnreachable) {
  PolicySpec spec = Clean();
  RuleSpec late = Rule("green-to-lk", Effect::kAllow, 60);
  late.record.markings = {Marking::kGreen};
  late.party.agencies = {"lk.police"};
  spec.rules.push_back(late);
  EXPECT_THAT(Errors(spec), ElementsAre(ErrorAt(60,
                                                "rule \"green-to-lk\" is unreachable: the "
                                                "earlier allow rule \"rest\" (line 30)")));
  // The same rule placed first is the more specific one, and fine.
  spec.rules.pop_back();
  spec.rules.insert(spec.rules.begin(), late);
  EXPECT_THAT(Errors(spec), IsEmpty());
}

TEST(CheckTest, ADenyCoveredByAnotherDenyIsUnreachable) {
  PolicySpec spec = Clean();
  RuleSpec narrow = Rule("no-tip-export-from-polri", Effect::kDeny, 35);
  narrow.directions = {Direction::kExport};
  narrow.record.themes = {Theme::kTraffickingInPersons};
  narrow.record.origins = {"id.polri"};
  RuleSpec twin = Rule("twin", Effect::kDeny, 45);
  twin.directions = {Direction::kExport};
  twin.record.themes = {Theme::kTraffickingInPersons};
  spec.rules.insert(spec.rules.begin() + 2, narrow);
  spec.rules.push_back(twin);
  EXPECT_THAT(Errors(spec),
              ElementsAre(ErrorAt(35,
                                  "rule \"no-tip-export-from-polri\" is unreachable: deny "
                                  "rule \"no-export-of-trafficking\" (line 40) already "
                                  "denies"),
                          ErrorAt(45,
                                  "rule \"twin\" is unreachable: deny rule "
                                  "\"no-export-of-trafficking\" (line 40)")));
}

TEST(CheckTest, AnAllowTheCeilingAlwaysDeniesIsUnreachable) {
  PolicySpec spec = Clean();
  RuleSpec export_amber = Rule("export-amber", Effect::kAllow, 61);
  export_amber.directions = {Direction::kExport};
  export_amber.record.markings = {Marking::kAmber, Marking::kGreen};
  RuleSpec red_analysts = Rule("red-analysts", Effect::kAllow, 62);
  red_analysts.directions = {Direction::kRead};
  red_analysts.party.roles = {Role::kAnalyst, Role::kAdmin};
  red_analysts.record.markings = {Marking::kRed};
  RuleSpec strict_relay = Rule("strict-relay", Effect::kAllow, 63);
  strict_relay.party.relay = true;
  strict_relay.directions = {Direction::kEgress};
  strict_relay.record.markings = {Marking::kAmberStrict, Marking::kRed};
  spec.rules.insert(spec.rules.begin(), {export_amber, red_analysts, strict_relay});
  EXPECT_THAT(Errors(spec),
              ElementsAre(ErrorAt(61,
                                  "rule \"export-amber\" is unreachable: the originator's "
                                  "ceiling denies every request it matches"),
                          ErrorAt(62,
                                  "rule \"red-analysts\" is unreachable: the originator's "
                                  "ceiling"),
                          ErrorAt(63,
                                  "rule \"strict-relay\" is unreachable: the originator's "
                                  "ceiling")));
}

TEST(CheckTest, PartialOverlapsAreFine) {
  PolicySpec spec = Clean();
  // A deny carve-out narrower than an allow; an allow overlapping a deny on some markings.
  RuleSpec carve = Rule("no-fee-to-lk", Effect::kDeny, 60);
  carve.record.indicators = {"median_fee_usd"};
  carve.party.agencies = {"lk.police"};
  spec.rules.push_back(carve);
  EXPECT_THAT(Errors(spec), IsEmpty());
}

TEST(CheckTest, WarningsForUnusedNamesAndNoRules) {
  PolicySpec spec = Clean();
  spec.agency_sets.push_back({"unused_set", {"lk.police"}, 22});
  spec.indicators.push_back({"facilitators_arrested", 23});
  const std::vector<Diagnostic> all = CheckPolicy(spec);
  EXPECT_THAT(all, Contains(WarningAt(22, "agency_set \"unused_set\" is declared but no rule")));
  EXPECT_THAT(all, Contains(WarningAt(23, "indicator \"facilitators_arrested\" is declared but")));
  EXPECT_THAT(all, Contains(WarningAt(0, "agency \"nz.police\" is declared but")));
  EXPECT_THAT(Errors(spec), IsEmpty());
  auto policy = MustCompile(spec);
  ASSERT_NE(policy, nullptr);
  EXPECT_THAT(policy->warnings(), Contains(WarningAt(22, "unused_set")));

  PolicySpec empty = BaseSpec();
  EXPECT_THAT(CheckPolicy(empty), Contains(WarningAt(0,
                                                     "the policy has no rules, so every "
                                                     "request is denied")));
}

TEST(CheckTest, DiagnosticsAreOrderedByLine) {
  PolicySpec spec = Clean();
  spec.rules[0].record.origins = {"xx.nobody"};  // line 20
  spec.agencies.push_back({"BAD", 3});
  const std::vector<Diagnostic> errors = Errors(spec);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].line, 3);
  EXPECT_EQ(errors[1].line, 20);
}

TEST(CheckTest, CompileRefusesAPolicyWithErrorsAndListsThemAll) {
  PolicySpec spec = Clean();
  spec.source = "/etc/rilon/policy.textproto";
  spec.rules[0].record.origins = {"xx.nobody"};
  spec.rules[1].form.withhold_fields = {"names"};
  absl::StatusOr<std::shared_ptr<const CompiledPolicy>> policy = CompilePolicy(spec);
  ASSERT_EQ(policy.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(policy.status().message()),
              AllOf(HasSubstr("sharing policy /etc/rilon/policy.textproto has 2 errors; the "
                              "policy is not used:\n"),
                    HasSubstr("/etc/rilon/policy.textproto:20: error: rule \"group\": "
                              "record.origins: \"xx.nobody\""),
                    HasSubstr("/etc/rilon/policy.textproto:30: error: rule \"rest\": "
                              "form.withhold_fields: \"names\" is not a field")));
}

TEST(CheckTest, DiagnosticToString) {
  EXPECT_EQ((Diagnostic{Diagnostic::Severity::kError, 12, "bad"}).ToString("p.textproto"),
            "p.textproto:12: error: bad");
  EXPECT_EQ((Diagnostic{Diagnostic::Severity::kWarning, 0, "meh"}).ToString("p.textproto"),
            "p.textproto: warning: meh");
}

}  // namespace
}  // namespace rilon::policy
