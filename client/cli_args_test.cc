#include "client/cli_args.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client/command_specs.h"
#include "client/exit_codes.h"

namespace rilon::client {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::StatusOr<ParsedArgs> Parse(std::vector<std::string> args) {
  return ParseArgs(args, GlobalFlags(), Commands());
}

// A refusal must be a usage error (exit 2) whose message contains `text`.
void ExpectUsageError(std::vector<std::string> args, const std::string& text) {
  absl::StatusOr<ParsedArgs> parsed = Parse(args);
  ASSERT_FALSE(parsed.ok()) << "parsed: " << testing::PrintToString(args);
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ExitCodeOf(parsed.status()), ExitCode::kUsage);
  EXPECT_THAT(std::string(parsed.status().message()), HasSubstr(text));
}

TEST(CliArgsTest, ResolvesCommandAndPositional) {
  absl::StatusOr<ParsedArgs> parsed = Parse({"report", "submit", "q3.json"});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_NE(parsed->command, nullptr);
  EXPECT_THAT(parsed->command->path, ElementsAre("report", "submit"));
  EXPECT_THAT(parsed->positionals, ElementsAre("q3.json"));
  EXPECT_TRUE(parsed->flags.empty());
}

TEST(CliArgsTest, GlobalFlagsBeforeAndAfterTheCommand) {
  absl::StatusOr<ParsedArgs> parsed =
      Parse({"--json", "--endpoint", "node:7443", "report", "list", "--origin", "id.polri",
             "--timeout=500ms", "--config", "/etc/c.textproto"});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->Has("json"));
  EXPECT_EQ(parsed->Get("endpoint"), "node:7443");
  EXPECT_EQ(parsed->Get("origin"), "id.polri");
  EXPECT_EQ(parsed->Get("timeout"), "500ms");
  EXPECT_EQ(parsed->Get("config"), "/etc/c.textproto");
  EXPECT_FALSE(parsed->Has("all"));
}

TEST(CliArgsTest, RepeatedFlagKeepsLastValue) {
  absl::StatusOr<ParsedArgs> parsed =
      Parse({"node", "status", "--endpoint", "a:1", "--endpoint=b:2"});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->Get("endpoint"), "b:2");
}

TEST(CliArgsTest, DashIsStdinAndDoubleDashEndsFlags) {
  absl::StatusOr<ParsedArgs> stdin_file = Parse({"report", "submit", "-"});
  ASSERT_TRUE(stdin_file.ok()) << stdin_file.status();
  EXPECT_THAT(stdin_file->positionals, ElementsAre("-"));

  absl::StatusOr<ParsedArgs> odd_name = Parse({"report", "submit", "--", "--odd.json"});
  ASSERT_TRUE(odd_name.ok()) << odd_name.status();
  EXPECT_THAT(odd_name->positionals, ElementsAre("--odd.json"));
}

TEST(CliArgsTest, IntAndChoiceFlagsAreCheckedAndNormalized) {
  absl::StatusOr<ParsedArgs> parsed =
      Parse({"feed", "follow", "--limit", "25", "--kind", "TREND_REPORT"});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->GetInt("limit"), 25);
  EXPECT_EQ(parsed->Get("kind"), "trend_report");
  EXPECT_EQ(parsed->GetInt("missing"), std::nullopt);
}

TEST(CliArgsTest, UnknownFlagIsUsageErrorWithSuggestion) {
  ExpectUsageError({"report", "list", "--orign", "id.polri"}, "did you mean --origin?");
  ExpectUsageError({"report", "list", "--bogus"}, "see 'rilon report list --help'");
  ExpectUsageError({"node", "status", "-x"}, "unknown flag '-x'");
}

TEST(CliArgsTest, CommandFlagBeforeTheCommandIsExplained) {
  ExpectUsageError({"--origin", "id.polri", "report", "list"},
                   "put a command's flags after the command");
}

TEST(CliArgsTest, FlagOfAnotherCommandIsRefused) {
  ExpectUsageError({"node", "status", "--all"}, "unknown flag --all for 'rilon node status'");
}

TEST(CliArgsTest, MissingAndExtraPositionals) {
  ExpectUsageError({"report", "submit"}, "missing FILE: usage: rilon report submit FILE");
  ExpectUsageError({"report", "get"}, "missing ID");
  ExpectUsageError({"report", "get", "a", "b"}, "unexpected argument 'b'");
  ExpectUsageError({"node", "status", "now"}, "unexpected argument 'now'");
}

TEST(CliArgsTest, BadFlagValues) {
  ExpectUsageError({"report", "list", "--limit"}, "--limit needs a value (N)");
  ExpectUsageError({"report", "list", "--limit", "0"}, "positive whole number");
  ExpectUsageError({"report", "list", "--limit", "12x"}, "not '12x'");
  ExpectUsageError({"report", "list", "--kind", "memo"},
                   "--kind must be one of trend_report, group_message");
  ExpectUsageError({"--json=yes", "node", "status"}, "--json takes no value");
  ExpectUsageError({"node", "status", "--endpoint="}, "--endpoint needs a non-empty HOST:PORT");
}

TEST(CliArgsTest, UnknownCommandsSuggestTheNearestOne) {
  ExpectUsageError({"reprot", "list"}, "unknown command 'reprot': did you mean 'report'?");
  ExpectUsageError({"report", "lst"}, "did you mean 'list'?");
  ExpectUsageError({"report", "delete"},
                   "(expected submit, correct, retract, template, get, list)");
}

TEST(CliArgsTest, HelpSkipsPositionalChecks) {
  absl::StatusOr<ParsedArgs> parsed = Parse({"report", "submit", "--help"});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->Has("help"));
  absl::StatusOr<ParsedArgs> short_form = Parse({"-h"});
  ASSERT_TRUE(short_form.ok()) << short_form.status();
  EXPECT_TRUE(short_form->Has("help"));
  EXPECT_EQ(short_form->command, nullptr);
}

TEST(CliArgsTest, GroupWithoutSubcommandHasNoCommand) {
  absl::StatusOr<ParsedArgs> parsed = Parse({"report"});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->command, nullptr);
  EXPECT_THAT(parsed->words, ElementsAre("report"));
}

TEST(CliArgsTest, HelpCommandTakesAnyWords) {
  absl::StatusOr<ParsedArgs> parsed = Parse({"help", "report", "submit"});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_NE(parsed->command, nullptr);
  EXPECT_THAT(parsed->positionals, ElementsAre("report", "submit"));
}

TEST(CliArgsTest, HelpTextListsFlagsAndGlobalFlags) {
  const CommandSpec* list = nullptr;
  for (const CommandSpec& c : Commands()) {
    if (c.path == std::vector<std::string>{"report", "list"}) list = &c;
  }
  ASSERT_NE(list, nullptr);
  std::string help = FormatCommandHelp(*list, GlobalFlags());
  EXPECT_THAT(help, HasSubstr("Usage: rilon report list [--kind KIND] [--origin AGENCY]"));
  EXPECT_THAT(help, HasSubstr("  --page-token TOKEN"));
  EXPECT_THAT(help, HasSubstr("  --timeout DURATION"));
  std::string overview = FormatCommandList({}, Commands(), GlobalFlags());
  EXPECT_THAT(overview, HasSubstr("  feed follow"));
  EXPECT_THAT(overview, HasSubstr("  node status"));
}

TEST(CliArgsTest, ClosestMatch) {
  EXPECT_EQ(ClosestMatch("staus", {"status", "submit"}), "status");
  EXPECT_EQ(ClosestMatch("xyz", {"status", "submit"}), "");
  // One letter is never "close" to anything: every one-letter word is one edit away.
  EXPECT_EQ(ClosestMatch("a", {"b"}), "");
}

}  // namespace
}  // namespace rilon::client
