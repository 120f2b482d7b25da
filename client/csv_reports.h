// Trend reports in CSV, as agencies keep them in spreadsheets: one row per measure, with a header
// row naming the columns (docs/client.md, "Reports in CSV", is the reference for officers).
//
// Columns (header names ignore case, spaces and hyphens: "Report ref" is report_ref):
//   report_ref          groups rows into reports; a row with an empty report_ref continues the
//                       report of the row above. Without this column the file is one report.
//   report columns      period, countries, subdivisions, routes, route_note, theme, mode,
//                       codebook_version, confidence, narrative, sources, reporting_agency,
//                       marking, audience_agencies, audience_groups, request_id. Each may be
//                       filled on any row of its report, usually the first; cells filled on
//                       several rows of one report must agree.
//   measure columns     indicator, value, unit, currency, measure_note, measure_confidence,
//                       disaggregations ("sex:female=180; nationality:MMR=400"), and one column
//                       per breakdown cell named "<dimension>:<category>" (e.g. "sex:female").
//                       A row whose measure cells are all empty only carries report cells.
//   Lists (countries, routes, audience, ...) are separated by ';' or ','; sources by ';', each
//   "TYPE" or "TYPE: note". Enumerations accept the proto names (TLP_AMBER, PEOPLE_SMUGGLING,
//   CONFIDENCE_HIGH) and their short or lower-case forms (amber, people smuggling, high,
//   TLP:AMBER+STRICT). Numbers use '.' for decimals ("," too in files separated by ';') and no
//   thousands separators.
//
// Contract of ReportsFromCsv:
//   - A problem with the header (an unknown or repeated column, a required column missing) is an
//     INVALID_ARGUMENT naming the header line; nothing is returned.
//   - Everything else is reported per report, in its errors ("<file>:<line>: column <name>:
//     ..."), every problem of every row, so that one pass shows all that needs fixing. A report
//     with an error is never sent; the others can be.
//   - The CSV form checks the form of cells (numbers, enumerations, periods, lists, required
//     cells); the node checks the content (codebook, reference lists, screening) and names the
//     field, which ReportInput maps back to the row (client/report_batch.h).
//
// CsvTemplate writes the header and one row per indicator of `theme` in `codebook`, with its
// unit filled in, so that an officer only adds the figures and the report cells; it reads back
// with ReportsFromCsv.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "client/csv_reader.h"
#include "client/report_batch.h"
#include "rilon/codebook/v1/codebook.pb.h"
#include "rilon/v1/trend_report.pb.h"

namespace rilon::client {

// What the reports are for: a correction may leave out the marking (and audience), which it then
// keeps from the version it corrects (CorrectReportRequest); a submission must give a marking.
enum class ReportUse { kSubmission, kCorrection };

absl::StatusOr<std::vector<ReportInput>> ReportsFromCsv(const CsvTable& table,
                                                        std::string_view name,
                                                        ReportUse use = ReportUse::kSubmission);

// `period` goes into the period cell of the first row (e.g. "2026-Q3").
std::string CsvTemplate(const rilon::codebook::v1::Codebook& codebook, rilon::v1::Theme theme,
                        std::string_view period);

// The column names ReportsFromCsv knows (besides "<dimension>:<category>"), for help texts.
std::vector<std::string> KnownCsvColumns();

}  // namespace rilon::client
