#include "node/validation/edit_distance.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rilon::validation {
namespace {

TEST(EditDistance, CountsSingleCharacterEdits) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("vessel_intercepted", "vessels_intercepted"), 1u);
  EXPECT_EQ(EditDistance("Persons_Detected", "persons_detected"), 0u);
}

TEST(EditDistance, ClosestMatchSuggestsPlausibleSlipsOnly) {
  const std::vector<std::string> codes = {"persons_detected", "vessels_intercepted",
                                          "victims_identified", "median_fee_paid"};
  EXPECT_EQ(ClosestMatch("vessel_intercepted", codes), "vessels_intercepted");
  EXPECT_EQ(ClosestMatch("persons_detectd", codes), "persons_detected");
  EXPECT_EQ(ClosestMatch("median_fee", codes), "median_fee_paid");
  EXPECT_EQ(ClosestMatch("number_of_boats_burnt_by_navy", codes), "");
  EXPECT_EQ(ClosestMatch("anything", std::vector<std::string>{}), "");
}

}  // namespace
}  // namespace rilon::validation
