// Shaping a trend report by a form: every form element, secondary suppression against
// differencing, rounding, and reports already shaped by another node.
#include "node/sharing/record_shaping.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "tests/testing/sample_reports.h"

namespace rilon::sharing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// SampleTrendReport's measures: m0 vessels_intercepted 3 (one cell, 3), m1 persons on board 412
// (nationality 380/32, sex 180/232, six age bands), m2 facilitators_arrested 2 (one cell, 2),
// m3 median_fee_paid 1200 USD.

std::map<std::string, std::string> Codes(const Disclosure& d) {
  std::map<std::string, std::string> codes;
  for (const ShapingNote& n : d.notes) codes[n.path] = n.code;
  return codes;
}

Disclosure Shape(const rilon::v1::TrendReport& report, const policy::Form& form,
                 const std::vector<std::string>& already = {}) {
  absl::StatusOr<Disclosure> d = ShapeReport(report, already, form);
  EXPECT_TRUE(d.ok()) << d.status();
  if (!d.ok()) return {};
  EXPECT_EQ(d->withheld_parts.size(), d->notes.size());
  return *d;
}

policy::Form WithheldFields(std::initializer_list<policy::Field> fields) {
  policy::Form form;
  for (policy::Field f : fields) form.withheld_fields |= 1u << static_cast<uint32_t>(f);
  return form;
}

// A reader's differencing attack on what is published: every breakdown dimension of a measure
// sums to its total (plus what the breakdown leaves unreported, known to be zero when the origin
// reported a complete breakdown), so a relation with exactly one unknown gives it away.
// Returns the withheld paths the attacker recovers.
std::set<std::string> Recovered(const rilon::v1::Measure& m, size_t i, const Disclosure& d) {
  std::set<std::string> hidden(d.withheld_parts.begin(), d.withheld_parts.end());
  std::map<std::string, std::vector<size_t>> dims;
  for (int j = 0; j < m.disaggregations_size(); ++j)
    dims[m.disaggregations(j).dimension()].push_back(j);
  std::set<std::string> recovered;
  bool progress = true;
  while (progress) {
    progress = false;
    for (const auto& [dim, cells] : dims) {
      std::vector<std::string> unknown;
      const std::string total = MeasureValuePart(i);
      if (hidden.contains(total) && !recovered.contains(total)) unknown.push_back(total);
      for (size_t j : cells) {
        const std::string p = CellPart(i, j);
        if (hidden.contains(p) && !recovered.contains(p)) unknown.push_back(p);
      }
      if (unknown.size() == 1) {
        recovered.insert(unknown[0]);
        progress = true;
      }
    }
  }
  return recovered;
}

TEST(RecordShapingTest, FullFormWithholdsNothing) {
  Disclosure d = Shape(rilon::testing::SampleTrendReport(), policy::Form{});
  EXPECT_THAT(d.withheld_parts, IsEmpty());
}

TEST(RecordShapingTest, FieldsMapToTheirParts) {
  Disclosure d = Shape(rilon::testing::SampleTrendReport(),
                       WithheldFields({policy::Field::kRoute, policy::Field::kNarrative,
                                       policy::Field::kCountries}));
  EXPECT_THAT(d.withheld_parts, ElementsAre("narrative", "countries", "routes"));
  for (const ShapingNote& n : d.notes) EXPECT_EQ(n.code, "W") << n.path;
}

TEST(RecordShapingTest, DisaggregationsWithholdEveryCellAndKeepTotals) {
  Disclosure d =
      Shape(rilon::testing::SampleTrendReport(), WithheldFields({policy::Field::kDisaggregations}));
  std::vector<std::string> expected = {"m0.d0"};
  for (int j = 0; j < 10; ++j) expected.push_back(CellPart(1, j));
  expected.push_back("m2.d0");
  EXPECT_EQ(d.withheld_parts, expected);
  for (const ShapingNote& n : d.notes) EXPECT_EQ(n.code, "W") << n.path;
}

TEST(RecordShapingTest, WithheldIndicatorDropsTheWholeMeasure) {
  policy::Form form;
  form.withheld_indicators = {"median_fee_paid", "not_in_report"};
  Disclosure d = Shape(rilon::testing::SampleTrendReport(), form);
  EXPECT_THAT(d.withheld_parts, ElementsAre("m3"));
  EXPECT_EQ(d.notes[0].code, "W");
}

TEST(RecordShapingTest, SmallCountsAndWhatWouldGiveThemAway) {
  policy::Form form;
  form.small_cell_k = 5;
  Disclosure d = Shape(rilon::testing::SampleTrendReport(), form);
  // 3 vessels, all fishing vessels; 2 facilitators, all Bangladeshi: totals and cells are small.
  // The persons on board (412) have no small cell; the fee is not a count.
  EXPECT_EQ(Codes(d), (std::map<std::string, std::string>{
                          {"m0.v", "C"}, {"m0.d0", "C"}, {"m2.v", "C"}, {"m2.d0", "C"}}));
}

TEST(RecordShapingTest, DifferencingCannotRecoverASuppressedCell) {
  rilon::v1::TrendReport report = rilon::testing::SampleTrendReport();
  rilon::v1::Measure* m = report.mutable_measures(1);  // 412 persons
  // Make one sex cell small: female 3, male 409.
  for (rilon::v1::Disaggregation& d : *m->mutable_disaggregations()) {
    if (d.category() == "female") d.set_value(3);
    if (d.category() == "male") d.set_value(409);
  }
  policy::Form form;
  form.small_cell_k = 5;
  Disclosure d = Shape(report, form);
  std::map<std::string, std::string> codes = Codes(d);
  const std::string female = CellPart(1, 2), male = CellPart(1, 3);
  EXPECT_EQ(codes[female], "C");
  // Without a second suppression, 412 - 409 = 3 gives the small cell back.
  EXPECT_TRUE(codes.contains(male) || codes.contains("m1.v")) << "nothing protects the cell";
  EXPECT_THAT(Recovered(*m, 1, d), IsEmpty());
}

TEST(RecordShapingTest, DifferencingAcrossDimensionsSharingTheTotal) {
  rilon::v1::TrendReport report;
  rilon::v1::Measure* m = report.add_measures();
  m->set_indicator("persons_detected");
  m->set_value(30);
  auto cell = [&](const char* dim, const char* cat, double v) {
    rilon::v1::Disaggregation* d = m->add_disaggregations();
    d->set_dimension(dim);
    d->set_category(cat);
    d->set_value(v);
  };
  cell("sex", "female", 2);
  cell("sex", "male", 28);
  cell("age_band", "0-17", 1);
  cell("age_band", "18+", 29);
  policy::Form form;
  form.small_cell_k = 5;
  Disclosure d = Shape(report, form);
  std::map<std::string, std::string> codes = Codes(d);
  EXPECT_EQ(codes["m0.d0"], "C");
  EXPECT_EQ(codes["m0.d2"], "C");
  EXPECT_THAT(Recovered(*m, 0, d), IsEmpty());
}

TEST(RecordShapingTest, RoundingPublishesRoundedCounts) {
  policy::Form form;
  form.round_to = 5;
  Disclosure d = Shape(rilon::testing::SampleTrendReport(), form);
  std::map<std::string, std::optional<double>> published;
  for (const ShapingNote& n : d.notes) {
    EXPECT_EQ(n.code, "R") << n.path;
    published[n.path] = n.published_value;
  }
  EXPECT_EQ(published["m1.v"], 410);          // 412
  EXPECT_EQ(published["m1.d1"], 30);          // BGD 32
  EXPECT_EQ(published["m1.d9"], 10);          // 45-54: 12
  EXPECT_EQ(published["m0.v"], 5);            // 3
  EXPECT_FALSE(published.contains("m1.d0"));  // 380 is a multiple of 5
  EXPECT_FALSE(published.contains("m3.v"));   // a fee is not a count
}

// A report another node already shaped, as OpenReport gives it: the withheld measure is gone
// from `measures` but the others keep their paths; nothing withheld comes back.
TEST(RecordShapingTest, ShapesFurtherWhatWasShapedBefore) {
  rilon::v1::TrendReport report = rilon::testing::SampleTrendReport();
  report.mutable_measures()->DeleteSubrange(1, 1);  // m1 withheld earlier
  report.clear_narrative();
  policy::Form form = WithheldFields({policy::Field::kNarrative});
  form.small_cell_k = 5;
  Disclosure d = Shape(report, form, {"narrative", "m1"});
  EXPECT_EQ(Codes(d), (std::map<std::string, std::string>{
                          {"m0.v", "C"}, {"m0.d0", "C"}, {"m2.v", "C"}, {"m2.d0", "C"}}));
}

TEST(RecordShapingTest, CellWithheldEarlierStillCountsAsHidden) {
  rilon::v1::TrendReport report;
  rilon::v1::Measure* m = report.add_measures();
  m->set_indicator("persons_detected");
  m->set_value(20);
  rilon::v1::Disaggregation* female = m->add_disaggregations();  // origin cell 0
  female->set_dimension("sex");
  female->set_category("female");
  female->set_value(3);
  // Origin cell 1 (male 17) was withheld by the sender, so the female cell cannot be derived.
  policy::Form form;
  form.small_cell_k = 5;
  Disclosure d = Shape(report, form, {"m0.d1"});
  EXPECT_EQ(Codes(d), (std::map<std::string, std::string>{{"m0.d0", "C"}}));
}

TEST(RecordShapingTest, TotalWithheldEarlierWithholdsEveryCellWhenOneIsSmall) {
  rilon::v1::TrendReport report = rilon::testing::SampleTrendReport();
  report.mutable_measures(1)->set_value(0);  // m1.v withheld earlier reads 0
  report.mutable_measures(1)->mutable_disaggregations(1)->set_value(3);  // BGD 3
  policy::Form form;
  form.small_cell_k = 5;
  Disclosure d = Shape(report, form, {"m1.v"});
  std::map<std::string, std::string> codes = Codes(d);
  for (int j = 0; j < 10; ++j) EXPECT_TRUE(codes.contains(CellPart(1, j))) << j;
  EXPECT_EQ(codes["m1.d1"], "C");
  EXPECT_FALSE(codes.contains("m1.v"));
}

}  // namespace
}  // namespace rilon::sharing
