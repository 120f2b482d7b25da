#include "node/validation/report_validation.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "node/util/string_views.h"
#include "node/validation/edit_distance.h"
#include "node/validation/reporting_period.h"
#include "node/validation/text_checks.h"

namespace rilon::validation {
namespace {

using rilon::util::ToAbsl;
using rilon::v1::Disaggregation;
using rilon::v1::Measure;
using rilon::v1::TrendReport;

// Largest whole number a double holds exactly; larger "counts" are not counts.
constexpr double kMaxCount = 9007199254740992.0;  // 2^53

std::string Quote(std::string_view s) { return absl::StrCat("\"", ToAbsl(s), "\""); }
std::string Num(double v) { return absl::StrFormat("%.15g", v); }

// A field path, assembled only when a problem is reported ("report.measures[2].unit"): a valid
// report, the common case, then costs no string building at all. A FieldPath refers to its
// parent, which must outlive it.
class FieldPath {
 public:
  explicit FieldPath(std::string_view root) : name_(root) {}
  FieldPath(const FieldPath& parent, std::string_view name, int index = -1)
      : parent_(&parent), name_(name), index_(index) {}

  std::string str() const {
    std::string out = parent_ == nullptr ? std::string() : parent_->str() + ".";
    absl::StrAppend(&out, ToAbsl(name_));
    if (index_ >= 0) absl::StrAppend(&out, "[", index_, "]");
    return out;
  }

 private:
  const FieldPath* parent_ = nullptr;
  std::string_view name_;
  int index_ = -1;
};

// Every problem of one report, each "path: what".
class Problems {
 public:
  void Add(const FieldPath& path, const std::string& what) { Add(path.str(), what); }
  void Add(const std::string& path, const std::string& what) {
    if (lines_.size() < kMaxReportProblems) lines_.push_back(absl::StrCat(path, ": ", what));
    ++count_;
  }
  bool empty() const { return count_ == 0; }
  absl::Status ToStatus() const {
    if (count_ == 0) return absl::OkStatus();
    std::string message = absl::StrJoin(lines_, "\n");
    if (count_ > lines_.size()) {
      absl::StrAppend(&message, "\n... and ", count_ - lines_.size(),
                      " more problems; fix these and submit again to see them");
    }
    return absl::InvalidArgumentError(message);
  }

 private:
  std::vector<std::string> lines_;
  size_t count_ = 0;
};

// Adds `value` to `seen` unless it is there already; false when it was. Linear: the lists are
// short, and no string is copied.
bool InsertUnique(std::vector<std::string_view>& seen, std::string_view value) {
  if (std::find(seen.begin(), seen.end(), value) != seen.end()) return false;
  seen.push_back(value);
  return true;
}

void CheckText(const FieldPath& path, std::string_view text, size_t max_bytes, Problems& problems) {
  if (text.size() > max_bytes) {
    problems.Add(path, absl::StrFormat("is %d bytes; at most %d are allowed: shorten it",
                                       text.size(), max_bytes));
  } else if (!IsValidUtf8(text)) {
    problems.Add(path, "is not valid UTF-8 text: save the file as UTF-8");
  } else if (!IsPrintableText(text)) {
    problems.Add(path, "contains control characters: remove them");
  }
}

// "did you mean ...?" or "" (with a leading "; ").
std::string Suggestion(std::string_view input, std::span<const std::string> candidates) {
  std::string closest = ClosestMatch(input, candidates);
  return closest.empty() ? "" : absl::StrCat("; did you mean ", Quote(closest), "?");
}

std::string ThemeList(const std::vector<rilon::v1::Theme>& themes) {
  return absl::StrJoin(themes, " or ", [](std::string* out, rilon::v1::Theme t) {
    out->append(rilon::v1::Theme_Name(t));
  });
}

class ReportValidator {
 public:
  ReportValidator(const TrendReport& report, const ReportVocabulary& vocabulary,
                  std::string_view origin_agency, absl::CivilDay today, const ReportLimits& limits,
                  std::string_view field)
      : report_(report),
        vocabulary_(vocabulary),
        origin_agency_(origin_agency),
        today_(today),
        limits_(limits),
        root_(field) {}

  absl::Status Run() {
    CheckAgency();
    CheckPeriod();
    CheckGeography();
    CheckClassification();
    const CodebookVersion* codebook = CheckCodebookVersion();
    CheckMeasures(codebook);
    CheckText(Path("narrative"), report_.narrative(), limits_.max_narrative_bytes, problems_);
    CheckSources();
    return problems_.ToStatus();
  }

 private:
  FieldPath Path(std::string_view name) const { return FieldPath(root_, name); }

  void CheckAgency() {
    if (!report_.reporting_agency().empty() && report_.reporting_agency() != origin_agency_) {
      problems_.Add(
          Path("reporting_agency"),
          absl::StrCat(Quote(report_.reporting_agency()),
                       " is not your agency; leave it empty or set it to ", Quote(origin_agency_)));
    }
  }

  void CheckPeriod() {
    const FieldPath field = Path("period");
    absl::StatusOr<PeriodDays> days = ResolvePeriodDays(report_.period(), field.str());
    if (!days.ok()) {
      // ResolvePeriodDays already names the field ("report.period.month.month: ...").
      const std::string message(days.status().message());
      const size_t colon = message.find(": ");
      problems_.Add(message.substr(0, colon), message.substr(colon + 2));
      return;
    }
    const std::string text = FormatPeriod(report_.period());
    if (days->first > today_) {
      problems_.Add(field,
                    absl::StrCat(text, " has not started yet (today is ",
                                 absl::FormatCivilTime(today_), " UTC); report past periods only"));
    } else if (report_.period().has_interval() && days->last > today_) {
      problems_.Add(
          field.str() + ".interval.end_date",
          absl::StrCat(report_.period().interval().end_date(), " is in the future (today is ",
                       absl::FormatCivilTime(today_), " UTC); end the interval today or earlier"));
    }
  }

  void CheckGeography() {
    const auto& geo = report_.geography();
    const FieldPath geography = Path("geography");
    const FieldPath countries_path(geography, "countries");
    if (geo.countries().empty()) {
      problems_.Add(countries_path, "name at least one country (ISO 3166-1 alpha-2, e.g. \"ID\")");
    } else if (geo.countries_size() > static_cast<int>(limits_.max_countries)) {
      problems_.Add(countries_path, absl::StrCat("has ", geo.countries_size(), " entries; at most ",
                                                 limits_.max_countries));
    }
    std::vector<std::string_view> seen;
    for (int i = 0; i < geo.countries_size(); ++i) {
      const std::string& c = geo.countries(i);
      const FieldPath path(geography, "countries", i);
      if (!vocabulary_.countries.contains(c)) {
        const std::string upper = absl::AsciiStrToUpper(c);
        problems_.Add(path,
                      absl::StrCat(Quote(c), " is not an ISO 3166-1 alpha-2 code",
                                   vocabulary_.countries.contains(upper)
                                       ? absl::StrCat("; write it in upper case: ", Quote(upper))
                                       : std::string("; use two upper-case letters, e.g. "
                                                     "\"ID\" for Indonesia")));
      } else if (!InsertUnique(seen, c)) {
        problems_.Add(path, absl::StrCat(Quote(c), " is listed twice; keep one"));
      }
    }
    const FieldPath subdivisions_path(geography, "subdivisions");
    if (geo.subdivisions_size() > static_cast<int>(limits_.max_subdivisions)) {
      problems_.Add(subdivisions_path,
                    absl::StrCat("has ", geo.subdivisions_size(), " entries; at most ",
                                 limits_.max_subdivisions));
    }
    std::vector<std::string_view> seen_subdivisions;
    for (int i = 0; i < geo.subdivisions_size(); ++i) {
      const std::string& s = geo.subdivisions(i);
      const FieldPath path(geography, "subdivisions", i);
      const std::string country = s.substr(0, 2);
      if (!IsSubdivisionCode(s)) {
        problems_.Add(path, absl::StrCat(Quote(s),
                                         " is not an ISO 3166-2 code; use the country code, '-' "
                                         "and the subdivision, e.g. \"ID-AC\" for Aceh"));
      } else if (!vocabulary_.subdivision_countries.contains(country)) {
        problems_.Add(path, absl::StrCat(Quote(s),
                                         ": RILON's geography list has no subdivisions "
                                         "of ",
                                         Quote(country),
                                         "; name the country only, and the place in "
                                         "geography.route_note if it matters"));
      } else if (!vocabulary_.subdivisions.contains(s)) {
        problems_.Add(
            path, absl::StrCat(Quote(s), " is not an ISO 3166-2 subdivision of ", Quote(country),
                               " (see deploy/codebook/geography.textproto)"));
      } else if (!InsertUnique(seen_subdivisions, s)) {
        problems_.Add(path, absl::StrCat(Quote(s), " is listed twice; keep one"));
      } else if (std::find(seen.begin(), seen.end(), country) == seen.end()) {
        problems_.Add(path, absl::StrCat(Quote(s), " is in ", Quote(country), ", which is not in ",
                                         countries_path.str(), "; add ", Quote(country), " there"));
      }
    }
    const FieldPath routes_path(geography, "routes");
    if (geo.routes_size() > static_cast<int>(limits_.max_routes)) {
      problems_.Add(routes_path, absl::StrCat("has ", geo.routes_size(), " entries; at most ",
                                              limits_.max_routes));
    }
    std::vector<std::string_view> seen_routes;
    for (int i = 0; i < geo.routes_size(); ++i) {
      const std::string& r = geo.routes(i);
      const FieldPath path(geography, "routes", i);
      if (!vocabulary_.routes.contains(r)) {
        problems_.Add(path, absl::StrCat(Quote(r), " is not a route of the route list",
                                         Suggestion(r, vocabulary_.route_codes),
                                         " (routes are listed in docs/data-model.md; describe "
                                         "others in geography.route_note)"));
      } else if (!InsertUnique(seen_routes, r)) {
        problems_.Add(path, absl::StrCat(Quote(r), " is listed twice; keep one"));
      }
    }
    CheckText(FieldPath(geography, "route_note"), geo.route_note(), limits_.max_note_bytes,
              problems_);
  }

  void CheckClassification() {
    if (report_.theme() == rilon::v1::THEME_UNSPECIFIED ||
        !rilon::v1::Theme_IsValid(report_.theme())) {
      problems_.Add(Path("theme"),
                    "is required: PEOPLE_SMUGGLING, TRAFFICKING_IN_PERSONS or RELATED_CRIME");
    }
    if (report_.mode() == rilon::v1::MODE_UNSPECIFIED || !rilon::v1::Mode_IsValid(report_.mode())) {
      problems_.Add(Path("mode"), "is required: SEA, LAND, AIR or ONLINE_OTHER");
    }
    if (report_.confidence() == rilon::v1::CONFIDENCE_UNSPECIFIED ||
        !rilon::v1::Confidence_IsValid(report_.confidence())) {
      problems_.Add(Path("confidence"),
                    "is required: CONFIDENCE_LOW, CONFIDENCE_MEDIUM or CONFIDENCE_HIGH");
    }
  }

  const CodebookVersion* CheckCodebookVersion() {
    const std::string& version = report_.codebook_version();
    auto it = vocabulary_.codebooks.find(version);
    if (it != vocabulary_.codebooks.end()) return &it->second;
    problems_.Add(Path("codebook_version"),
                  absl::StrCat(version.empty() ? std::string("is required")
                                               : absl::StrCat(Quote(version),
                                                              " is not a codebook version this "
                                                              "node knows"),
                               "; this node knows ", vocabulary_.KnownVersions()));
    return nullptr;
  }

  void CheckMeasures(const CodebookVersion* codebook) {
    const FieldPath measures_path = Path("measures");
    if (report_.measures().empty()) {
      problems_.Add(measures_path, "needs at least one figure");
    } else if (report_.measures_size() > static_cast<int>(limits_.max_measures)) {
      problems_.Add(measures_path, absl::StrCat("has ", report_.measures_size(),
                                                " entries; at most ", limits_.max_measures));
      return;
    }
    std::vector<std::string_view> seen;
    seen.reserve(report_.measures_size());
    for (int i = 0; i < report_.measures_size(); ++i) {
      CheckMeasure(report_.measures(i), FieldPath(root_, "measures", i), codebook, seen);
    }
  }

  void CheckMeasure(const Measure& m, const FieldPath& path, const CodebookVersion* codebook,
                    std::vector<std::string_view>& seen) {
    CheckText(FieldPath(path, "note"), m.note(), limits_.max_note_bytes, problems_);
    if (!rilon::v1::Confidence_IsValid(m.confidence())) {
      problems_.Add(FieldPath(path, "confidence"), "is not a confidence level");
    }
    const bool value_ok = std::isfinite(m.value()) && m.value() >= 0;
    if (!value_ok) {
      problems_.Add(FieldPath(path, "value"),
                    absl::StrCat("must be a number of 0 or more, not ", Num(m.value())));
    }
    // Without a known codebook version, codes cannot be checked; the version error says why.
    if (codebook == nullptr) return;
    auto it = codebook->indicators.find(m.indicator());
    if (it == codebook->indicators.end()) {
      problems_.Add(FieldPath(path, "indicator"),
                    absl::StrCat(m.indicator().empty()
                                     ? std::string("is required")
                                     : absl::StrCat(Quote(m.indicator()), " is not an indicator"),
                                 " of codebook version ", Quote(codebook->version),
                                 Suggestion(m.indicator(), codebook->indicator_codes),
                                 " (indicators are listed in docs/data-model.md)"));
      return;
    }
    const IndicatorSpec& indicator = it->second;
    if (!InsertUnique(seen, indicator.code)) {
      problems_.Add(FieldPath(path, "indicator"),
                    absl::StrCat(Quote(indicator.code),
                                 " appears twice in this report; give each indicator once, with "
                                 "its breakdowns"));
    }
    if (rilon::v1::Theme_IsValid(report_.theme()) &&
        report_.theme() != rilon::v1::THEME_UNSPECIFIED &&
        std::find(indicator.themes.begin(), indicator.themes.end(), report_.theme()) ==
            indicator.themes.end()) {
      problems_.Add(FieldPath(path, "indicator"),
                    absl::StrCat(Quote(indicator.code), " belongs to ", ThemeList(indicator.themes),
                                 " reports, not ", rilon::v1::Theme_Name(report_.theme()),
                                 "; put it in a report of its theme"));
    }
    if (m.unit() != indicator.unit) {
      problems_.Add(FieldPath(path, "unit"),
                    absl::StrCat(m.unit().empty() ? std::string("is required")
                                                  : absl::StrCat(Quote(m.unit()), " is wrong"),
                                 ": ", indicator.code, " is measured in ", Quote(indicator.unit)));
    }
    if (indicator.count && value_ok &&
        (m.value() != std::floor(m.value()) || m.value() > kMaxCount)) {
      problems_.Add(
          FieldPath(path, "value"),
          absl::StrCat(indicator.code, " is a count: use a whole number, not ", Num(m.value())));
    }
    CheckCurrency(m, path, indicator);
    CheckDisaggregations(m, path, indicator, *codebook);
  }

  void CheckCurrency(const Measure& m, const FieldPath& path, const IndicatorSpec& indicator) {
    if (!indicator.monetary) {
      if (!m.currency().empty()) {
        problems_.Add(FieldPath(path, "currency"),
                      absl::StrCat(indicator.code,
                                   " is not an amount of money; remove the "
                                   "currency"));
      }
      return;
    }
    if (m.currency().empty()) {
      problems_.Add(FieldPath(path, "currency"),
                    absl::StrCat("is required: ", indicator.code,
                                 " is an amount of money; give its ISO 4217 currency, e.g. "
                                 "\"USD\""));
    } else if (!vocabulary_.currencies.contains(m.currency())) {
      const std::string upper = absl::AsciiStrToUpper(m.currency());
      problems_.Add(FieldPath(path, "currency"),
                    absl::StrCat(Quote(m.currency()), " is not an ISO 4217 currency code",
                                 vocabulary_.currencies.contains(upper)
                                     ? absl::StrCat("; write it in upper case: ", Quote(upper))
                                     : std::string("; use e.g. \"USD\", \"MYR\" or \"IDR\"")));
    }
  }

  // Sum of the cells of one dimension, for the "adds up to more than the total" check.
  struct DimensionSum {
    std::string_view dimension;
    double sum = 0;
    bool reported = false;
  };

  void CheckDisaggregations(const Measure& m, const FieldPath& path, const IndicatorSpec& indicator,
                            const CodebookVersion& codebook) {
    const FieldPath list_path(path, "disaggregations");
    if (m.disaggregations_size() > static_cast<int>(limits_.max_disaggregations)) {
      problems_.Add(list_path, absl::StrCat("has ", m.disaggregations_size(), " entries; at most ",
                                            limits_.max_disaggregations));
      return;
    }
    if (!m.disaggregations().empty() && indicator.dimensions.empty()) {
      problems_.Add(list_path,
                    absl::StrCat(indicator.code, " has no breakdowns in codebook version ",
                                 Quote(codebook.version), "; remove them"));
      return;
    }
    std::vector<DimensionSum> sums;
    std::vector<std::pair<std::string_view, std::string_view>> seen;
    seen.reserve(m.disaggregations_size());
    for (int j = 0; j < m.disaggregations_size(); ++j) {
      const Disaggregation& d = m.disaggregations(j);
      const FieldPath cell(path, "disaggregations", j);
      if (std::find(indicator.dimensions.begin(), indicator.dimensions.end(), d.dimension()) ==
          indicator.dimensions.end()) {
        problems_.Add(
            FieldPath(cell, "dimension"),
            absl::StrCat(
                d.dimension().empty()
                    ? std::string("is required")
                    : absl::StrCat(Quote(d.dimension()), " is not a breakdown of ", indicator.code),
                "; it may be broken down by ", absl::StrJoin(indicator.dimensions, ", ")));
        continue;
      }
      const DimensionSpec& dimension = codebook.dimensions.at(d.dimension());
      CheckCategory(d, cell, dimension);
      const std::pair<std::string_view, std::string_view> key(d.dimension(), d.category());
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
        problems_.Add(FieldPath(cell, "category"),
                      absl::StrCat(Quote(d.category()), " appears twice in the ",
                                   Quote(d.dimension()), " breakdown; give each category once"));
      } else {
        seen.push_back(key);
      }
      if (!std::isfinite(d.value()) || d.value() < 0) {
        problems_.Add(FieldPath(cell, "value"),
                      absl::StrCat("must be a number of 0 or more, not ", Num(d.value())));
        continue;
      }
      if (!indicator.count) continue;
      if (d.value() != std::floor(d.value()) || d.value() > kMaxCount) {
        problems_.Add(
            FieldPath(cell, "value"),
            absl::StrCat(indicator.code, " is a count: use a whole number, not ", Num(d.value())));
        continue;
      }
      auto sum = std::find_if(sums.begin(), sums.end(),
                              [&](const DimensionSum& s) { return s.dimension == d.dimension(); });
      if (sum == sums.end()) sum = sums.insert(sums.end(), DimensionSum{d.dimension()});
      sum->sum += d.value();
      if (!sum->reported && std::isfinite(m.value()) && sum->sum > m.value()) {
        sum->reported = true;
        problems_.Add(
            FieldPath(cell, "value"),
            absl::StrCat("the ", Quote(d.dimension()), " breakdown reaches ", Num(sum->sum),
                         " here, more than the total of ", Num(m.value()), " in ", path.str(),
                         ".value; the cells of one dimension may add up to the total "
                         "at most"));
      }
    }
  }

  void CheckCategory(const Disaggregation& d, const FieldPath& cell,
                     const DimensionSpec& dimension) {
    if (dimension.nationality_codes) {
      if (vocabulary_.nationality_codes.contains(d.category())) return;
      const std::string upper = absl::AsciiStrToUpper(d.category());
      problems_.Add(FieldPath(cell, "category"),
                    absl::StrCat(Quote(d.category()), " is not a nationality code",
                                 vocabulary_.nationality_codes.contains(upper)
                                     ? absl::StrCat("; write it in upper case: ", Quote(upper))
                                     : std::string("; use ISO 3166-1 alpha-3 (e.g. \"MMR\"), "
                                                   "\"XXA\" for stateless persons or \"XXX\" "
                                                   "when not known")));
      return;
    }
    if (dimension.category_set.contains(d.category())) return;
    std::string hint = Suggestion(d.category(), dimension.categories);
    if (hint.empty()) {
      hint = absl::StrCat("; use one of ", absl::StrJoin(dimension.categories, ", "));
    }
    problems_.Add(
        FieldPath(cell, "category"),
        absl::StrCat(Quote(d.category()), " is not a category of ", Quote(dimension.code), hint));
  }

  void CheckSources() {
    const FieldPath sources_path = Path("sources");
    if (report_.sources_size() > static_cast<int>(limits_.max_sources)) {
      problems_.Add(sources_path, absl::StrCat("has ", report_.sources_size(), " entries; at most ",
                                               limits_.max_sources));
      return;
    }
    for (int i = 0; i < report_.sources_size(); ++i) {
      const auto& source = report_.sources(i);
      const FieldPath path(root_, "sources", i);
      if (source.type() == rilon::v1::SOURCE_TYPE_UNSPECIFIED ||
          !rilon::v1::SourceType_IsValid(source.type())) {
        problems_.Add(FieldPath(path, "type"),
                      "is required, e.g. ADMINISTRATIVE_RECORDS, OPERATIONAL_REPORTING or "
                      "INTERVIEWS (all types are listed in docs/data-model.md)");
      }
      CheckText(FieldPath(path, "note"), source.note(), limits_.max_note_bytes, problems_);
    }
  }

  const TrendReport& report_;
  const ReportVocabulary& vocabulary_;
  std::string_view origin_agency_;
  absl::CivilDay today_;
  const ReportLimits& limits_;
  FieldPath root_;
  Problems problems_;
};

}  // namespace

absl::Status ValidateTrendReport(const TrendReport& report, const ReportVocabulary& vocabulary,
                                 std::string_view origin_agency, absl::CivilDay today,
                                 const ReportLimits& limits, std::string_view field) {
  return ReportValidator(report, vocabulary, origin_agency, today, limits, field).Run();
}

}  // namespace rilon::validation
