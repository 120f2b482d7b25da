// Loading and merging pattern files, and the errors an operator sees for a mistake in one.
#include "node/validation/screening/pattern_file.h"

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "node/validation/screening/screener.h"
#include "node/validation/screening/test_support.h"

namespace rilon::validation::screening {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr std::string_view kMinimal = R"pb(
  lists {
    name: "places"
    words: [ "Teknaf", "Cox's Bazar" ]
  }
  fragments { name: "digits" regex: "\\d+" }
  patterns {
    id: "demo.case"
    kind: "case_code"
    pattern: "\\bCASE-{{digits}}\\b"
    description: "a case code"
    suggestion: "leave it out"
  }
)pb";

absl::Status CompileText(std::string_view text, std::string_view name = "site.textproto") {
  absl::StatusOr<PatternSet> set = ParsePatternText(text, name);
  if (!set.ok()) return set.status();
  return Screener::Create(*set).status();
}

TEST(PatternFile, MinimalFileLoadsAndScreens) {
  absl::StatusOr<PatternSet> set = ParsePatternText(kMinimal, "site.textproto");
  ASSERT_TRUE(set.ok()) << set.status();
  absl::StatusOr<std::unique_ptr<Screener>> screener = Screener::Create(*set);
  ASSERT_TRUE(screener.ok()) << screener.status();
  EXPECT_EQ((*screener)->pattern_count(), 1u);
  EXPECT_EQ((*screener)->Screen("f", "see CASE-12 today").size(), 1u);
  EXPECT_TRUE((*screener)->Screen("f", "see CASE-x today").empty());
}

TEST(PatternFile, UnknownKeyIsAnErrorWithFileAndLine) {
  const absl::Status s = CompileText(R"pb(
    patterns {
      id: "demo.case"
      kind: "case_code"
      pattern: "CASE"
      description: "d"
      suggestion: "s"
      case_insensitve: true
    }
  )pb");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), AllOf(HasSubstr("site.textproto:8:"), HasSubstr("case_insensitve")));
}

TEST(PatternFile, SyntaxErrorNamesFileAndLine) {
  const absl::Status s = CompileText("patterns {\n  id: \"x\"\n");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("site.textproto:3:"));
}

TEST(PatternFile, BadRegexNamesPatternIdAndLine) {
  const absl::Status s = CompileText(R"pb(
    patterns {
      id: "demo.broken"
      kind: "case_code"
      description: "d"
      suggestion: "s"
      pattern: "CASE-(\\d+"
    }
  )pb");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), AllOf(HasSubstr("site.textproto:7"), HasSubstr("demo.broken"),
                                 HasSubstr("not valid RE2"), HasSubstr("missing )")));
}

TEST(PatternFile, TooManyCapturingGroupsAreAnError) {
  const absl::Status s = CompileText(R"pb(
    patterns {
      id: "demo.groups"
      kind: "case_code"
      description: "d"
      suggestion: "s"
      pattern: "(a)|(b)|(c)|(d)|(e)"
    }
  )pb");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), AllOf(HasSubstr("demo.groups"), HasSubstr("5 capturing groups"),
                                 HasSubstr("(?:...)")));
}

TEST(PatternFile, EachAlternativeReportsItsOwnGroup) {
  absl::StatusOr<PatternSet> set = ParsePatternText(R"pb(
                                                      patterns {
                                                        id: "demo.alt"
                                                        kind: "case_code"
                                                        description: "d"
                                                        suggestion: "s"
                                                        pattern: "ref:(\\d{3})|code=([A-Z]{3})"
                                                      }
                                                    )pb",
                                                    "site.textproto");
  ASSERT_TRUE(set.ok()) << set.status();
  absl::StatusOr<std::unique_ptr<Screener>> screener = Screener::Create(*set);
  ASSERT_TRUE(screener.ok()) << screener.status();
  const std::vector<Finding> findings = (*screener)->Screen("f", "ref:123 and code=ABC");
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].char_offset, 4u);
  EXPECT_EQ(findings[0].char_length, 3u);
  EXPECT_EQ(findings[1].char_offset, 17u);
  EXPECT_EQ(findings[1].char_length, 3u);
}

TEST(PatternFile, BadExclusionNamesPatternIdAndItsLine) {
  const absl::Status s = CompileText(R"pb(
    patterns {
      id: "demo.case"
      kind: "case_code"
      pattern: "CASE"
      description: "d"
      suggestion: "s"
      exclude: "ok"
      exclude: "[unclosed"
    }
  )pb");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), AllOf(HasSubstr("site.textproto:9"), HasSubstr("demo.case"),
                                 HasSubstr("exclude #2")));
}

TEST(PatternFile, UnknownPlaceholderIsNamed) {
  const absl::Status s = CompileText(R"pb(
    patterns {
      id: "demo.case"
      kind: "case_code"
      pattern: "{{plaices}}"
      description: "d"
      suggestion: "s"
    }
  )pb");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), AllOf(HasSubstr("demo.case"), HasSubstr("{{plaices}}")));
}

TEST(PatternFile, FragmentCycleIsAnError) {
  const absl::Status s = CompileText(R"pb(
    fragments { name: "a" regex: "x{{b}}" }
    fragments { name: "b" regex: "y{{a}}" }
    patterns { id: "p" kind: "k" pattern: "{{a}}" description: "d" suggestion: "s" }
  )pb");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("cycle"));
}

TEST(PatternFile, MissingSuggestionIsAnError) {
  const absl::Status s = CompileText(R"pb(
    patterns { id: "demo.case" kind: "case_code" pattern: "CASE" description: "d" }
  )pb");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), AllOf(HasSubstr("demo.case"), HasSubstr("suggestion")));
}

TEST(PatternFile, MalformedIdAndKindAreErrors) {
  EXPECT_THAT(CompileText(R"pb(patterns {
                                 id: "Bad Id"
                                 kind: "k"
                                 pattern: "x"
                                 description: "d"
                                 suggestion: "s"
                               })pb")
                  .message(),
              HasSubstr("pattern id \"Bad Id\""));
  EXPECT_THAT(
      CompileText(
          R"pb(patterns { id: "p" kind: "Phone" pattern: "x" description: "d" suggestion: "s" })pb")
          .message(),
      HasSubstr("kind \"Phone\""));
}

TEST(PatternFile, DuplicateIdInOneFileIsAnError) {
  const absl::Status s = CompileText(R"pb(
    patterns { id: "p" kind: "k" pattern: "x" description: "d" suggestion: "s" }
    patterns { id: "p" kind: "k" pattern: "y" description: "d" suggestion: "s" }
  )pb");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("already used at line 2"));
}

TEST(PatternFile, UnknownStopListIsAnError) {
  const absl::Status s = CompileText(R"pb(
    patterns { id: "p" kind: "k" pattern: "x" description: "d" suggestion: "s" stop_lists: "plcs" }
  )pb");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("stop list \"plcs\""));
}

TEST(PatternFile, FileWithoutPatternsIsAnError) {
  EXPECT_EQ(CompileText("lists { name: \"places\" words: \"Aceh\" }").code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(LoadPatternFiles, MissingFileIsNotFound) {
  testing::ScratchDir dir;
  const absl::StatusOr<PatternSet> set = LoadPatternFiles({dir.path() + "/absent.textproto"});
  EXPECT_EQ(set.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(set.status().message(), HasSubstr("absent.textproto"));
}

TEST(LoadPatternFiles, NoFileIsAnError) {
  EXPECT_EQ(LoadPatternFiles({}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(LoadPatternFiles, LaterFileExtendsListsAndAddsPatterns) {
  testing::ScratchDir dir;
  const std::string base = dir.WriteFile("base.textproto", R"pb(
    lists {
      name: "boats"
      words: [ "KM Harapan" ]
    }
    patterns {
      id: "boat"
      kind: "vessel_name"
      pattern: "{{boats}}"
      description: "d"
      suggestion: "s"
    }
  )pb");
  const std::string site = dir.WriteFile("site.textproto", R"pb(
    lists {
      name: "boats"
      words: [ "KM Sinar" ]
    }
    patterns {
      id: "site.code"
      kind: "case_code"
      pattern: "X-\\d{3}"
      description: "d"
      suggestion: "s"
    }
  )pb");
  absl::StatusOr<std::unique_ptr<Screener>> screener = Screener::FromFiles({base, site});
  ASSERT_TRUE(screener.ok()) << screener.status();
  EXPECT_EQ((*screener)->pattern_count(), 2u);
  EXPECT_EQ((*screener)->Screen("f", "the KM Sinar left").size(), 1u);
  EXPECT_EQ((*screener)->Screen("f", "the KM Harapan left").size(), 1u);
  EXPECT_EQ((*screener)->Screen("f", "ref X-123").size(), 1u);
}

TEST(LoadPatternFiles, LaterFileCannotReuseAnId) {
  testing::ScratchDir dir;
  const std::string one = dir.WriteFile(
      "one.textproto",
      R"pb(patterns { id: "p" kind: "k" pattern: "x" description: "d" suggestion: "s" })pb");
  const std::string two = dir.WriteFile(
      "two.textproto",
      R"pb(patterns { id: "p" kind: "k" pattern: "y" description: "d" suggestion: "s" })pb");
  const absl::StatusOr<PatternSet> set = LoadPatternFiles({one, two});
  EXPECT_EQ(set.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(set.status().message(),
              AllOf(HasSubstr("two.textproto:1"), HasSubstr("one.textproto:1")));
}

TEST(LoadPatternFiles, DisableRemovesAnEarlierPatternAndUnknownIdsAreErrors) {
  testing::ScratchDir dir;
  const std::string base = dir.WriteFile("base.textproto", R"pb(
    patterns { id: "a" kind: "k" pattern: "alpha" description: "d" suggestion: "s" }
    patterns { id: "b" kind: "k" pattern: "beta" description: "d" suggestion: "s" }
  )pb");
  const std::string site = dir.WriteFile("site.textproto", R"pb(disable: "a")pb");
  absl::StatusOr<std::unique_ptr<Screener>> screener = Screener::FromFiles({base, site});
  ASSERT_TRUE(screener.ok()) << screener.status();
  EXPECT_TRUE((*screener)->Screen("f", "alpha").empty());
  EXPECT_EQ((*screener)->Screen("f", "beta").size(), 1u);

  const std::string typo = dir.WriteFile("typo.textproto", R"pb(disable: "c")pb");
  const absl::StatusOr<PatternSet> set = LoadPatternFiles({base, typo});
  EXPECT_EQ(set.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(set.status().message(), AllOf(HasSubstr("typo.textproto"), HasSubstr("\"c\"")));
}

}  // namespace
}  // namespace rilon::validation::screening
