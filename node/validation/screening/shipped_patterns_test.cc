// The pattern file shipped in deploy/screening loads, and covers every kind of identifier that
// issue 3 names, each with text for the officer.
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "node/validation/screening/pattern_file.h"
#include "node/validation/screening/screener.h"
#include "node/validation/screening/test_support.h"

namespace rilon::validation::screening {
namespace {

TEST(ShippedPatterns, LoadsAndCompilesIntoOneSet) {
  absl::StatusOr<std::unique_ptr<Screener>> screener =
      Screener::FromFiles({testing::ShippedPatternsPath()});
  ASSERT_TRUE(screener.ok()) << screener.status();
  EXPECT_GE((*screener)->pattern_count(), 40u);
}

TEST(ShippedPatterns, CoverTheKindsOfIssue3) {
  absl::StatusOr<PatternSet> set = LoadPatternFiles({testing::ShippedPatternsPath()});
  ASSERT_TRUE(set.ok()) << set.status();
  std::set<std::string> kinds;
  for (const auto& p : set->patterns.patterns()) {
    kinds.insert(p.kind());
    EXPECT_FALSE(p.description().empty()) << p.id();
    EXPECT_GE(p.suggestion().size(), 20u) << p.id() << ": officers need a real suggestion";
  }
  for (const char* kind :
       {"passport_number", "national_id", "mrz_line", "phone_number", "email", "date_of_birth",
        "age_of_person", "personal_name", "street_address", "social_media_handle", "crew_list"}) {
    EXPECT_TRUE(kinds.contains(kind)) << kind;
  }
}

TEST(ShippedPatterns, ListsOperatorsExtendExist) {
  absl::StatusOr<PatternSet> set = LoadPatternFiles({testing::ShippedPatternsPath()});
  ASSERT_TRUE(set.ok()) << set.status();
  std::set<std::string> lists;
  for (const auto& list : set->patterns.lists()) lists.insert(list.name());
  // docs/screening.md tells operators to extend these by name.
  for (const char* name : {"places", "given_names", "family_names", "titles", "roles",
                           "organisations", "nationalities", "common_words"}) {
    EXPECT_TRUE(lists.contains(name)) << name;
  }
}

// The examples operators copy from docs/screening.md must load, each block as a site file after
// the shipped one: a test fails when the docs and the schema drift apart.
TEST(ShippedPatterns, ExamplesInTheDocsLoad) {
  std::ifstream in(testing::SourcePath("docs/screening.md"));
  ASSERT_TRUE(in) << "docs/screening.md";
  std::vector<std::string> blocks;
  std::string line;
  std::ostringstream block;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside && line == "```textproto") {
      inside = true;
      block.str("");
    } else if (inside && line == "```") {
      inside = false;
      blocks.push_back(block.str());
    } else if (inside) {
      block << line << "\n";
    }
  }
  ASSERT_GE(blocks.size(), 3u);
  testing::ScratchDir dir;
  std::vector<std::string> files = {testing::ShippedPatternsPath()};
  for (size_t i = 0; i < blocks.size(); ++i) {
    files.push_back(dir.WriteFile("example" + std::to_string(i) + ".textproto", blocks[i]));
  }
  absl::StatusOr<std::unique_ptr<Screener>> screener = Screener::FromFiles(files);
  ASSERT_TRUE(screener.ok()) << screener.status();
  EXPECT_FALSE((*screener)->Screen("f", "file INF-2026-123").empty());
  EXPECT_TRUE((*screener)->Screen("f", "landed at Pulau Sebatik, the agent Nunukan side").empty());
}

}  // namespace
}  // namespace rilon::validation::screening
