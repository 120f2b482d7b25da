#include "node/validation/screening/internal/mask.h"

#include "gtest/gtest.h"

namespace rilon::validation::screening {
namespace {

TEST(MaskValue, KeepsFirstAndLastOfLongValues) {
  EXPECT_EQ(MaskValue("+62 812-3456-7890"), "+6* ***-****-***0");
  EXPECT_EQ(MaskValue("A1234567"), "A******7");
}

TEST(MaskValue, KeepsOnlyTheFirstOfMediumValues) { EXPECT_EQ(MaskValue("Rahim"), "R****"); }

TEST(MaskValue, MasksShortValuesCompletely) {
  EXPECT_EQ(MaskValue("45"), "**");
  EXPECT_EQ(MaskValue("Ali"), "***");
}

TEST(MaskValue, NeverContainsTheValue) {
  for (std::string_view value : {"rahim.travel99@gmail.com", "3171010101900001", "Nur Alam",
                                 "P<IDNSANTOSO<<BUDI<<<<<<<<<"}) {
    const std::string masked = MaskValue(value);
    EXPECT_EQ(masked.find(value), std::string::npos) << masked;
    EXPECT_EQ(masked.size(), value.size()) << "same shape: " << masked;
  }
}

TEST(MaskValue, MasksNonAsciiLettersAsOneStarEach) {
  EXPECT_EQ(MaskValue("Nguyễn Văn Hùng"), "N***** *** ***g");
}

TEST(MaskValue, ReplacesLineBreaksAndCapsTheLength) {
  EXPECT_EQ(MaskValue("Abdul\nKarim"), "A**** ****m");
  const std::string masked = MaskValue(std::string(100, 'x'));
  EXPECT_EQ(masked, "x" + std::string(kMaxMaskedCodePoints - 1, '*') + "...");
}

}  // namespace
}  // namespace rilon::validation::screening
