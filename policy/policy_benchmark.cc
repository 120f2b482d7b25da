// Decisions per second for a 200-rule policy (issue 4, point 8: target >= 500,000 per core),
// plus the cost of Explain, of compiling the policy (what a reload pays) and of protecting a
// report's table. Single-threaded: items_per_second is decisions per second on one core.
//
//   policy_benchmark --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "policy/compiled_policy.h"
#include "policy/disclosure_control.h"

namespace rilon::policy {
namespace {

constexpr int kAgencies = 60;
constexpr int kIndicators = 20;
constexpr int kRoutes = 10;

std::string Agency(int i) {
  return std::string{static_cast<char>('a' + i / 26 % 26), static_cast<char>('a' + i % 26)} +
         ".agency" + std::to_string(i);
}
std::string Indicator(int i) { return "indicator_" + std::to_string(i); }
std::string Route(int i) { return "route " + std::to_string(i); }
std::string Country(int i) {
  return std::string{static_cast<char>('A' + i / 26 % 26), static_cast<char>('A' + i % 26)};
}

// 200 rules: 40 deny carve-outs (origin x agency set x indicator), 150 allows for
// (origin, peer) pairs with markings, countries and forms, and 10 general rules at the end.
PolicySpec TwoHundredRules() {
  PolicySpec spec;
  spec.source = "benchmark";
  spec.version = "bench.1";
  for (int i = 0; i < kAgencies; ++i) spec.agencies.push_back({Agency(i), 0});
  for (int i = 0; i < kIndicators; ++i) spec.indicators.push_back({Indicator(i), 0});
  for (int i = 0; i < kRoutes; ++i) spec.routes.push_back({Route(i), 0});
  spec.groups = {{"mpsrg", 0}, {"prevention", 0}, {"investigation", 0}, {"technology", 0}};
  for (int s = 0; s < 5; ++s) {
    AgencySetSpec set{"set_" + std::to_string(s), {}, 0};
    for (int i = s * 12; i < s * 12 + 12; ++i) set.members.push_back(Agency(i));
    spec.agency_sets.push_back(set);
  }
  int line = 1;
  for (int i = 0; i < 40; ++i) {
    RuleSpec rule;
    rule.id = "deny-" + std::to_string(i);
    rule.effect = Effect::kDeny;
    rule.line = line++;
    rule.directions = {Direction::kEgress};
    rule.record.origins = {Agency(i)};
    rule.party.agencies = {"set_" + std::to_string(i % 5)};
    rule.record.indicators = {Indicator(i % kIndicators)};
    spec.rules.push_back(rule);
  }
  for (int i = 0; i < 150; ++i) {
    RuleSpec rule;
    rule.id = "allow-" + std::to_string(i);
    rule.effect = Effect::kAllow;
    rule.line = line++;
    rule.directions = {Direction::kEgress, Direction::kIngress};
    rule.record.kinds = {RecordKind::kTrendReport};
    rule.record.origins = {Agency(i % kAgencies)};
    rule.party.agencies = {Agency((i / kAgencies + 1 + i) % kAgencies)};
    if (i % 3 == 0) rule.record.markings = {Marking::kGreen, Marking::kAmber};
    if (i % 4 == 0) rule.record.countries = {Country(i % 30), Country((i + 7) % 30)};
    if (i % 5 == 0) rule.record.routes = {Route(i % kRoutes)};
    if (i % 2 == 0) rule.form.suppress_small_cells = true;
    if (i % 7 == 0) rule.form.withhold_fields = {"narrative"};
    spec.rules.push_back(rule);
  }
  const std::vector<Marking> general_markings = {Marking::kClear, Marking::kGreen};
  for (int i = 0; i < 10; ++i) {
    RuleSpec rule;
    rule.id = "general-" + std::to_string(i);
    rule.effect = Effect::kAllow;
    rule.line = line++;
    switch (i % 5) {
      case 0:
        rule.directions = {Direction::kEgress};
        rule.record.themes = {static_cast<Theme>(1 + i / 5)};
        rule.record.markings = general_markings;
        rule.form.suppress_small_cells = true;
        rule.form.round_to = 5;
        break;
      case 1:
        rule.directions = {Direction::kIngress};
        rule.record.themes = {static_cast<Theme>(1 + i / 5)};
        break;
      case 2:
        rule.directions = {Direction::kRead};
        rule.party.roles = {Role::kOfficer};
        rule.record.modes = {static_cast<Mode>(1 + i / 5)};
        break;
      case 3:
        rule.directions = {Direction::kRead};
        rule.party.roles = {Role::kAnalyst};
        rule.party.groups = {i < 5 ? "mpsrg" : "prevention"};
        break;
      case 4:
        rule.directions = {Direction::kExport};
        rule.record.markings = {Marking::kClear};
        rule.record.modes = {static_cast<Mode>(1 + i / 5)};
        rule.form.round_to = 10;
        break;
    }
    spec.rules.push_back(rule);
  }
  return spec;
}

struct Case {
  RecordAttributes record;
  Request request;
};

std::vector<Case> Cases() {
  std::mt19937 rng(42);
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  std::vector<Case> cases;
  for (int i = 0; i < 1024; ++i) {
    Case c;
    const int origin = pick(kAgencies);
    c.record.kind = RecordKind::kTrendReport;
    c.record.theme = static_cast<Theme>(1 + pick(3));
    c.record.mode = static_cast<Mode>(1 + pick(4));
    c.record.marking = static_cast<Marking>(1 + pick(4));  // CLEAR .. AMBER+STRICT
    c.record.origin_agency = Agency(origin);
    c.record.audience.groups = {pick(10) < 7 ? "federation" : "mpsrg"};
    for (int k = 0; k < 5; ++k) c.record.audience.agencies.push_back(Agency(pick(kAgencies)));
    for (int k = 0; k < 1 + pick(3); ++k) c.record.countries.push_back(Country(pick(30)));
    c.record.route = Route(pick(kRoutes));
    for (int k = 0; k < 3 + pick(6); ++k)
      c.record.indicators.push_back(Indicator(pick(kIndicators)));
    const int party = pick(kAgencies + 5);  // a few agencies the policy does not know
    const std::string party_agency =
        party < kAgencies ? Agency(party) : "zz.unknown" + std::to_string(party);
    const std::vector<std::string> party_groups = {pick(2) ? "mpsrg" : "investigation"};
    switch (pick(4)) {
      case 0:
      case 1:
        c.request = {Direction::kEgress,
                     {c.record.origin_agency, {"mpsrg"}},
                     {party_agency, party_groups, Role::kNode, pick(8) == 0}};
        break;
      case 2:
        c.request = {Direction::kIngress,
                     {party_agency, party_groups},
                     {c.record.origin_agency, {"mpsrg"}, Role::kNode, false}};
        break;
      default:
        c.request = {
            Direction::kRead,
            {party_agency, party_groups},
            {party_agency, party_groups, pick(2) ? Role::kOfficer : Role::kAnalyst, false}};
        break;
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

std::shared_ptr<const CompiledPolicy> Compiled() {
  absl::StatusOr<std::shared_ptr<const CompiledPolicy>> policy = CompilePolicy(TwoHundredRules());
  if (!policy.ok()) {
    std::fprintf(stderr, "%s\n", std::string(policy.status().message()).c_str());
    std::abort();
  }
  return *policy;
}

void BM_Decide200Rules(benchmark::State& state) {
  const std::shared_ptr<const CompiledPolicy> policy = Compiled();
  const std::vector<Case> cases = Cases();
  size_t i = 0;
  int64_t allowed = 0;
  for (auto _ : state) {
    const Case& c = cases[i++ & 1023];
    Decision d = policy->Decide(c.record, c.request);
    allowed += d.allowed();
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["rules"] = static_cast<double>(policy->rules().size());
  state.counters["allowed_share"] =
      static_cast<double>(allowed) / static_cast<double>(std::max<int64_t>(1, state.iterations()));
}
BENCHMARK(BM_Decide200Rules);

void BM_Explain200Rules(benchmark::State& state) {
  const std::shared_ptr<const CompiledPolicy> policy = Compiled();
  const std::vector<Case> cases = Cases();
  size_t i = 0;
  for (auto _ : state) {
    const Case& c = cases[i++ & 1023];
    benchmark::DoNotOptimize(policy->Explain(c.record, c.request));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Explain200Rules);

void BM_Compile200Rules(benchmark::State& state) {
  const PolicySpec spec = TwoHundredRules();
  for (auto _ : state) benchmark::DoNotOptimize(CompilePolicy(spec));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Compile200Rules);

void BM_ProtectTable6x5(benchmark::State& state) {
  std::mt19937 rng(7);
  std::vector<int64_t> values;
  for (int i = 0; i < 30; ++i) values.push_back(std::uniform_int_distribution<int>(0, 40)(rng));
  const StatTable table =
      *TwoWayTable({"a", "b", "c", "d", "e", "f"}, {"p", "q", "r", "s", "t"}, values);
  for (auto _ : state) benchmark::DoNotOptimize(ProtectTable(table, {5, 0}));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ProtectTable6x5);

}  // namespace
}  // namespace rilon::policy

BENCHMARK_MAIN();
