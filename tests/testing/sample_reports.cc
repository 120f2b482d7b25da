#include "tests/testing/sample_reports.h"

#include <string>
#include <utility>
#include <vector>

namespace rilon::testing {
namespace {

void AddCells(rilon::v1::Measure* measure, const std::string& dimension,
              const std::vector<std::pair<std::string, double>>& cells) {
  for (const auto& [category, value] : cells) {
    rilon::v1::Disaggregation* d = measure->add_disaggregations();
    d->set_dimension(dimension);
    d->set_category(category);
    d->set_value(value);
  }
}

rilon::v1::Measure* AddMeasure(rilon::v1::TrendReport& report, const std::string& indicator,
                               double value, const std::string& unit) {
  rilon::v1::Measure* m = report.add_measures();
  m->set_indicator(indicator);
  m->set_value(value);
  m->set_unit(unit);
  return m;
}

}  // namespace

rilon::v1::TrendReport SampleTrendReport() {
  rilon::v1::TrendReport report;
  report.mutable_period()->mutable_quarter()->set_year(2026);
  report.mutable_period()->mutable_quarter()->set_quarter(3);
  rilon::v1::Geography* geo = report.mutable_geography();
  for (const char* c : {"BD", "MM", "ID"}) geo->add_countries(c);
  geo->add_subdivisions("BD-11");
  geo->add_subdivisions("ID-AC");
  geo->add_routes("coxs_bazar_andaman_sea_aceh");
  geo->set_route_note("Transfers to a larger vessel offshore before the Andaman Sea crossing.");
  report.set_theme(rilon::v1::PEOPLE_SMUGGLING);
  report.set_mode(rilon::v1::SEA);
  report.set_codebook_version("1");
  report.set_confidence(rilon::v1::CONFIDENCE_MEDIUM);

  AddCells(AddMeasure(report, "vessels_intercepted", 3, "vessels"), "vessel_type",
           {{"fishing_vessel", 3}});
  rilon::v1::Measure* persons =
      AddMeasure(report, "persons_on_board_intercepted_vessels", 412, "persons");
  AddCells(persons, "nationality", {{"XXA", 380}, {"BGD", 32}});
  AddCells(persons, "sex", {{"female", 180}, {"male", 232}});
  AddCells(
      persons, "age_band",
      {{"0-11", 60}, {"12-17", 70}, {"18-24", 120}, {"25-34", 100}, {"35-44", 50}, {"45-54", 12}});
  AddCells(AddMeasure(report, "facilitators_arrested", 2, "persons"), "nationality", {{"BGD", 2}});
  rilon::v1::Measure* fee = AddMeasure(report, "median_fee_paid", 1200, "currency_per_person");
  fee->set_currency("USD");
  fee->set_note("From debriefings of passengers; fees paid in instalments.");

  report.set_narrative(
      "Departures at night from beaches south of Teknaf on wooden fishing vessels; passengers "
      "were transferred to a larger vessel offshore. Fees were paid in instalments through "
      "hawala agents, with a first payment before departure and the rest on arrival in Aceh.");
  rilon::v1::Source* patrol = report.add_sources();
  patrol->set_type(rilon::v1::OPERATIONAL_REPORTING);
  patrol->set_note("Interception reports of the maritime patrol.");
  report.add_sources()->set_type(rilon::v1::INTERVIEWS);
  return report;
}

rilon::v1::SubmitReportRequest SampleSubmitRequest() {
  rilon::v1::SubmitReportRequest request;
  *request.mutable_report() = SampleTrendReport();
  request.set_marking(rilon::v1::TLP_GREEN);
  request.mutable_audience()->add_agencies("id.polri");
  request.mutable_audience()->add_agencies("th.rtp");
  return request;
}

}  // namespace rilon::testing
