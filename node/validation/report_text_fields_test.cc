#include "node/validation/report_text_fields.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "tests/testing/sample_reports.h"

namespace rilon::validation {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

// Every string field reachable from TrendReport, as "measures[].note".
void CollectStrings(const Descriptor* d, const std::string& prefix, std::set<std::string>& out) {
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    const std::string path = prefix + f->name() + (f->is_repeated() ? "[]" : "");
    if (f->type() == FieldDescriptor::TYPE_MESSAGE) {
      CollectStrings(f->message_type(), path + ".", out);
    } else if (f->type() == FieldDescriptor::TYPE_STRING) {
      out.insert(path);
    }
  }
}

// Strings validated as codes against a list or a strict format (report_validation.h).
const std::set<std::string> kCodedStrings = {
    "reporting_agency",
    "period.interval.start_date",
    "period.interval.end_date",
    "geography.countries[]",
    "geography.subdivisions[]",
    "geography.routes[]",
    "codebook_version",
    "measures[].indicator",
    "measures[].unit",
    "measures[].currency",
    "measures[].disaggregations[].dimension",
    "measures[].disaggregations[].category",
};

TEST(ReportTextFields, EveryStringFieldIsEitherScreenedOrACode) {
  std::set<std::string> strings;
  CollectStrings(rilon::v1::TrendReport::descriptor(), "", strings);
  std::set<std::string> classified(kCodedStrings);
  for (const std::string& p : FreeTextFieldPaths()) {
    EXPECT_TRUE(classified.insert(p).second) << p << " is both free text and a code";
  }
  EXPECT_EQ(strings, classified)
      << "a string field of TrendReport is neither screened (report_text_fields.cc) nor "
         "checked as a code (report_validation.cc)";
}

TEST(ReportTextFields, ListsTheNonEmptyFreeTextOfAReport) {
  rilon::v1::TrendReport r = rilon::testing::SampleTrendReport();
  r.mutable_sources(1)->set_note("Debriefings at the shelter.");
  std::vector<std::string> paths;
  for (const TextField& f : FreeTextFields(r, "report")) paths.push_back(f.path);
  EXPECT_THAT(paths, ::testing::ElementsAre("report.geography.route_note",
                                            "report.measures[3].note", "report.narrative",
                                            "report.sources[0].note", "report.sources[1].note"));
  EXPECT_EQ(FreeTextFields(r, "report")[2].text, r.narrative());
  r.clear_narrative();
  r.mutable_geography()->clear_route_note();
  EXPECT_EQ(FreeTextFields(r, "x").front().path, "x.measures[3].note");
}

}  // namespace
}  // namespace rilon::validation
