#include "client/csv_cells.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rilon::client {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(const absl::Status& status) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  return std::string(status.message());
}

TEST(CsvCellsTest, Numbers) {
  EXPECT_EQ(*ParseNumberCell("3", ','), 3);
  EXPECT_EQ(*ParseNumberCell(" 1200.5 ", ','), 1200.5);
  EXPECT_EQ(*ParseNumberCell("-2", ','), -2) << "the node, not the form, refuses negatives";
  EXPECT_EQ(*ParseNumberCell("3,5", ';'), 3.5) << "decimal comma in ';' files";
  EXPECT_THAT(ErrorOf(ParseNumberCell("1,200", ',').status()),
              HasSubstr("without thousands separators"));
  EXPECT_THAT(ErrorOf(ParseNumberCell("many", ',').status()),
              HasSubstr("\"many\" is not a number"));
  EXPECT_THAT(ErrorOf(ParseNumberCell("inf", ',').status()), HasSubstr("not a number"));
  EXPECT_THAT(ErrorOf(ParseNumberCell("", ',').status()), HasSubstr("not a number"));
}

TEST(CsvCellsTest, EnumerationsAcceptTheirUsualSpellings) {
  const auto* marking = rilon::v1::Marking_descriptor();
  for (const char* spelling :
       {"TLP_AMBER_STRICT", "amber+strict", "TLP:AMBER+STRICT", "Amber Strict", "amber-strict"}) {
    absl::StatusOr<int> value = ParseEnumCell(marking, "TLP_", spelling);
    ASSERT_TRUE(value.ok()) << spelling << ": " << value.status();
    EXPECT_EQ(*value, rilon::v1::TLP_AMBER_STRICT) << spelling;
  }
  EXPECT_EQ(*ParseEnumCell(rilon::v1::Theme_descriptor(), "", "people smuggling"),
            rilon::v1::PEOPLE_SMUGGLING);
  EXPECT_EQ(*ParseEnumCell(rilon::v1::Confidence_descriptor(), "CONFIDENCE_", "high"),
            rilon::v1::CONFIDENCE_HIGH);
  std::string error = ErrorOf(ParseEnumCell(rilon::v1::Mode_descriptor(), "", "seaa").status());
  EXPECT_THAT(error, HasSubstr("\"seaa\" is not one of SEA, LAND, AIR, ONLINE_OTHER"));
  EXPECT_THAT(error, HasSubstr("did you mean SEA?"));
  EXPECT_FALSE(ParseEnumCell(marking, "TLP_", "MARKING_UNSPECIFIED").ok());
}

TEST(CsvCellsTest, Lists) {
  EXPECT_EQ(SplitListCell(" BD; MM ,ID;; ", true), (std::vector<std::string>{"BD", "MM", "ID"}));
  EXPECT_EQ(SplitListCell("interviews: at ports, mostly; open_source", false),
            (std::vector<std::string>{"interviews: at ports, mostly", "open_source"}));
}

TEST(CsvCellsTest, SourcesAndBreakdownCells) {
  absl::StatusOr<rilon::v1::Source> source = ParseSourceEntry("operational reporting: patrols");
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_EQ(source->type(), rilon::v1::OPERATIONAL_REPORTING);
  EXPECT_EQ(source->note(), "patrols");
  EXPECT_EQ(ParseSourceEntry("INTERVIEWS")->note(), "");
  EXPECT_THAT(ErrorOf(ParseSourceEntry("gossip").status()), HasSubstr("TYPE: note"));

  absl::StatusOr<rilon::v1::Disaggregation> cell = ParseBreakdownEntry(" Sex : female = 180", ',');
  ASSERT_TRUE(cell.ok()) << cell.status();
  EXPECT_EQ(cell->dimension(), "sex");
  EXPECT_EQ(cell->category(), "female");
  EXPECT_EQ(cell->value(), 180);
  EXPECT_EQ(ParseBreakdownEntry("nationality:MMR=400", ',')->category(), "MMR");
  EXPECT_THAT(ErrorOf(ParseBreakdownEntry("sex=180", ',').status()),
              HasSubstr("dimension:category=value"));
  EXPECT_THAT(ErrorOf(ParseBreakdownEntry("sex:female=lots", ',').status()),
              HasSubstr("sex:female: \"lots\" is not a number"));
}

TEST(CsvCellsTest, ColumnNames) {
  EXPECT_EQ(CanonicalColumnName(" Report ref "), "report_ref");
  EXPECT_EQ(CanonicalColumnName("Codebook-Version"), "codebook_version");
  EXPECT_EQ(CanonicalColumnName("Nationality : MMR"), "nationality:MMR");
  EXPECT_EQ(CanonicalColumnName("Age band:0-11"), "age_band:0-11");
}

}  // namespace
}  // namespace rilon::client
