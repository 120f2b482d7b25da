#include "node/records/part_path.h"

#include <gtest/gtest.h>

namespace rilon::records {
namespace {

using Kind = ParsedPartPath::Kind;

TEST(PartPathTest, BuildsThePathsOfMeasuresAndCells) {
  EXPECT_EQ(PartPath::Measure(0), "m0");
  EXPECT_EQ(PartPath::MeasureValue(12), "m12.v");
  EXPECT_EQ(PartPath::Cell(3, 10), "m3.d10");
}

TEST(PartPathTest, ParsesEveryForm) {
  EXPECT_EQ(ParsePartPath("narrative")->kind, Kind::kNarrative);
  EXPECT_EQ(ParsePartPath("sources")->kind, Kind::kSources);
  EXPECT_EQ(ParsePartPath("countries")->kind, Kind::kCountries);
  EXPECT_EQ(ParsePartPath("routes")->kind, Kind::kRoutes);
  std::optional<ParsedPartPath> m = ParsePartPath("m7");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->kind, Kind::kMeasure);
  EXPECT_EQ(m->measure, 7u);
  std::optional<ParsedPartPath> v = ParsePartPath("m10.v");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->kind, Kind::kMeasureValue);
  EXPECT_EQ(v->measure, 10u);
  std::optional<ParsedPartPath> c = ParsePartPath("m2.d15");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->kind, Kind::kCell);
  EXPECT_EQ(c->measure, 2u);
  EXPECT_EQ(c->cell, 15u);
  EXPECT_TRUE(c->InMeasure());
  EXPECT_FALSE(ParsePartPath("routes")->InMeasure());
}

TEST(PartPathTest, RefusesAnythingElse) {
  for (const char* bad :
       {"", "m", "m01", "m-1", "m+1", "m1.", "m1.d", "m1.d01", "m1.v2", "m1.x", "M1", "m1 ", " m1",
        "m1.d2.v", "m99999999", "m1000001", "Narrative", "narrative\n"}) {
    EXPECT_FALSE(ParsePartPath(bad).has_value()) << '"' << bad << '"';
  }
  EXPECT_TRUE(ParsePartPath("m1000000").has_value());
}

}  // namespace
}  // namespace rilon::records
