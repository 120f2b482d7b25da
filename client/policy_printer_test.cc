// What `rilon policy explain`, `rilon policy diff` and the policy lines of `rilon node status`
// show people.
#include "client/policy_printer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client/printer.h"

namespace rilon::client {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kId[] = "3f2a9c1d0b7e44556677889900aabbccddeeff00112233445566778899aabbcc";

TEST(PolicyPrinterTest, ExplanationNamesRecordPartyAndKeepsTheNodesText) {
  rilon::v1::PolicyExplanation e;
  e.set_record_id(kId);
  e.set_origin_agency("au.abf");
  e.set_marking(rilon::v1::TLP_GREEN);
  e.set_kind(rilon::v1::TREND_REPORT);
  e.set_direction(rilon::v1::POLICY_EGRESS);
  e.set_party("lk.police");
  e.set_explanation(
      "ALLOW by allow rule \"green\" (line 42), policy p.1\n  1. ceiling: passes\x1b[2J\n");
  std::string text = FormatPolicyExplanation(e);
  EXPECT_THAT(text, HasSubstr(std::string("Record ") + kId +
                              " (trend report of au.abf, TLP:GREEN) sent to lk.police:\n"));
  EXPECT_THAT(text, HasSubstr("ALLOW by allow rule \"green\" (line 42), policy p.1\n"));
  EXPECT_THAT(text, Not(HasSubstr("\x1b")));  // the terminal is not driven by the node's text
  EXPECT_THAT(text, Not(HasSubstr("no sharing policy file")));
  e.set_ceiling_only(true);
  EXPECT_THAT(FormatPolicyExplanation(e), HasSubstr("no sharing policy file"));
}

TEST(PolicyPrinterTest, DiffTableAndFormChanges) {
  rilon::v1::DiffPolicyResponse diff;
  diff.set_old_version("a.1");
  diff.set_new_version("b.1");
  diff.add_receivers("id.polri");
  diff.add_receivers("reader:analyst");
  diff.set_records_examined(10);
  diff.set_records_changed(3);
  diff.set_truncated(true);
  rilon::v1::PolicyRecordChange* c = diff.add_changes();
  c->set_record_id(kId);
  c->set_origin_agency("au.abf");
  c->set_origin_seq(12);
  c->set_marking(rilon::v1::TLP_AMBER);
  c->add_gained("id.polri");
  rilon::v1::PolicyFormChange* f = c->add_form_changes();
  f->set_receiver("reader:analyst");
  f->set_old_form("the record as is");
  f->set_new_form("withhold narrative");
  std::string text = FormatPolicyDiff(diff);
  EXPECT_THAT(text, HasSubstr("Policy a.1 -> b.1: 3 of 10 stored records change (receivers "
                              "compared: id.polri, reader:analyst)\n"));
  EXPECT_THAT(text, HasSubstr("3f2a9c1d0b7e  au.abf  "));
  EXPECT_THAT(text, HasSubstr("TLP:AMBER  id.polri  -     reader:analyst"));
  EXPECT_THAT(
      text, HasSubstr("  3f2a9c1d0b7e  reader:analyst: the record as is -> withhold narrative\n"));
  EXPECT_THAT(text, HasSubstr("2 more changed records not listed"));
}

TEST(PolicyPrinterTest, NoChanges) {
  rilon::v1::DiffPolicyResponse diff;
  diff.set_old_version("a.1");
  diff.set_new_version("a.2");
  diff.set_records_examined(1);
  EXPECT_EQ(FormatPolicyDiff(diff),
            "Policy a.1 -> a.2: 0 of 1 stored record change (receivers compared: -)\n");
}

TEST(PolicyPrinterTest, NodeStatusShowsThePolicyAndARefusedReload) {
  rilon::v1::NodeStatus status;
  EXPECT_THAT(FormatNodeStatus(status), HasSubstr("Sharing policy           none"));
  rilon::v1::PolicyStatus& policy = *status.mutable_policy();
  policy.set_file("/etc/rilon/policy.textproto");
  policy.set_version("2026-07-01.1");
  policy.mutable_last_reload_at()->set_seconds(1790812800);
  policy.set_last_reload_trigger("signal");
  policy.set_last_reload_ok(false);
  policy.set_last_reload_error("p.textproto:3: error: one\np.textproto:9: error: two");
  std::string text = FormatNodeStatus(status);
  EXPECT_THAT(text,
              HasSubstr("Sharing policy           2026-07-01.1 (/etc/rilon/policy.textproto)\n"));
  EXPECT_THAT(text,
              HasSubstr("Last policy reload       2026-10-01 00:00:00 UTC (signal): REFUSED"));
  EXPECT_THAT(text, HasSubstr("\n  p.textproto:3: error: one\n  p.textproto:9: error: two\n"));
  policy.set_last_reload_ok(true);
  EXPECT_THAT(FormatNodeStatus(status), Not(HasSubstr("error: one")));
}

}  // namespace
}  // namespace rilon::client
