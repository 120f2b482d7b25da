#include "client/csv_reports.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/cli_args.h"
#include "client/csv_cells.h"
#include "client/string_views.h"
#include "node/validation/reporting_period.h"

namespace rilon::client {
namespace {

using rilon::v1::Measure;
using rilon::v1::SubmitReportRequest;

std::string Trim(std::string_view s) { return std::string(absl::StripAsciiWhitespace(ToAbsl(s))); }

std::string Upper(std::string_view s) { return absl::AsciiStrToUpper(Trim(s)); }

// ---- The columns --------------------------------------------------------------------------------

using ReportSetter = absl::Status (*)(std::string_view cell, char separator, SubmitReportRequest&);
using MeasureSetter = absl::Status (*)(std::string_view cell, char separator, Measure&);

struct ColumnSpec {
  std::string_view name;
  // The field the node names in its messages, so that they map back to this column's line.
  std::string_view field;
  bool required;                    // in the header, and filled in on one row of every report
  ReportSetter report = nullptr;    // a report column
  MeasureSetter measure = nullptr;  // a measure column
};

rilon::v1::TrendReport& Report(SubmitReportRequest& r) { return *r.mutable_report(); }
rilon::v1::Geography& Geo(SubmitReportRequest& r) { return *Report(r).mutable_geography(); }

const std::vector<ColumnSpec>& Columns() {
  static const auto* const kColumns = new std::vector<ColumnSpec>{
      {"report_ref", "", false},
      {"request_id", "request_id", false,
       [](std::string_view cell, char, SubmitReportRequest& r) {
         r.set_request_id(Trim(cell));
         return absl::OkStatus();
       }},
      {"marking", "marking", true,
       [](std::string_view cell, char, SubmitReportRequest& r) {
         absl::StatusOr<int> v = ParseEnumCell(rilon::v1::Marking_descriptor(), "TLP_", cell);
         if (v.ok()) r.set_marking(static_cast<rilon::v1::Marking>(*v));
         return v.status();
       }},
      {"audience_agencies", "audience.agencies", false,
       [](std::string_view cell, char, SubmitReportRequest& r) {
         for (std::string& a : SplitListCell(cell, true)) r.mutable_audience()->add_agencies(a);
         return absl::OkStatus();
       }},
      {"audience_groups", "audience.groups", false,
       [](std::string_view cell, char, SubmitReportRequest& r) {
         for (std::string& g : SplitListCell(cell, true)) r.mutable_audience()->add_groups(g);
         return absl::OkStatus();
       }},
      {"reporting_agency", "report.reporting_agency", false,
       [](std::string_view cell, char, SubmitReportRequest& r) {
         Report(r).set_reporting_agency(Trim(cell));
         return absl::OkStatus();
       }},
      {"period", "report.period", true,
       [](std::string_view cell, char, SubmitReportRequest& r) {
         absl::StatusOr<rilon::v1::ReportingPeriod> period =
             validation::ParsePeriodText(Trim(cell));
         if (period.ok()) *Report(r).mutable_period() = *std::move(period);
         return period.status();
       }},
      {"countries", "report.geography.countries", true,
       [](std::string_view cell, char, SubmitReportRequest& r) {
         for (std::string& c : SplitListCell(cell, true)) Geo(r).add_countries(Upper(c));
         return absl::OkStatus();
       }},
      {"subdivisions", "report.geography.subdivisions", false,
       [](std::string_view cell, char, SubmitReportRequest& r) {
         for (std::string& s : SplitListCell(cell, true)) Geo(r).add_subdivisions(Upper(s));
         return absl::OkStatus();
       }},
      {"routes", "report.geography.routes", false,
       [](std::string_view cell, char, SubmitReportRequest& r) {
         for (std::string& route : SplitListCell(cell, true)) Geo(r).add_routes(route);
         return absl::OkStatus();
       }},
      {"route_note", "report.geography.route_note", false,
       [](std::string_view cell, char, SubmitReportRequest& r) {
         Geo(r).set_route_note(Trim(cell));
         return absl::OkStatus();
       }},
      {"theme", "report.theme", true,
       [](std::string_view cell, char, SubmitReportRequest& r) {
         absl::StatusOr<int> v = ParseEnumCell(rilon::v1::Theme_descriptor(), "", cell);
         if (v.ok()) Report(r).set_theme(static_cast<rilon::v1::Theme>(*v));
         return v.status();
       }},
      {"mode", "report.mode", true,
       [](std::string_view cell, char, SubmitReportRequest& r) {
         absl::StatusOr<int> v = ParseEnumCell(rilon::v1::Mode_descriptor(), "", cell);
         if (v.ok()) Report(r).set_mode(static_cast<rilon::v1::Mode>(*v));
         return v.status();
       }},
      {"codebook_version", "report.codebook_version", true,
       [](std::string_view cell, char, SubmitReportRequest& r) {
         Report(r).set_codebook_version(Trim(cell));
         return absl::OkStatus();
       }},
      {"confidence", "report.confidence", true,
       [](std::string_view cell, char, SubmitReportRequest& r) {
         absl::StatusOr<int> v =
             ParseEnumCell(rilon::v1::Confidence_descriptor(), "CONFIDENCE_", cell);
         if (v.ok()) Report(r).set_confidence(static_cast<rilon::v1::Confidence>(*v));
         return v.status();
       }},
      {"narrative", "report.narrative", false,
       [](std::string_view cell, char, SubmitReportRequest& r) {
         Report(r).set_narrative(Trim(cell));
         return absl::OkStatus();
       }},
      {"sources", "report.sources", false,
       [](std::string_view cell, char, SubmitReportRequest& r) {
         for (const std::string& entry : SplitListCell(cell, false)) {
           absl::StatusOr<rilon::v1::Source> source = ParseSourceEntry(entry);
           if (!source.ok()) return source.status();
           *Report(r).add_sources() = *std::move(source);
         }
         return absl::OkStatus();
       }},
      {"indicator", "indicator", true, nullptr,
       [](std::string_view cell, char, Measure& m) {
         m.set_indicator(Trim(cell));
         return absl::OkStatus();
       }},
      {"value", "value", true, nullptr,
       [](std::string_view cell, char separator, Measure& m) {
         absl::StatusOr<double> v = ParseNumberCell(cell, separator);
         if (v.ok()) m.set_value(*v);
         return v.status();
       }},
      {"unit", "unit", true, nullptr,
       [](std::string_view cell, char, Measure& m) {
         m.set_unit(Trim(cell));
         return absl::OkStatus();
       }},
      {"currency", "currency", false, nullptr,
       [](std::string_view cell, char, Measure& m) {
         m.set_currency(Upper(cell));
         return absl::OkStatus();
       }},
      {"measure_note", "note", false, nullptr,
       [](std::string_view cell, char, Measure& m) {
         m.set_note(Trim(cell));
         return absl::OkStatus();
       }},
      {"measure_confidence", "confidence", false, nullptr,
       [](std::string_view cell, char, Measure& m) {
         absl::StatusOr<int> v =
             ParseEnumCell(rilon::v1::Confidence_descriptor(), "CONFIDENCE_", cell);
         if (v.ok()) m.set_confidence(static_cast<rilon::v1::Confidence>(*v));
         return v.status();
       }},
      {"disaggregations", "disaggregations", false, nullptr,
       [](std::string_view cell, char separator, Measure& m) {
         for (const std::string& entry : SplitListCell(cell, false)) {
           absl::StatusOr<rilon::v1::Disaggregation> d = ParseBreakdownEntry(entry, separator);
           if (!d.ok()) return d.status();
           *m.add_disaggregations() = *std::move(d);
         }
         return absl::OkStatus();
       }},
  };
  return *kColumns;
}

const ColumnSpec* FindColumn(std::string_view name) {
  for (const ColumnSpec& c : Columns()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

// ---- The header ---------------------------------------------------------------------------------

// What each column of the file is.
struct FileColumn {
  std::string header;                // as written
  const ColumnSpec* spec = nullptr;  // a known column, or
  std::string dimension, category;   // a breakdown column "<dimension>:<category>", or neither:
                                     // a column without a name
};

// Whether `spec` must be given for reports of this use: a correction keeps the marking of the
// version it corrects when it gives none.
bool Required(const ColumnSpec& spec, ReportUse use) {
  return spec.required && !(use == ReportUse::kCorrection && spec.name == "marking");
}

absl::StatusOr<std::vector<FileColumn>> ReadHeader(const CsvRow& header, std::string_view name,
                                                   ReportUse use) {
  std::vector<FileColumn> columns;
  std::vector<std::string> problems;
  std::set<std::string> seen;
  std::vector<std::string> known = KnownCsvColumns();
  const std::string where = absl::StrCat(ToAbsl(name), ":", header.line, ": ");
  for (const std::string& written : header.fields) {
    FileColumn column;
    column.header = written;
    const std::string canonical = CanonicalColumnName(written);
    if (canonical.empty()) {
      columns.push_back(std::move(column));
      continue;
    }
    if (!seen.insert(canonical).second) {
      problems.push_back(
          absl::StrCat(where, "column \"", written, "\" appears twice in the header; keep one"));
    }
    if (const size_t colon = canonical.find(':'); colon != std::string::npos) {
      column.dimension = canonical.substr(0, colon);
      column.category = canonical.substr(colon + 1);
      if (column.dimension.empty() || column.category.empty()) {
        problems.push_back(absl::StrCat(where, "column \"", written,
                                        "\" is not a breakdown column; name it "
                                        "<dimension>:<category>, e.g. sex:female"));
      }
    } else if ((column.spec = FindColumn(canonical)) == nullptr) {
      std::string near = ClosestMatch(canonical, known);
      problems.push_back(absl::StrCat(
          where, "unknown column \"", written, "\"",
          near.empty() ? "" : absl::StrCat(" (did you mean \"", near, "\"?)"), "; the columns are ",
          absl::StrJoin(known, ", "), ", and breakdown columns <dimension>:<category>"));
    }
    columns.push_back(std::move(column));
  }
  std::vector<std::string> missing;
  for (const ColumnSpec& spec : Columns()) {
    if (Required(spec, use) && !seen.count(std::string(spec.name))) {
      missing.push_back(std::string(spec.name));
    }
  }
  if (!missing.empty()) {
    problems.push_back(absl::StrCat(where, "the header lacks the column",
                                    missing.size() > 1 ? "s " : " ", absl::StrJoin(missing, ", "),
                                    "; 'rilon report template --csv' prints a complete header"));
  }
  if (!problems.empty()) {
    return absl::InvalidArgumentError(absl::StrJoin(problems, "\n"));
  }
  return columns;
}

// ---- Rows into reports --------------------------------------------------------------------------

struct Cell {
  std::string value;
  int line = 0;
};

struct ReportRows {
  ReportInput input;
  // Report columns, in column order: the first non-empty cell of each.
  std::map<const ColumnSpec*, Cell> cells;
};

std::string At(std::string_view name, int line, std::string_view column, std::string_view what) {
  return absl::StrCat(ToAbsl(name), ":", line, ": column ", ToAbsl(column), ": ", ToAbsl(what));
}

// The trimmed cell of the known column `column` in `row` ("" when absent or empty).
std::string CellOf(const CsvRow& row, const std::vector<FileColumn>& columns,
                   std::string_view column) {
  for (size_t i = 0; i < columns.size() && i < row.fields.size(); ++i) {
    if (columns[i].spec != nullptr && columns[i].spec->name == column) {
      return Trim(row.fields[i]);
    }
  }
  return "";
}

// Adds the row's measure (if it has one) to `report`; problems go to the report's errors.
void ReadMeasure(const CsvRow& row, const std::vector<FileColumn>& columns, char separator,
                 std::string_view name, ReportRows& report) {
  Measure measure;
  bool any = false;
  std::vector<std::string>& errors = report.input.errors;
  for (size_t i = 0; i < columns.size(); ++i) {
    const std::string cell = i < row.fields.size() ? Trim(row.fields[i]) : "";
    if (cell.empty()) continue;
    const FileColumn& column = columns[i];
    if (column.spec != nullptr && column.spec->measure != nullptr) {
      any = true;
      if (absl::Status s = column.spec->measure(cell, separator, measure); !s.ok()) {
        errors.push_back(At(name, row.line, column.spec->name, ToStd(s.message())));
      }
    } else if (!column.dimension.empty()) {
      any = true;
      absl::StatusOr<double> value = ParseNumberCell(cell, separator);
      if (!value.ok()) {
        errors.push_back(At(name, row.line, column.header, ToStd(value.status().message())));
        continue;
      }
      rilon::v1::Disaggregation* d = measure.add_disaggregations();
      d->set_dimension(column.dimension);
      d->set_category(column.category);
      d->set_value(*value);
    }
  }
  if (!any) return;
  for (std::string_view required : {"indicator", "value", "unit"}) {
    if (!CellOf(row, columns, required).empty()) continue;
    errors.push_back(At(name, row.line, required,
                        required == "value"
                            ? "is empty: fill in the figure, or delete the row"
                            : "is empty: every measure row needs an indicator, a value and a "
                              "unit (see 'rilon report template --csv')"));
  }
  *report.input.request.mutable_report()->add_measures() = std::move(measure);
  report.input.measure_lines.push_back(row.line);
}

// Records the row's report cells; a cell that contradicts an earlier row of the report is an
// error on this row.
void ReadReportCells(const CsvRow& row, const std::vector<FileColumn>& columns,
                     std::string_view name, ReportRows& report) {
  for (size_t i = 0; i < columns.size() && i < row.fields.size(); ++i) {
    const ColumnSpec* spec = columns[i].spec;
    if (spec == nullptr || spec->report == nullptr) continue;
    const std::string cell = Trim(row.fields[i]);
    if (cell.empty()) continue;
    auto [it, inserted] = report.cells.try_emplace(spec, Cell{cell, row.line});
    if (!inserted && it->second.value != cell) {
      report.input.errors.push_back(
          At(name, row.line, spec->name,
             absl::StrCat("\"", cell, "\" differs from \"", it->second.value, "\" on line ",
                          it->second.line,
                          " of the same report; a report cell holds one value for the whole "
                          "report (leave it empty on the other rows)")));
    }
  }
}

// Stray cells: beyond the header, or under a column without a name.
void CheckStrayCells(const CsvRow& row, const std::vector<FileColumn>& columns,
                     std::string_view name, ReportInput& input) {
  for (size_t i = 0; i < row.fields.size(); ++i) {
    if (Trim(row.fields[i]).empty()) continue;
    if (i >= columns.size()) {
      input.errors.push_back(
          absl::StrCat(ToAbsl(name), ":", row.line, ": this row has ", row.fields.size(),
                       " cells but the header names ", columns.size(),
                       " columns (a separator too many in a cell? put the cell in double quotes)"));
      return;
    }
    if (columns[i].spec == nullptr && columns[i].dimension.empty()) {
      input.errors.push_back(absl::StrCat(ToAbsl(name), ":", row.line, ": cell ", i + 1,
                                          " holds \"", Trim(row.fields[i]),
                                          "\" but its column has no name in the header"));
    }
  }
}

// Applies the report cells collected from the rows, and checks that the report is complete.
void FinishReport(std::string_view name, ReportUse use, ReportRows& rows) {
  ReportInput& input = rows.input;
  const char separator = ',';  // report cells hold no numbers
  for (const ColumnSpec& spec : Columns()) {
    if (spec.report == nullptr) continue;
    auto it = rows.cells.find(&spec);
    if (it == rows.cells.end()) {
      if (Required(spec, use)) {
        input.errors.push_back(At(name, input.first_line, spec.name,
                                  "is empty on every row of this report; fill it in on one row"));
      }
      continue;
    }
    input.field_lines[std::string(spec.field)] = it->second.line;
    if (absl::Status s = spec.report(it->second.value, separator, input.request); !s.ok()) {
      input.errors.push_back(At(name, it->second.line, spec.name, ToStd(s.message())));
    }
  }
  if (input.request.report().measures().empty()) {
    input.errors.push_back(absl::StrCat(ToAbsl(name), ":", input.first_line,
                                        ": this report has no measure row (indicator, value, "
                                        "unit); add at least one"));
  }
}

// Errors in the order of their lines ("<name>:<line>: ..."), for reading beside the file.
void SortByLine(std::string_view name, std::vector<std::string>& errors) {
  auto line_of = [&](const std::string& error) {
    int line = 0;
    absl::SimpleAtoi(ToAbsl(std::string_view(error).substr(
                         name.size() + 1, error.find(':', name.size() + 1) - name.size() - 1)),
                     &line);
    return line;
  };
  std::stable_sort(errors.begin(), errors.end(), [&](const std::string& a, const std::string& b) {
    return line_of(a) < line_of(b);
  });
}

}  // namespace

std::vector<std::string> KnownCsvColumns() {
  std::vector<std::string> names;
  for (const ColumnSpec& c : Columns()) names.push_back(std::string(c.name));
  return names;
}

absl::StatusOr<std::vector<ReportInput>> ReportsFromCsv(const CsvTable& table,
                                                        std::string_view name, ReportUse use) {
  absl::StatusOr<std::vector<FileColumn>> columns = ReadHeader(table.header, name, use);
  if (!columns.ok()) return columns.status();
  std::optional<size_t> ref_column;
  for (size_t i = 0; i < columns->size(); ++i) {
    if ((*columns)[i].spec == FindColumn("report_ref")) ref_column = i;
  }

  std::vector<ReportRows> reports;
  std::map<std::string, size_t> by_ref;
  std::string current_ref;
  for (const CsvRow& row : table.rows) {
    std::string ref;
    if (ref_column.has_value()) {
      ref = *ref_column < row.fields.size() ? Trim(row.fields[*ref_column]) : "";
      if (ref.empty()) ref = current_ref;  // continues the report of the row above
    }
    auto [it, inserted] = by_ref.try_emplace(ref, reports.size());
    if (inserted) {
      ReportRows report;
      report.input.file = std::string(name);
      report.input.ref = ref;
      report.input.first_line = row.line;
      reports.push_back(std::move(report));
    }
    ReportRows& report = reports[it->second];
    report.input.last_line = std::max(report.input.last_line, row.line);
    if (ref_column.has_value() && ref.empty()) {
      report.input.errors.push_back(At(name, row.line, "report_ref",
                                       "is empty on the first row; name the report (any text, "
                                       "e.g. q3-sea) so that its rows can be grouped"));
    }
    current_ref = ref;
    CheckStrayCells(row, *columns, name, report.input);
    ReadReportCells(row, *columns, name, report);
    ReadMeasure(row, *columns, table.separator, name, report);
  }
  std::vector<ReportInput> inputs;
  inputs.reserve(reports.size());
  for (ReportRows& report : reports) {
    FinishReport(name, use, report);
    SortByLine(name, report.input.errors);
    inputs.push_back(std::move(report.input));
  }
  return inputs;
}

std::string CsvTemplate(const rilon::codebook::v1::Codebook& codebook, rilon::v1::Theme theme,
                        std::string_view period) {
  std::vector<const rilon::codebook::v1::Indicator*> indicators;
  for (const auto& indicator : codebook.indicators()) {
    if (std::find(indicator.themes().begin(), indicator.themes().end(), theme) !=
        indicator.themes().end()) {
      indicators.push_back(&indicator);
    }
  }
  // One column per category of every listed dimension the theme's indicators may use, in
  // codebook order; nationality-like dimensions go in the disaggregations column.
  std::vector<std::string> breakdown_columns;
  for (const auto& dimension : codebook.dimensions()) {
    if (dimension.category_source() != rilon::codebook::v1::LISTED) continue;
    const bool used = std::any_of(indicators.begin(), indicators.end(), [&](const auto* i) {
      return std::find(i->disaggregations().begin(), i->disaggregations().end(),
                       dimension.code()) != i->disaggregations().end();
    });
    if (!used) continue;
    for (const auto& category : dimension.categories()) {
      breakdown_columns.push_back(absl::StrCat(dimension.code(), ":", category.code()));
    }
  }
  const std::vector<std::string> before = {"report_ref",
                                           "period",
                                           "countries",
                                           "subdivisions",
                                           "routes",
                                           "route_note",
                                           "theme",
                                           "mode",
                                           "codebook_version",
                                           "confidence",
                                           "marking",
                                           "audience_agencies",
                                           "audience_groups",
                                           "indicator",
                                           "value",
                                           "unit",
                                           "currency",
                                           "measure_note",
                                           "measure_confidence"};
  const std::vector<std::string> after = {"disaggregations", "narrative", "sources"};
  std::vector<std::string> header = before;
  header.insert(header.end(), breakdown_columns.begin(), breakdown_columns.end());
  header.insert(header.end(), after.begin(), after.end());

  auto index_of = [&](std::string_view column) {
    return static_cast<size_t>(std::find(header.begin(), header.end(), column) - header.begin());
  };
  std::string out = FormatCsvLine(header) + "\r\n";
  for (size_t r = 0; r < indicators.size(); ++r) {
    std::vector<std::string> row(header.size());
    row[index_of("report_ref")] = "report-1";
    if (r == 0) {
      row[index_of("period")] = std::string(period);
      row[index_of("theme")] = rilon::v1::Theme_Name(theme);
      row[index_of("codebook_version")] = codebook.version();
    }
    row[index_of("indicator")] = indicators[r]->code();
    row[index_of("unit")] = indicators[r]->unit();
    out += FormatCsvLine(row) + "\r\n";
  }
  return out;
}

}  // namespace rilon::client
