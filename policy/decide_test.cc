// Decisions of compiled policies: default deny, deny overrides allow, the first allow sets the
// form, the ceiling is never widened, matching on every dimension, and thread safety.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <thread>

#include "policy/ceiling.h"
#include "policy/compiled_policy.h"
#include "policy/policy_test_util.h"

namespace rilon::policy {
namespace {

using ::testing::ElementsAre;
using namespace ::rilon::policy::testing;  // NOLINT: test helpers

Audience GroupAudience() { return {{"my.mmea"}, {"mpsrg"}}; }

TEST(DecideTest, NoRulesMeansDefaultDeny) {
  PolicySpec spec = BaseSpec();
  auto policy = MustCompile(spec);
  ASSERT_NE(policy, nullptr);
  const Decision d = policy->Decide(Report(Marking::kGreen, "id.polri", GroupAudience()),
                                    Egress("id.polri", "my.mmea"));
  EXPECT_FALSE(d.allowed());
  EXPECT_EQ(d.basis, Basis::kNoRule);
  EXPECT_EQ(d.ceiling, CeilingVerdict::kPass);
  EXPECT_TRUE(d.rules.empty());
  EXPECT_EQ(d.policy_version, "test.1");
}

// An allow-everything local policy: whatever it says, the ceiling decides what can pass.
TEST(DecideTest, ALocalAllowNeverWidensTheCeiling) {
  PolicySpec spec = BaseSpec();
  spec.rules.push_back(Rule("allow-everything", Effect::kAllow, 10));
  auto policy = MustCompile(spec);
  ASSERT_NE(policy, nullptr);
  const std::vector<std::string> agencies = {"id.polri", "my.mmea", "th.rtp", "lk.police"};
  const std::vector<Audience> audiences = {
      {}, GroupAudience(), {{}, {std::string(kFederationGroup)}}, {{"lk.police"}, {}}};
  int allowed = 0, denied = 0;
  for (Marking m : {Marking::kUnspecified, Marking::kClear, Marking::kGreen, Marking::kAmber,
                    Marking::kAmberStrict, Marking::kRed}) {
    for (const Audience& audience : audiences) {
      const RecordAttributes record = Report(m, "id.polri", audience);
      std::vector<Request> requests;
      for (const std::string& a : agencies) {
        for (const std::string& b : agencies) {
          requests.push_back(Egress(a, b, false));
          requests.push_back(Egress(a, b, true));
          requests.push_back(Ingress(a, b, false));
        }
        for (Role role : {Role::kOfficer, Role::kAnalyst, Role::kAdmin}) {
          requests.push_back(Read(a, role));
        }
        requests.push_back(Export(a));
      }
      for (const Request& request : requests) {
        const Decision d = policy->Decide(record, request);
        const CeilingVerdict ceiling = CheckCeiling(record, request);
        EXPECT_EQ(d.allowed(), ceiling == CeilingVerdict::kPass);
        EXPECT_EQ(d.ceiling, ceiling);
        if (ceiling != CeilingVerdict::kPass) {
          EXPECT_EQ(d.basis, Basis::kCeiling);
          EXPECT_TRUE(d.rules.empty()) << "Decide does not consult rules after the ceiling";
        }
        (d.allowed() ? allowed : denied)++;
      }
    }
  }
  EXPECT_GT(allowed, 100);
  EXPECT_GT(denied, 100);
}

TEST(DecideTest, DenyOverridesAllowWhereverItIs) {
  PolicySpec spec = BaseSpec();
  RuleSpec allow = Rule("allow-green", Effect::kAllow, 10);
  allow.record.markings = {Marking::kGreen};
  RuleSpec deny = Rule("no-lk", Effect::kDeny, 20);  // after the allow in the file
  deny.party.agencies = {"lk.police"};
  spec.rules = {allow, deny};
  auto policy = MustCompile(spec);
  ASSERT_NE(policy, nullptr);
  const RecordAttributes record =
      Report(Marking::kGreen, "id.polri", {{}, {std::string(kFederationGroup)}});

  const Decision to_lk = policy->Decide(record, Egress("id.polri", "lk.police"));
  EXPECT_FALSE(to_lk.allowed());
  EXPECT_EQ(to_lk.basis, Basis::kDenyRule);
  EXPECT_THAT(to_lk.rules, ElementsAre(RuleHit{"allow-green", 10, Effect::kAllow,
                                               Disposition::kOverriddenByDeny},
                                       RuleHit{"no-lk", 20, Effect::kDeny, Disposition::kDecided}));

  const Decision to_nz = policy->Decide(record, Egress("id.polri", "nz.police"));
  EXPECT_TRUE(to_nz.allowed());
  EXPECT_EQ(to_nz.basis, Basis::kAllowRule);
  EXPECT_THAT(to_nz.rules,
              ElementsAre(RuleHit{"allow-green", 10, Effect::kAllow, Disposition::kDecided}));
}

TEST(DecideTest, TheFirstMatchingAllowSetsTheForm) {
  PolicySpec spec = BaseSpec();
  spec.small_cell_threshold = 10;
  RuleSpec group = Rule("group-full", Effect::kAllow, 5);
  group.party.agencies = {"maritime_group"};
  RuleSpec rest = Rule("others-suppressed", Effect::kAllow, 9);
  rest.form.suppress_small_cells = true;
  rest.form.round_to = 5;
  rest.form.withhold_fields = {"narrative", "route"};
  rest.form.withhold_indicators = {"median_fee_usd"};
  spec.rules = {group, rest};
  auto policy = MustCompile(spec);
  ASSERT_NE(policy, nullptr);
  const RecordAttributes record =
      Report(Marking::kGreen, "id.polri", {{}, {std::string(kFederationGroup)}});

  const Decision member = policy->Decide(record, Egress("id.polri", "my.mmea"));
  ASSERT_TRUE(member.allowed());
  EXPECT_TRUE(member.form.IsFull());
  EXPECT_THAT(
      member.rules,
      ElementsAre(RuleHit{"group-full", 5, Effect::kAllow, Disposition::kDecided},
                  RuleHit{"others-suppressed", 9, Effect::kAllow, Disposition::kLaterAllow}));

  const Decision outsider = policy->Decide(record, Egress("id.polri", "nz.police"));
  ASSERT_TRUE(outsider.allowed());
  EXPECT_EQ(outsider.form.small_cell_k, 10);
  EXPECT_EQ(outsider.form.round_to, 5);
  EXPECT_TRUE(outsider.form.Withholds(Field::kNarrative));
  EXPECT_TRUE(outsider.form.Withholds(Field::kRoute));
  EXPECT_FALSE(outsider.form.Withholds(Field::kCountries));
  EXPECT_FALSE(outsider.form.Withholds(Field::kDisaggregations));
  EXPECT_THAT(outsider.form.withheld_indicators, ElementsAre("median_fee_usd"));
  EXPECT_THAT(outsider.rules,
              ElementsAre(RuleHit{"others-suppressed", 9, Effect::kAllow, Disposition::kDecided}));
}

// One rule restricting one dimension; a request it matches and one it does not.
struct DimensionCase {
  std::string name;
  std::function<void(RuleSpec&)> restrict;
  std::function<void(RecordAttributes&, Request&)> miss;
};

TEST(DecideTest, EveryDimensionRestrictsTheRule) {
  const std::vector<DimensionCase> cases = {
      {"direction", [](RuleSpec& r) { r.directions = {Direction::kEgress}; },
       [](RecordAttributes&, Request& q) { q = Ingress("my.mmea", "id.polri"); }},
      {"kind", [](RuleSpec& r) { r.record.kinds = {RecordKind::kTrendReport}; },
       [](RecordAttributes& rec, Request&) { rec.kind = RecordKind::kGroupMessage; }},
      {"theme", [](RuleSpec& r) { r.record.themes = {Theme::kPeopleSmuggling}; },
       [](RecordAttributes& rec, Request&) { rec.theme = Theme::kRelatedCrime; }},
      {"mode",
       [](RuleSpec& r) {
         r.record.modes = {Mode::kSea, Mode::kAir};
       },
       [](RecordAttributes& rec, Request&) { rec.mode = Mode::kLand; }},
      {"marking", [](RuleSpec& r) { r.record.markings = {Marking::kAmber}; },
       [](RecordAttributes& rec, Request&) { rec.marking = Marking::kGreen; }},
      {"origin set", [](RuleSpec& r) { r.record.origins = {"maritime_group"}; },
       [](RecordAttributes& rec, Request& q) {
         rec.origin_agency = "nz.police";
         q.node = Node("nz.police");
       }},
      {"countries",
       [](RuleSpec& r) {
         r.record.countries = {"MM", "BD"};
       },
       [](RecordAttributes& rec, Request&) {
         rec.countries = {"ID", "AU"};
       }},
      {"no countries", [](RuleSpec& r) { r.record.countries = {"MM"}; },
       [](RecordAttributes& rec, Request&) { rec.countries.clear(); }},
      {"route", [](RuleSpec& r) { r.record.routes = {"Cox's Bazar - Andaman Sea - Aceh"}; },
       [](RecordAttributes& rec, Request&) { rec.route = "Kupang - Ashmore Reef"; }},
      {"no route", [](RuleSpec& r) { r.record.routes = {"Cox's Bazar - Andaman Sea - Aceh"}; },
       [](RecordAttributes& rec, Request&) { rec.route.clear(); }},
      {"indicators", [](RuleSpec& r) { r.record.indicators = {"vessels_intercepted"}; },
       [](RecordAttributes& rec, Request&) { rec.indicators = {"persons_detected"}; }},
      {"party agency",
       [](RuleSpec& r) {
         r.party.agencies = {"my.mmea", "th.rtp"};
       },
       [](RecordAttributes&, Request& q) { q = Egress("id.polri", "tl.pntl"); }},
      {"party group", [](RuleSpec& r) { r.party.groups = {"mpsrg"}; },
       [](RecordAttributes& rec, Request& q) {
         rec.audience.agencies.push_back("nz.police");
         q = Egress("id.polri", "nz.police");
       }},
      {"role",
       [](RuleSpec& r) {
         r.party.roles = {Role::kNode, Role::kOfficer};
       },
       [](RecordAttributes&, Request& q) { q = Read("my.mmea", Role::kAnalyst); }},
      {"relay", [](RuleSpec& r) { r.party.relay = false; },
       [](RecordAttributes&, Request& q) { q.party.relay = true; }},
  };
  for (const DimensionCase& c : cases) {
    SCOPED_TRACE(c.name);
    PolicySpec spec = BaseSpec();
    RuleSpec rule = Rule("restricted", Effect::kAllow, 3);
    c.restrict(rule);
    spec.rules = {rule};
    auto policy = MustCompile(spec);
    ASSERT_NE(policy, nullptr);
    RecordAttributes record = Report(Marking::kAmber, "id.polri", GroupAudience());
    Request request = Egress("id.polri", "my.mmea");
    EXPECT_TRUE(policy->Decide(record, request).allowed());
    c.miss(record, request);
    ASSERT_EQ(CheckCeiling(record, request), CeilingVerdict::kPass)
        << "the miss must be the rule's";
    const Decision d = policy->Decide(record, request);
    EXPECT_FALSE(d.allowed());
    EXPECT_EQ(d.basis, Basis::kNoRule);
  }
}

TEST(DecideTest, NamesThePolicyDoesNotKnowMatchOnlyUnrestrictedRules) {
  PolicySpec spec = BaseSpec();
  RuleSpec specific = Rule("from-polri", Effect::kAllow, 3);
  specific.record.origins = {"id.polri"};
  specific.record.indicators = {"persons_detected"};
  specific.form.round_to = 10;
  RuleSpec general = Rule("anyone", Effect::kAllow, 4);
  spec.rules = {specific, general};
  auto policy = MustCompile(spec);
  ASSERT_NE(policy, nullptr);
  RecordAttributes record = Report(Marking::kGreen, "fj.police", {{"my.mmea"}, {}});
  record.indicators = {"brand_new_indicator"};
  Request request = Egress("fj.police", "my.mmea");
  request.node.agency = "fj.police";
  const Decision d = policy->Decide(record, request);
  ASSERT_TRUE(d.allowed());
  EXPECT_THAT(d.rules, ElementsAre(RuleHit{"anyone", 4, Effect::kAllow, Disposition::kDecided}));
  EXPECT_TRUE(d.form.IsFull());
}

// More than one 64-bit word of rules: the deciding rule sits in the third word.
TEST(DecideTest, ManyRulesAcrossBitsetWords) {
  PolicySpec spec = BaseSpec();
  std::vector<std::string> origins;
  for (int i = 0; i < 150; ++i) {
    std::string agency = "zz.agency" + std::to_string(i);
    spec.agencies.push_back({agency, 0});
    RuleSpec rule = Rule("r" + std::to_string(i), Effect::kAllow, 100 + i);
    rule.record.origins = {agency};
    rule.form.round_to = 2 + i;
    spec.rules.push_back(rule);
    origins.push_back(agency);
  }
  auto policy = MustCompile(spec);
  ASSERT_NE(policy, nullptr);
  RecordAttributes record = Report(Marking::kGreen, origins[130], {{"my.mmea"}, {}});
  Request request = Egress(origins[130], "my.mmea");
  const Decision d = policy->Decide(record, request);
  ASSERT_TRUE(d.allowed());
  EXPECT_THAT(d.rules, ElementsAre(RuleHit{"r130", 230, Effect::kAllow, Disposition::kDecided}));
  EXPECT_EQ(d.form.round_to, 132);
}

TEST(DecideTest, ExplainDecidesExactlyLikeDecide) {
  PolicySpec spec = BaseSpec();
  RuleSpec deny = Rule("no-red-egress-to-th", Effect::kDeny, 2);
  deny.directions = {Direction::kEgress};
  deny.party.agencies = {"th.rtp"};
  RuleSpec group = Rule("group", Effect::kAllow, 3);
  group.party.agencies = {"maritime_group"};
  RuleSpec rest = Rule("rest", Effect::kAllow, 4);
  rest.form.suppress_small_cells = true;
  spec.rules = {deny, group, rest};
  auto policy = MustCompile(spec);
  ASSERT_NE(policy, nullptr);
  for (Marking m : {Marking::kClear, Marking::kGreen, Marking::kAmber, Marking::kRed}) {
    const RecordAttributes record = Report(m, "id.polri", GroupAudience());
    for (const Request& request :
         {Egress("id.polri", "th.rtp"), Egress("id.polri", "my.mmea"),
          Egress("id.polri", "lk.police"), Read("my.mmea", Role::kAnalyst), Export("id.polri")}) {
      const Decision fast = policy->Decide(record, request);
      const Decision explained = policy->Explain(record, request);
      EXPECT_EQ(fast.effect, explained.effect);
      EXPECT_EQ(fast.basis, explained.basis);
      EXPECT_EQ(fast.ceiling, explained.ceiling);
      EXPECT_EQ(fast.form, explained.form);
      if (fast.basis != Basis::kCeiling) {
        EXPECT_EQ(fast.rules, explained.rules);
      }
      EXPECT_TRUE(fast.steps.empty());
      EXPECT_FALSE(explained.steps.empty());
    }
  }
}

TEST(DecideTest, ConcurrentDecisionsOnOneSharedPolicy) {
  PolicySpec spec = BaseSpec();
  RuleSpec group = Rule("group", Effect::kAllow, 3);
  group.party.agencies = {"maritime_group"};
  RuleSpec rest = Rule("rest", Effect::kAllow, 4);
  rest.form.suppress_small_cells = true;
  spec.rules = {group, rest};
  std::shared_ptr<const CompiledPolicy> policy = MustCompile(spec);
  ASSERT_NE(policy, nullptr);
  const RecordAttributes record =
      Report(Marking::kGreen, "id.polri", {{}, {std::string(kFederationGroup)}});
  const std::vector<Request> requests = {Egress("id.polri", "my.mmea"),
                                         Egress("id.polri", "lk.police"),
                                         Read("id.polri", Role::kAdmin)};
  std::vector<Decision> expected;
  for (const Request& r : requests) expected.push_back(policy->Decide(record, r));

  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::shared_ptr<const CompiledPolicy> mine = policy;  // as a reloading node would hold it
      for (int i = 0; i < 2000; ++i) {
        const size_t k = (i + t) % requests.size();
        const Decision d = mine->Decide(record, requests[k]);
        if (d.effect != expected[k].effect || d.rules != expected[k].rules ||
            !(d.form == expected[k].form)) {
          ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_THAT(mismatches, ElementsAre(0, 0, 0, 0));
}

}  // namespace
}  // namespace rilon::policy
