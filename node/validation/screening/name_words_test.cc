#include "node/validation/screening/internal/name_words.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rilon::validation::screening {
namespace {

using ::testing::ElementsAre;

TEST(SplitWords, DropsPossessivesAndKeepsInnerApostrophes) {
  EXPECT_THAT(SplitWords("Cox's Bazar, D'Cruz and Rahim’s boat"),
              ElementsAre("Cox", "Bazar", "D'Cruz", "and", "Rahim", "boat"));
}

TEST(SplitWords, HyphensDigitsAndSymbolsSeparate) {
  EXPECT_THAT(SplitWords("Malaysia-based 12 agents → Aceh"),
              ElementsAre("Malaysia", "based", "agents", "Aceh"));
}

TEST(SplitWords, KeepsNonAsciiLetters) {
  EXPECT_THAT(SplitWords("Nguyễn Văn Hùng"), ElementsAre("Nguyễn", "Văn", "Hùng"));
}

class CountNameWordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    places_.Add("Cox's Bazar");
    places_.Add("Teknaf");
    places_.Add("Aceh Utara");
    common_.Add("the");
  }
  size_t Count(std::string_view span) { return CountNameWords(span, {&places_, &common_}); }

  StopWords places_;
  StopWords common_;
};

TEST_F(CountNameWordsTest, PlacesAreNotNames) {
  EXPECT_EQ(Count("Teknaf"), 0u);
  EXPECT_EQ(Count("Cox's Bazar"), 0u);
  EXPECT_EQ(Count("Coxs Bazar"), 2u);  // not an entry of this list: both words count
}

TEST_F(CountNameWordsTest, PhrasesCoverOnlyTheirWords) {
  EXPECT_EQ(Count("Rahim Teknaf"), 1u);
  EXPECT_EQ(Count("Aceh Utara Budi"), 1u);
  EXPECT_EQ(Count("Aceh Budi"), 2u);  // "Aceh" alone is not in the list
}

TEST_F(CountNameWordsTest, ComparisonIgnoresCaseAndLowerCaseWordsAreNotNames) {
  EXPECT_EQ(Count("TEKNAF"), 0u);
  EXPECT_EQ(Count("The"), 0u);
  EXPECT_EQ(Count("nur alam"), 0u);
  EXPECT_EQ(Count("Nur Alam"), 2u);
}

TEST(StopWords, LongestEntry) {
  StopWords words;
  EXPECT_EQ(words.max_words(), 0u);
  words.Add("Shah Porir Dwip");
  words.Add("Teknaf");
  words.Add("  ");
  EXPECT_EQ(words.max_words(), 3u);
  EXPECT_TRUE(words.ContainsPhrase("shah porir dwip"));
  EXPECT_FALSE(words.ContainsPhrase("shah porir"));
}

}  // namespace
}  // namespace rilon::validation::screening
