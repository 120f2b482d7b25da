#include "node/validation/small_cells.h"

#include <gtest/gtest.h>

#include "node/validation/test_vocabulary.h"
#include "tests/testing/sample_reports.h"

namespace rilon::validation {
namespace {

const CodebookVersion& V1() { return testing::ShippedVocabulary().codebooks.at("1"); }

std::vector<std::string> Flagged(const rilon::v1::TrendReport& r) {
  std::vector<std::string> out;
  for (const auto& m : r.measures()) {
    for (const auto& d : m.disaggregations()) {
      if (d.small_cell()) out.push_back(m.indicator() + "/" + d.dimension() + "/" + d.category());
    }
  }
  return out;
}

TEST(SmallCells, FlagsCountCellsFromOneToKMinusOne) {
  rilon::v1::TrendReport r = rilon::testing::SampleTrendReport();
  FlagSmallCells(r, V1(), 5);
  EXPECT_EQ(r.small_cell_threshold(), 5u);
  EXPECT_EQ(r.small_cell_count(), static_cast<uint32_t>(rilon::testing::kSampleSmallCellsAtK5));
  EXPECT_EQ(Flagged(r), (std::vector<std::string>{"vessels_intercepted/vessel_type/fishing_vessel",
                                                  "facilitators_arrested/nationality/BGD"}));

  FlagSmallCells(r, V1(), 13);  // 3 fishing vessels, 12 persons aged 45-54, 2 facilitators
  EXPECT_EQ(r.small_cell_threshold(), 13u);
  EXPECT_EQ(r.small_cell_count(), 3u);
  EXPECT_EQ(Flagged(r),
            (std::vector<std::string>{"vessels_intercepted/vessel_type/fishing_vessel",
                                      "persons_on_board_intercepted_vessels/age_band/45-54",
                                      "facilitators_arrested/nationality/BGD"}));
  FlagSmallCells(r, V1(), 2);  // only cells of exactly 1
  EXPECT_EQ(r.small_cell_count(), 0u);
  EXPECT_TRUE(Flagged(r).empty());
}

TEST(SmallCells, ZeroAndNonCountsAreNotFlaggedAndClientFlagsAreReplaced) {
  rilon::v1::TrendReport r = rilon::testing::SampleTrendReport();
  r.mutable_measures(0)->mutable_disaggregations(0)->set_value(0);
  r.mutable_measures(2)->mutable_disaggregations(0)->set_value(0);
  r.mutable_measures(1)->mutable_disaggregations(0)->set_small_cell(true);  // 380: not small
  auto* fee_cell = r.mutable_measures(3)->add_disaggregations();
  fee_cell->set_dimension("nationality");
  fee_cell->set_category("MMR");
  fee_cell->set_value(3);  // a median fee of 3 is an amount, not 3 persons
  r.set_small_cell_count(99);
  FlagSmallCells(r, V1(), 5);
  EXPECT_TRUE(Flagged(r).empty());
  EXPECT_EQ(r.small_cell_count(), 0u);
}

}  // namespace
}  // namespace rilon::validation
