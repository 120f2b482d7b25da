// The policy file loader: strict parsing, line numbers on every error, faithful conversion of
// every field, and file handling.
#include "node/policy/policy_file_loader.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace rilon::policyfile {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Unnamed raw-string delimiter: clang-format reformats R"pb(...)" and would move the lines.
constexpr char kHeader[] = R"(version: "t.1"
agencies: [
  "au.abf",
  "id.polri",
  "my.mmea"
]
groups: ["mpsrg"]
indicators: ["persons_detected", "median_fee_usd"]
routes: ["Cox's Bazar - Andaman Sea - Aceh"]
agency_set { name: "pair" agencies: ["au.abf", "id.polri"] }
)";  // 10 lines; rules start on line 11

std::string WithRules(const std::string& rules) { return std::string(kHeader) + rules; }

std::string Message(const absl::Status& status) { return std::string(status.message()); }

// Compiles parsed text; returns the compile status.
absl::Status CompileText(const std::string& text) {
  absl::StatusOr<policy::PolicySpec> spec = ParsePolicyText(text, "p.textproto");
  if (!spec.ok()) return spec.status();
  return policy::CompilePolicy(*spec).status();
}

TEST(PolicyFileLoaderTest, ConvertsEveryField) {
  const std::string text =
      WithRules(R"pb(rule {
                       id: "everything"
                       description: "all fields"
                       effect: ALLOW
                       directions: [ EGRESS, INGRESS, READ, EXPORT ]
                       record {
                         kinds: [ TREND_REPORT, GROUP_MESSAGE ]
                         themes: [ PEOPLE_SMUGGLING, TRAFFICKING_IN_PERSONS, RELATED_CRIME ]
                         modes: [ SEA, LAND, AIR, ONLINE_OTHER ]
                         markings: [ TLP_CLEAR, TLP_GREEN, TLP_AMBER, TLP_AMBER_STRICT, TLP_RED ]
                         origins: [ "pair", "my.mmea" ]
                         countries: [ "ID", "MM" ]
                         routes: [ "Cox's Bazar - Andaman Sea - Aceh" ]
                         indicators: [ "persons_detected" ]
                       }
                       party {
                         agencies: [ "au.abf" ]
                         groups: [ "mpsrg" ]
                         roles: [ NODE, OFFICER, ANALYST, ADMIN, PUBLIC ]
                         relay: false
                       }
                       form {
                         withhold_fields: [ "narrative", "disaggregations" ]
                         withhold_indicators: [ "median_fee_usd" ]
                         suppress_small_cells: true
                         round_to: 5
                       }
                     }
                     rule { id: "bare" effect: DENY }
      )pb");
  absl::StatusOr<policy::PolicySpec> spec = ParsePolicyText(text, "p.textproto");
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->source, "p.textproto");
  EXPECT_EQ(spec->version, "t.1");
  EXPECT_EQ(spec->small_cell_threshold, 0);
  ASSERT_EQ(spec->agencies.size(), 3u);
  EXPECT_EQ(spec->agencies[1].name, "id.polri");
  EXPECT_EQ(spec->agencies[1].line, 4);
  EXPECT_EQ(spec->groups[0].line, 7);
  ASSERT_EQ(spec->agency_sets.size(), 1u);
  EXPECT_EQ(spec->agency_sets[0].line, 10);
  EXPECT_THAT(spec->agency_sets[0].members, ElementsAre("au.abf", "id.polri"));

  ASSERT_EQ(spec->rules.size(), 2u);
  const policy::RuleSpec& r = spec->rules[0];
  EXPECT_EQ(r.line, 11);
  EXPECT_EQ(r.id, "everything");
  EXPECT_EQ(r.description, "all fields");
  EXPECT_EQ(r.effect, policy::Effect::kAllow);
  using D = policy::Direction;
  EXPECT_THAT(r.directions, ElementsAre(D::kEgress, D::kIngress, D::kRead, D::kExport));
  using K = policy::RecordKind;
  EXPECT_THAT(r.record.kinds, ElementsAre(K::kTrendReport, K::kGroupMessage));
  using T = policy::Theme;
  EXPECT_THAT(r.record.themes,
              ElementsAre(T::kPeopleSmuggling, T::kTraffickingInPersons, T::kRelatedCrime));
  using M = policy::Mode;
  EXPECT_THAT(r.record.modes, ElementsAre(M::kSea, M::kLand, M::kAir, M::kOnlineOther));
  using Mk = policy::Marking;
  EXPECT_THAT(r.record.markings,
              ElementsAre(Mk::kClear, Mk::kGreen, Mk::kAmber, Mk::kAmberStrict, Mk::kRed));
  EXPECT_THAT(r.record.origins, ElementsAre("pair", "my.mmea"));
  EXPECT_THAT(r.record.countries, ElementsAre("ID", "MM"));
  EXPECT_THAT(r.record.routes, ElementsAre("Cox's Bazar - Andaman Sea - Aceh"));
  EXPECT_THAT(r.record.indicators, ElementsAre("persons_detected"));
  EXPECT_THAT(r.party.agencies, ElementsAre("au.abf"));
  EXPECT_THAT(r.party.groups, ElementsAre("mpsrg"));
  using R = policy::Role;
  EXPECT_THAT(r.party.roles,
              ElementsAre(R::kNode, R::kOfficer, R::kAnalyst, R::kAdmin, R::kPublic));
  EXPECT_EQ(r.party.relay, false);
  EXPECT_THAT(r.form.withhold_fields, ElementsAre("narrative", "disaggregations"));
  EXPECT_THAT(r.form.withhold_indicators, ElementsAre("median_fee_usd"));
  EXPECT_TRUE(r.form.suppress_small_cells);
  EXPECT_EQ(r.form.round_to, 5);

  const policy::RuleSpec& bare = spec->rules[1];
  EXPECT_EQ(bare.line, 39);
  EXPECT_EQ(bare.effect, policy::Effect::kDeny);
  EXPECT_TRUE(bare.directions.empty());
  EXPECT_EQ(bare.party.relay, std::nullopt);
}

TEST(PolicyFileLoaderTest, UnknownKeysAreErrorsWithLineAndColumn) {
  const absl::StatusOr<policy::PolicySpec> spec =
      ParsePolicyText(WithRules("rule {\n  id: \"x\"\n  efect: ALLOW\n}\n"), "p.textproto");
  ASSERT_EQ(spec.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(spec.status()), AllOf(StartsWith("p.textproto:13:"), HasSubstr("efect")));
}

TEST(PolicyFileLoaderTest, UnknownEnumNamesAreErrors) {
  const absl::StatusOr<policy::PolicySpec> spec = ParsePolicyText(
      WithRules("rule {\n  id: \"x\"\n  effect: ALLOW\n  record { markings: [TLP_AMBR] }\n}\n"),
      "p.textproto");
  ASSERT_EQ(spec.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(spec.status()), AllOf(StartsWith("p.textproto:14:"), HasSubstr("TLP_AMBR")));
}

TEST(PolicyFileLoaderTest, SyntaxErrorsAreReportedWithTheirLine) {
  const absl::StatusOr<policy::PolicySpec> spec =
      ParsePolicyText("version: \"t.1\"\nrule {\n  id: \"x\"\n", "p.textproto");
  ASSERT_EQ(spec.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(spec.status()), StartsWith("p.textproto:4:"));
}

TEST(PolicyFileLoaderTest, UnspecifiedDirectionsAndRolesAreErrorsOnTheirLine) {
  const absl::StatusOr<policy::PolicySpec> spec = ParsePolicyText(
      WithRules("rule {\n  id: \"x\"\n  effect: ALLOW\n  directions: [EGRESS,\n"
                "    DIRECTION_UNSPECIFIED]\n  party { roles: [ROLE_UNSPECIFIED] }\n}\n"),
      "p.textproto");
  ASSERT_EQ(spec.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Message(spec.status()),
            "p.textproto:14: rule \"x\": directions: an unspecified value is not valid; use "
            "EGRESS, INGRESS, READ or EXPORT\n"
            "p.textproto:16: rule \"x\": party.roles: an unspecified value is not valid; use "
            "NODE, OFFICER, ANALYST, ADMIN or PUBLIC");
}

TEST(PolicyFileLoaderTest, UnknownNamesAreErrorsWithTheRuleLine) {
  const absl::Status s = CompileText(WithRules(
      "rule { id: \"ok\" effect: ALLOW party { agencies: [\"pair\"] } }\n"
      "rule {\n  id: \"typo\"\n  effect: ALLOW\n  party { agencies: [\"th.rpt\"] }\n}\n"));
  ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(s), HasSubstr("p.textproto:12: error: rule \"typo\": party.agencies: "
                                    "\"th.rpt\" is neither a declared agency nor an agency_set"));
}

TEST(PolicyFileLoaderTest, DuplicateDeclarationsPointAtTheSecondElement) {
  const absl::Status s = CompileText(
      "version: \"t.1\"\nagencies: [\n  \"au.abf\",\n  \"au.abf\"\n]\n"
      "rule { id: \"r\" effect: ALLOW party { agencies: [\"au.abf\"] } }\n");
  ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(s), HasSubstr("p.textproto:4: error: agency \"au.abf\" is declared twice "
                                    "(first on line 3)"));
}

TEST(PolicyFileLoaderTest, DuplicateUnreachableAndConflictingRulesWithLines) {
  const absl::Status s = CompileText(WithRules(
      "rule { id: \"a\" effect: ALLOW record { origins: [\"my.mmea\"] } }\n"             // 11
      "rule { id: \"a\" effect: DENY record { origins: [\"au.abf\"] } }\n"               // 12
      "rule { id: \"deny-pair\" effect: DENY party { agencies: [\"pair\"] } }\n"         // 13
      "rule { id: \"allow-polri\" effect: ALLOW party { agencies: [\"id.polri\"] } }\n"  // 14
      "rule { id: \"amber-allow\" effect: ALLOW record { markings: [TLP_AMBER] } }\n"    // 15
      "rule { id: \"amber-deny\" effect: DENY record { markings: [TLP_AMBER] } }\n"));   // 16
  ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(s),
              AllOf(HasSubstr("has 3 errors"),
                    HasSubstr("p.textproto:12: error: rule \"a\": the id is already used by the "
                              "rule on line 11"),
                    HasSubstr("p.textproto:14: error: rule \"allow-polri\" is unreachable: deny "
                              "rule \"deny-pair\" (line 13)"),
                    HasSubstr("p.textproto:15: error: rule \"amber-allow\" conflicts with deny "
                              "rule \"amber-deny\" (line 16)")));
}

TEST(PolicyFileLoaderTest, DeclarationLinesFollowEveryElement) {
  absl::StatusOr<policy::PolicySpec> spec = ParsePolicyText(
      "version: \"t.1\"\n"
      "agencies: [\"au.abf\",  # a comment with \"quotes\" and [brackets]\n"
      "  \"id.polri\"]\n"
      "agency_set { name: \"s\" agencies: [\"au.abf\"] }\n"
      "agencies: \"my.mmea\"\n"
      "routes: \"Cox's Bazar - \"\n"
      "  \"Andaman Sea - Aceh\"\n"
      "groups: \"mpsrg\"\n",
      "p.textproto");
  ASSERT_TRUE(spec.ok()) << spec.status();
  ASSERT_EQ(spec->agencies.size(), 3u);
  EXPECT_EQ(spec->agencies[0].line, 2);
  EXPECT_EQ(spec->agencies[1].line, 3);
  EXPECT_EQ(spec->agencies[2].line, 5);
  ASSERT_EQ(spec->routes.size(), 1u);
  EXPECT_EQ(spec->routes[0].name, "Cox's Bazar - Andaman Sea - Aceh");
  EXPECT_EQ(spec->routes[0].line, 6);
  EXPECT_EQ(spec->groups[0].line, 8);
}

TEST(PolicyFileLoaderTest, UnknownEnumNumbersAreErrors) {
  const absl::StatusOr<policy::PolicySpec> spec = ParsePolicyText(
      WithRules("rule {\n  id: \"x\"\n  effect: ALLOW\n  record { markings: [9] }\n}\n"),
      "p.textproto");
  ASSERT_EQ(spec.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(spec.status()), StartsWith("p.textproto:14:"));
}

TEST(PolicyFileLoaderTest, EmptyAndOversizedTextIsRefused) {
  EXPECT_THAT(Message(ParsePolicyText(" \n\t\n", "p.textproto").status()),
              HasSubstr("p.textproto: the file is empty"));
  const std::string huge(kMaxPolicyFileBytes + 1, ' ');
  EXPECT_EQ(ParsePolicyText(huge, "p.textproto").status().code(),
            absl::StatusCode::kInvalidArgument);
}

class PolicyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char templ[] = "/tmp/rilon-policy-test-XXXXXX";
    ASSERT_NE(mkdtemp(templ), nullptr);
    dir_ = templ;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

  std::string dir_;
};

TEST_F(PolicyFileTest, LoadsAndCompilesAFile) {
  const std::string path = Write(
      "policy.textproto", WithRules("rule { id: \"r\" effect: ALLOW party { agencies: [\"pair\", "
                                    "\"my.mmea\"] groups: [\"mpsrg\"] } record { indicators: "
                                    "[\"persons_detected\", \"median_fee_usd\"] routes: "
                                    "[\"Cox's Bazar - Andaman Sea - Aceh\"] } }\n"));
  absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> policy = LoadPolicyFile(path);
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_EQ((*policy)->version(), "t.1");
  EXPECT_EQ((*policy)->source(), path);
  ASSERT_EQ((*policy)->rules().size(), 1u);
  EXPECT_EQ((*policy)->rules()[0].line, 11);
  absl::StatusOr<std::vector<policy::Diagnostic>> diagnostics = CheckPolicyFile(path);
  ASSERT_TRUE(diagnostics.ok());
  EXPECT_TRUE(diagnostics->empty());
}

TEST_F(PolicyFileTest, CheckListsWarningsAndErrorsOfAFileThatParses) {
  const std::string path =
      Write("policy.textproto",
            WithRules("rule { id: \"r\" effect: ALLOW party { agencies: [\"xx.no\"] } }\n"));
  absl::StatusOr<std::vector<policy::Diagnostic>> diagnostics = CheckPolicyFile(path);
  ASSERT_TRUE(diagnostics.ok());
  ASSERT_FALSE(diagnostics->empty());
  EXPECT_THAT(diagnostics->back().ToString(path),
              StartsWith(path + ":11: error: rule \"r\": party.agencies: \"xx.no\""));
  EXPECT_FALSE((*diagnostics)[0].is_error()) << "unused declarations are warnings";
}

TEST_F(PolicyFileTest, FileProblems) {
  EXPECT_EQ(ReadPolicyFile(dir_ + "/missing.textproto").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_THAT(Message(ReadPolicyFile(dir_ + "/missing.textproto").status()),
              HasSubstr("start from deploy/policy.example.textproto"));
  EXPECT_EQ(ReadPolicyFile(dir_).status().code(), absl::StatusCode::kInvalidArgument);
  const std::string unreadable = Write("secret.textproto", kHeader);
  ASSERT_EQ(chmod(unreadable.c_str(), 0), 0);
  if (geteuid() != 0) {  // root reads anything
    EXPECT_EQ(ReadPolicyFile(unreadable).status().code(), absl::StatusCode::kFailedPrecondition);
  }
  const std::string big = Write("big.textproto", std::string(kMaxPolicyFileBytes + 10, '#'));
  EXPECT_THAT(Message(ReadPolicyFile(big).status()), HasSubstr("larger than the 1048576 bytes"));
}

}  // namespace
}  // namespace rilon::policyfile
