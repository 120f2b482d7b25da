// `rilon report template [--csv] [--theme THEME]`: a report to fill in, with one measure per
// indicator of the theme in the newest codebook built into rilon (client/embedded_codebooks.h).
#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/commands/commands.h"
#include "client/csv_cells.h"
#include "client/csv_reports.h"
#include "client/embedded_codebooks.h"
#include "node/validation/reporting_period.h"

namespace rilon::client {
namespace {

// The last calendar quarter that has ended, the period most reports cover: "2026-Q3" in
// November 2026.
std::string LastEndedQuarter(absl::Time now) {
  const absl::CivilMonth month = absl::ToCivilMonth(now, absl::UTCTimeZone());
  int64_t year = month.year();
  int quarter = (month.month() - 1) / 3;  // the current quarter's number minus one
  if (quarter == 0) {
    --year;
    quarter = 4;
  }
  return absl::StrCat(year, "-Q", quarter);
}

// The JSON form: a SubmitReportRequest with the theme's measures, values left out.
absl::StatusOr<std::string> JsonTemplate(const rilon::codebook::v1::Codebook& codebook,
                                         rilon::v1::Theme theme, const std::string& period) {
  rilon::v1::SubmitReportRequest request;
  rilon::v1::TrendReport& report = *request.mutable_report();
  if (absl::StatusOr<rilon::v1::ReportingPeriod> p = validation::ParsePeriodText(period); p.ok()) {
    *report.mutable_period() = *p;
  }
  report.set_theme(theme);
  report.set_codebook_version(codebook.version());
  for (const auto& indicator : codebook.indicators()) {
    if (std::find(indicator.themes().begin(), indicator.themes().end(), theme) ==
        indicator.themes().end()) {
      continue;
    }
    rilon::v1::Measure* measure = report.add_measures();
    measure->set_indicator(indicator.code());
    measure->set_unit(indicator.unit());
  }
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  if (!google::protobuf::util::MessageToJsonString(request, &json, options).ok()) {
    return absl::InternalError("cannot write the JSON template");
  }
  return json;
}

}  // namespace

absl::Status RunReportTemplate(const CommandContext& context) {
  absl::StatusOr<int> theme = ParseEnumCell(rilon::v1::Theme_descriptor(), "",
                                            context.args.Get("theme").value_or("people_smuggling"));
  if (!theme.ok()) return theme.status();
  absl::StatusOr<rilon::codebook::v1::Codebook> codebook = NewestEmbeddedCodebook();
  if (!codebook.ok()) return codebook.status();
  const std::string period = LastEndedQuarter(absl::Now());
  const auto chosen = static_cast<rilon::v1::Theme>(*theme);
  if (context.args.Has("csv")) {
    Emit(context.out, CsvTemplate(*codebook, chosen, period));
  } else {
    absl::StatusOr<std::string> json = JsonTemplate(*codebook, chosen, period);
    if (!json.ok()) return json.status();
    Emit(context.out, *json);
  }
  Emit(context.err,
       absl::StrCat("Template for ", rilon::v1::Theme_Name(chosen), ", codebook version ",
                    codebook->version(), ", period ", period,
                    ": fill in the value of each measure you report and delete the others; fill "
                    "in countries, mode, confidence and marking (and the period if it is not ",
                    period, "). Then: rilon report submit FILE\n"));
  return absl::OkStatus();
}

}  // namespace rilon::client
