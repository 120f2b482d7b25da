// Test helpers for policy/ tests: a small directory (the six agencies of the Maritime People
// Smuggling Response Group "mpsrg" plus two agencies outside it), record and request builders,
// and a compile-or-fail helper. Test-only; not part of rilon_policy.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "policy/compiled_policy.h"
#include "policy/request.h"
#include "policy/spec.h"

namespace rilon::policy::testing {

inline const std::vector<std::string>& GroupMembers() {
  static const auto* members = new std::vector<std::string>{"au.abf",  "bd.police", "id.polri",
                                                            "my.mmea", "th.rtp",    "tl.pntl"};
  return *members;
}

// Response groups of an agency, as the directory would give them.
inline std::vector<std::string> GroupsOf(const std::string& agency) {
  for (const std::string& m : GroupMembers()) {
    if (m == agency) return {"mpsrg"};
  }
  return {};
}

inline RecordAttributes Report(Marking marking, std::string origin, Audience audience) {
  RecordAttributes r;
  r.kind = RecordKind::kTrendReport;
  r.theme = Theme::kPeopleSmuggling;
  r.mode = Mode::kSea;
  r.marking = marking;
  r.origin_agency = std::move(origin);
  r.audience = std::move(audience);
  r.countries = {"ID", "MM"};
  r.route = "Cox's Bazar - Andaman Sea - Aceh";
  r.indicators = {"persons_detected", "vessels_intercepted"};
  return r;
}

inline LocalNode Node(const std::string& agency) { return {agency, GroupsOf(agency)}; }

inline Request Egress(const std::string& from, const std::string& to, bool relay = false) {
  return {Direction::kEgress, Node(from), {to, GroupsOf(to), Role::kNode, relay}};
}
inline Request Ingress(const std::string& at, const std::string& sender, bool relay = false) {
  return {Direction::kIngress, Node(at), {sender, GroupsOf(sender), Role::kNode, relay}};
}
inline Request Read(const std::string& at, Role role) {
  return {Direction::kRead, Node(at), {at, GroupsOf(at), role, false}};
}
inline Request Export(const std::string& at) {
  return {Direction::kExport, Node(at), {"", {}, Role::kPublic, false}};
}

inline std::vector<Declaration> Declare(const std::vector<std::string>& names) {
  std::vector<Declaration> out;
  for (const std::string& n : names) out.push_back({n, 0});
  return out;
}

// A policy header declaring the directory above and the names the tests use.
inline PolicySpec BaseSpec() {
  PolicySpec spec;
  spec.source = "test.textproto";
  spec.version = "test.1";
  spec.agencies = Declare({"au.abf", "bd.police", "id.polri", "my.mmea", "th.rtp", "tl.pntl",
                           "lk.police", "nz.police"});
  spec.groups = Declare({"mpsrg"});
  spec.indicators = Declare({"persons_detected", "vessels_intercepted", "median_fee_usd"});
  spec.routes = Declare({"Cox's Bazar - Andaman Sea - Aceh"});
  spec.agency_sets.push_back({"maritime_group", GroupMembers(), 0});
  return spec;
}

inline RuleSpec Rule(std::string id, Effect effect, int line) {
  RuleSpec rule;
  rule.id = std::move(id);
  rule.effect = effect;
  rule.line = line;
  return rule;
}

// Compiles `spec`, failing the test (and returning null) on error.
inline std::shared_ptr<const CompiledPolicy> MustCompile(const PolicySpec& spec) {
  absl::StatusOr<std::shared_ptr<const CompiledPolicy>> policy = CompilePolicy(spec);
  EXPECT_TRUE(policy.ok()) << policy.status();
  return policy.ok() ? *policy : nullptr;
}

}  // namespace rilon::policy::testing
