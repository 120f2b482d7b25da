// SEND and WITHHOLD entries name the policy version and the rules that decided, each once.
#include "node/audit/audit_entries.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rilon::audit {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

policy::Decision DecidedByRules(std::string version,
                                std::vector<std::pair<std::string, policy::Disposition>> hits) {
  policy::Decision decision;
  decision.policy_version = std::move(version);
  for (auto& [id, disposition] : hits) {
    decision.rules.push_back(policy::RuleHit{.id = id, .disposition = disposition});
  }
  return decision;
}

TEST(AuditEntriesTest, WithheldNamesTheDecidingRulesOnceAndThePolicyVersion) {
  DecidedBy decided;
  decided.Add(
      DecidedByRules("2026-07-01.1", {{"no-export", policy::Disposition::kDecided},
                                      {"green-trends", policy::Disposition::kOverriddenByDeny}}));
  decided.Add(DecidedByRules("2026-07-01.1", {{"no-export", policy::Disposition::kDecided}}));
  decided.Add(DecidedByRules("2026-07-01.1", {{"amber-outside", policy::Disposition::kDecided}}));
  rilon::v1::AuditEntry entry =
      RecordsWithheld("lk.police", 4, 9, {std::string(32, 'a'), std::string(32, 'b')}, decided);
  EXPECT_EQ(entry.action(), rilon::v1::AUDIT_ACTION_WITHHOLD);
  EXPECT_EQ(entry.party(), "lk.police");
  EXPECT_EQ(entry.first_position(), 4u);
  EXPECT_EQ(entry.last_position(), 9u);
  EXPECT_EQ(entry.record_count(), 2u);
  EXPECT_EQ(entry.policy_version(), "2026-07-01.1");
  EXPECT_THAT(entry.rule_ids(), ElementsAre("no-export", "amber-outside"));
}

TEST(AuditEntriesTest, CeilingOnlyDecisionsNameNoRuleAndNoVersion) {
  DecidedBy decided;
  decided.Add(policy::Decision{});  // no policy file: the ceiling alone decided
  rilon::v1::AuditEntry entry = RecordsSent("id.polri", 1, 1, {std::string(32, 'c')}, decided);
  EXPECT_EQ(entry.action(), rilon::v1::AUDIT_ACTION_SEND);
  EXPECT_EQ(entry.policy_version(), "");
  EXPECT_THAT(entry.rule_ids(), IsEmpty());
}

TEST(AuditEntriesTest, AReloadWithinOneMessageKeepsTheLaterVersion) {
  DecidedBy decided;
  decided.Add(DecidedByRules("v1", {{"a", policy::Disposition::kDecided}}));
  decided.Add(DecidedByRules("v2", {{"b", policy::Disposition::kDecided}}));
  EXPECT_EQ(decided.policy_version(), "v2");
  EXPECT_THAT(decided.rule_ids(), ElementsAre("a", "b"));
}

}  // namespace
}  // namespace rilon::audit
