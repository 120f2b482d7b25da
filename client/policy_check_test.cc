// `rilon policy check FILE`: run as main.cc runs it (parsed arguments in, text and a status out),
// on the shipped example and on files with each kind of problem the node refuses.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "client/cli_args.h"
#include "client/command_specs.h"
#include "client/commands/commands.h"
#include "client/exit_codes.h"
#include "client/test_temp_dir.h"

namespace rilon::client {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string ExamplePolicy() {
  const char* root = std::getenv("RILON_SOURCE_DIR");
  return std::string(root == nullptr ? "." : root) + "/deploy/policy.example.textproto";
}

struct CheckRun {
  absl::Status status;
  std::string out;
};

CheckRun Check(const std::vector<std::string>& argv) {
  absl::StatusOr<ParsedArgs> args = ParseArgs(argv, GlobalFlags(), Commands());
  EXPECT_TRUE(args.ok()) << args.status();
  char* buffer = nullptr;
  size_t size = 0;
  std::FILE* out = open_memstream(&buffer, &size);
  CheckRun run;
  run.status = RunPolicyCheck(CommandContext{*args, ClientSettings{}, args->Has("json"), out, out});
  std::fclose(out);
  run.out.assign(buffer, size);
  std::free(buffer);
  return run;
}

constexpr char kHeader[] = R"(version: "2026-08-01.1"
agencies: ["au.abf", "id.polri"]
)";

TEST(PolicyCheckTest, ShippedExampleIsValidWithVersionAndRuleCount) {
  CheckRun run = Check({"policy", "check", ExamplePolicy()});
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(run.out, HasSubstr(": valid: policy 2026-07-01.1, 8 rules"));
  EXPECT_THAT(run.out, Not(HasSubstr("error")));
}

TEST(PolicyCheckTest, ShippedExampleAsJson) {
  CheckRun run = Check({"policy", "check", ExamplePolicy(), "--json"});
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(run.out, HasSubstr(R"("valid": true)"));
  EXPECT_THAT(run.out, HasSubstr(R"("version": "2026-07-01.1")"));
  EXPECT_THAT(run.out, HasSubstr(R"("rules": 8)"));
  EXPECT_THAT(run.out, HasSubstr(R"("errors": 0)"));
}

TEST(PolicyCheckTest, UnknownKeyIsAnInputErrorWithLineAndColumn) {
  TestTempDir dir;
  const std::string file = dir.Write("policy.textproto", std::string(kHeader) + R"(rule {
  id: "send"
  efect: ALLOW
}
)");
  CheckRun run = Check({"policy", "check", file});
  EXPECT_EQ(run.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ExitCodeOf(run.status), ExitCode::kInvalidInput);
  EXPECT_THAT(std::string(run.status.message()), HasSubstr(file + ":5:"));
  EXPECT_THAT(std::string(run.status.message()), HasSubstr("efect"));
}

TEST(PolicyCheckTest, UnknownNameIsAnErrorOnItsLine) {
  TestTempDir dir;
  const std::string file = dir.Write("policy.textproto", std::string(kHeader) + R"(rule {
  id: "send"
  effect: ALLOW
  directions: [EGRESS]
  party { agencies: ["th.rpt"] }
}
)");
  CheckRun run = Check({"policy", "check", file});
  EXPECT_EQ(ExitCodeOf(run.status), ExitCode::kInvalidInput);
  EXPECT_THAT(std::string(run.status.message()), HasSubstr("has 1 error"));
  EXPECT_THAT(run.out, HasSubstr(file + ":3: error: rule \"send\""));
  EXPECT_THAT(run.out, HasSubstr("th.rpt"));
  EXPECT_THAT(run.out, HasSubstr("NOT valid: 1 error"));
}

TEST(PolicyCheckTest, ConflictingAndUnreachableRulesAreErrors) {
  TestTempDir dir;
  const std::string file = dir.Write("policy.textproto", std::string(kHeader) + R"(rule {
  id: "all-egress"
  effect: ALLOW
  directions: [EGRESS]
}
rule {
  id: "to-polri"
  effect: ALLOW
  directions: [EGRESS]
  party { agencies: ["id.polri"] }
}
rule {
  id: "no-egress"
  effect: DENY
  directions: [EGRESS]
}
)");
  CheckRun run = Check({"policy", "check", file, "--json"});
  EXPECT_EQ(ExitCodeOf(run.status), ExitCode::kInvalidInput);
  EXPECT_THAT(run.out, HasSubstr(R"("valid": false)"));
  // to-polri is covered by all-egress; all-egress conflicts with (is overridden by) no-egress.
  EXPECT_THAT(run.out, HasSubstr("\"line\": 8"));
  EXPECT_THAT(run.out, HasSubstr("to-polri"));
  EXPECT_THAT(run.out, HasSubstr("\"line\": 3"));
  EXPECT_THAT(run.out, HasSubstr("all-egress"));
}

TEST(PolicyCheckTest, WarningsDoNotMakeAPolicyInvalid) {
  TestTempDir dir;
  // id.polri is declared and never used: a warning.
  const std::string file = dir.Write("policy.textproto", std::string(kHeader) + R"(rule {
  id: "send-to-abf"
  effect: ALLOW
  directions: [EGRESS]
  party { agencies: ["au.abf"] }
}
)");
  CheckRun run = Check({"policy", "check", file});
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(run.out, HasSubstr(file + ":2: warning:"));
  EXPECT_THAT(run.out, HasSubstr("valid: policy 2026-08-01.1, 1 rule (1 warning)"));
}

TEST(PolicyCheckTest, MissingFileIsAnInputError) {
  TestTempDir dir;
  CheckRun run = Check({"policy", "check", dir.path() + "/absent.textproto"});
  EXPECT_EQ(ExitCodeOf(run.status), ExitCode::kInvalidInput);
  EXPECT_THAT(std::string(run.status.message()), HasSubstr("does not exist"));
}

// `policy explain` checks its flags before it connects: these never reach a node.
absl::Status Explain(const std::vector<std::string>& argv) {
  absl::StatusOr<ParsedArgs> args = ParseArgs(argv, GlobalFlags(), Commands());
  EXPECT_TRUE(args.ok()) << args.status();
  return RunPolicyExplain(CommandContext{*args, ClientSettings{}, false, stdout, stderr});
}

constexpr char kRecordId[] = "3f2a9c1d0b7e44556677889900aabbccddeeff00112233445566778899aabbcc";

TEST(PolicyExplainFlagsTest, NeedsARecordAndExactlyOneParty) {
  absl::Status no_record = Explain({"policy", "explain", "--to", "id.polri"});
  EXPECT_EQ(ExitCodeOf(no_record), ExitCode::kUsage);
  EXPECT_THAT(std::string(no_record.message()), HasSubstr("--record ID is required"));

  absl::Status no_party = Explain({"policy", "explain", "--record", kRecordId});
  EXPECT_EQ(ExitCodeOf(no_party), ExitCode::kUsage);
  EXPECT_THAT(std::string(no_party.message()), HasSubstr("exactly one party"));

  absl::Status two = Explain(
      {"policy", "explain", "--record", kRecordId, "--to", "id.polri", "--reader", "analyst"});
  EXPECT_EQ(ExitCodeOf(two), ExitCode::kUsage);

  absl::Status short_id = Explain({"policy", "explain", "--record", "3f2a9c", "--to", "id.polri"});
  EXPECT_EQ(ExitCodeOf(short_id), ExitCode::kUsage);
}

TEST(PolicyDiffFlagsTest, UnreadablePolicyFileIsAnInputError) {
  TestTempDir dir;
  const std::string ok = dir.Write("ok.textproto", "version: \"a.1\"\n");
  absl::StatusOr<ParsedArgs> args = ParseArgs(
      {"policy", "diff", ok, dir.path() + "/missing.textproto"}, GlobalFlags(), Commands());
  ASSERT_TRUE(args.ok()) << args.status();
  absl::Status status =
      RunPolicyDiff(CommandContext{*args, ClientSettings{}, false, stdout, stderr});
  EXPECT_EQ(ExitCodeOf(status), ExitCode::kInvalidInput);
  EXPECT_THAT(std::string(status.message()), HasSubstr("missing.textproto"));
}

}  // namespace
}  // namespace rilon::client
