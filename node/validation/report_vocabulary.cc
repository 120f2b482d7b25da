#include "node/validation/report_vocabulary.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "node/validation/text_checks.h"

namespace rilon::validation {
namespace {

using rilon::codebook::v1::Codebook;
using rilon::codebook::v1::CurrencyList;
using rilon::codebook::v1::GeographyList;
using rilon::codebook::v1::RouteList;

// Problems found in the data files; all of them are reported at once, so that a maintainer
// fixes a file in one go.
class Problems {
 public:
  explicit Problems(const DescribeElement& describe) : describe_(describe) {}

  void Add(std::string_view file, const std::string& path, const std::string& what) {
    if (lines_.size() < kMaxLines) {
      lines_.push_back(absl::StrCat(describe_(file, path), ": ", path, ": ", what));
    }
    ++count_;
  }

  absl::Status ToStatus() const {
    if (count_ == 0) return absl::OkStatus();
    std::string message = absl::StrJoin(lines_, "\n");
    if (count_ > lines_.size())
      absl::StrAppend(&message, "\n... and ", count_ - lines_.size(), " more");
    return absl::InvalidArgumentError(message);
  }

 private:
  static constexpr size_t kMaxLines = 20;
  const DescribeElement& describe_;
  std::vector<std::string> lines_;
  size_t count_ = 0;
};

bool IsCategoryCode(std::string_view s) {
  if (s.empty() || s.size() > 40) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_' || c == '-' || c == '+';
  });
}

bool IsVersion(std::string_view s) {
  if (s.empty() || s.size() > 16) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return absl::ascii_isalnum(c) || c == '.' || c == '-'; });
}

std::string Quote(std::string_view s) { return absl::StrCat("\"", std::string(s), "\""); }

void AddDimensions(std::string_view file, const Codebook& codebook, CodebookVersion& out,
                   Problems& problems) {
  for (int i = 0; i < codebook.dimensions_size(); ++i) {
    const auto& d = codebook.dimensions(i);
    const std::string path = absl::StrCat("dimensions[", i, "]");
    if (!IsLowerSnakeCode(d.code())) {
      problems.Add(file, path + ".code",
                   absl::StrCat(Quote(d.code()), " must be a lower snake case code"));
      continue;
    }
    DimensionSpec spec;
    spec.code = d.code();
    switch (d.category_source()) {
      case rilon::codebook::v1::LISTED:
        if (d.categories().empty()) {
          problems.Add(file, path + ".categories", "a LISTED dimension needs its categories");
        }
        break;
      case rilon::codebook::v1::NATIONALITY_CODES:
        spec.nationality_codes = true;
        if (!d.categories().empty()) {
          problems.Add(file, path + ".categories",
                       "a NATIONALITY_CODES dimension takes its categories from the geography "
                       "list; remove these");
        }
        break;
      default:
        problems.Add(file, path + ".category_source", "must be LISTED or NATIONALITY_CODES");
    }
    for (int j = 0; j < d.categories_size(); ++j) {
      const std::string& code = d.categories(j).code();
      const std::string cpath = absl::StrCat(path, ".categories[", j, "].code");
      if (!IsCategoryCode(code)) {
        problems.Add(file, cpath,
                     absl::StrCat(Quote(code),
                                  " must be 1 to 40 lower-case letters, digits, '_', '-' or '+'"));
      } else if (!spec.category_set.insert(code).second) {
        problems.Add(file, cpath, absl::StrCat(Quote(code), " is listed twice"));
      } else {
        spec.categories.push_back(code);
      }
    }
    if (!out.dimensions.emplace(spec.code, spec).second) {
      problems.Add(file, path + ".code", absl::StrCat(Quote(d.code()), " is defined twice"));
    }
  }
}

void AddIndicators(std::string_view file, const Codebook& codebook, CodebookVersion& out,
                   Problems& problems) {
  for (int i = 0; i < codebook.indicators_size(); ++i) {
    const auto& ind = codebook.indicators(i);
    const std::string path = absl::StrCat("indicators[", i, "]");
    if (!IsLowerSnakeCode(ind.code())) {
      problems.Add(file, path + ".code",
                   absl::StrCat(Quote(ind.code()), " must be a lower snake case code"));
      continue;
    }
    IndicatorSpec spec;
    spec.code = ind.code();
    spec.unit = ind.unit();
    spec.count = ind.count();
    spec.monetary = ind.monetary();
    if (!IsLowerSnakeCode(ind.unit())) {
      problems.Add(file, path + ".unit",
                   absl::StrCat(Quote(ind.unit()), " must be a lower snake case unit"));
    }
    if (ind.count() && ind.monetary()) {
      problems.Add(file, path + ".monetary", "an amount of money cannot be a count");
    }
    for (int j = 0; j < ind.disaggregations_size(); ++j) {
      const std::string& dim = ind.disaggregations(j);
      const std::string dpath = absl::StrCat(path, ".disaggregations[", j, "]");
      if (!out.dimensions.contains(dim)) {
        problems.Add(file, dpath, absl::StrCat(Quote(dim), " is not a dimension of this codebook"));
      } else if (std::find(spec.dimensions.begin(), spec.dimensions.end(), dim) !=
                 spec.dimensions.end()) {
        problems.Add(file, dpath, absl::StrCat(Quote(dim), " is listed twice"));
      } else {
        spec.dimensions.push_back(dim);
      }
    }
    if (ind.themes().empty()) {
      problems.Add(file, path + ".themes", "name at least one theme");
    }
    for (int j = 0; j < ind.themes_size(); ++j) {
      const auto theme = static_cast<rilon::v1::Theme>(ind.themes(j));
      if (theme == rilon::v1::THEME_UNSPECIFIED || !rilon::v1::Theme_IsValid(theme)) {
        problems.Add(file, absl::StrCat(path, ".themes[", j, "]"), "is not a theme");
      } else {
        spec.themes.push_back(theme);
      }
    }
    if (out.indicators.emplace(spec.code, spec).second) {
      out.indicator_codes.push_back(spec.code);
    } else {
      problems.Add(file, path + ".code", absl::StrCat(Quote(ind.code()), " is defined twice"));
    }
  }
  if (codebook.indicators().empty()) problems.Add(file, "indicators", "the codebook is empty");
}

void AddGeography(std::string_view file, const GeographyList& geo, ReportVocabulary& out,
                  Problems& problems) {
  for (int i = 0; i < geo.countries_size(); ++i) {
    const auto& c = geo.countries(i);
    const std::string path = absl::StrCat("countries[", i, "]");
    if (!IsUpperCode(c.alpha2(), 2)) {
      problems.Add(file, path + ".alpha2", absl::StrCat(Quote(c.alpha2()), " is not alpha-2"));
    } else if (!out.countries.insert(c.alpha2()).second) {
      problems.Add(file, path + ".alpha2", absl::StrCat(Quote(c.alpha2()), " is listed twice"));
    }
    if (!IsUpperCode(c.alpha3(), 3)) {
      problems.Add(file, path + ".alpha3", absl::StrCat(Quote(c.alpha3()), " is not alpha-3"));
    } else if (!out.nationality_codes.insert(c.alpha3()).second) {
      problems.Add(file, path + ".alpha3", absl::StrCat(Quote(c.alpha3()), " is listed twice"));
    }
  }
  for (int i = 0; i < geo.special_nationalities_size(); ++i) {
    const std::string& code = geo.special_nationalities(i).code();
    const std::string path = absl::StrCat("special_nationalities[", i, "].code");
    if (!IsUpperCode(code, 3)) {
      problems.Add(file, path, absl::StrCat(Quote(code), " must be three upper-case letters"));
    } else if (!out.nationality_codes.insert(code).second) {
      problems.Add(file, path, absl::StrCat(Quote(code), " is already a nationality code"));
    }
  }
  for (int i = 0; i < geo.subdivision_countries_size(); ++i) {
    const std::string& code = geo.subdivision_countries(i);
    if (!out.countries.contains(code)) {
      problems.Add(file, absl::StrCat("subdivision_countries[", i, "]"),
                   absl::StrCat(Quote(code), " is not a listed country"));
    }
    out.subdivision_countries.insert(code);
  }
  for (int i = 0; i < geo.subdivisions_size(); ++i) {
    const std::string& code = geo.subdivisions(i).code();
    const std::string path = absl::StrCat("subdivisions[", i, "].code");
    if (!IsSubdivisionCode(code)) {
      problems.Add(file, path, absl::StrCat(Quote(code), " is not an ISO 3166-2 code"));
    } else if (!out.subdivision_countries.contains(code.substr(0, 2))) {
      problems.Add(file, path,
                   absl::StrCat(Quote(code),
                                " belongs to a country missing from "
                                "subdivision_countries"));
    } else if (!out.subdivisions.insert(code).second) {
      problems.Add(file, path, absl::StrCat(Quote(code), " is listed twice"));
    }
  }
  if (out.countries.empty()) problems.Add(file, "countries", "the country list is empty");
}

void AddRoutes(std::string_view file, const RouteList& routes, ReportVocabulary& out,
               Problems& problems) {
  for (int i = 0; i < routes.routes_size(); ++i) {
    const auto& r = routes.routes(i);
    const std::string path = absl::StrCat("routes[", i, "]");
    if (!IsLowerSnakeCode(r.code())) {
      problems.Add(file, path + ".code",
                   absl::StrCat(Quote(r.code()), " must be a lower snake case code"));
    } else if (!out.routes.insert(r.code()).second) {
      problems.Add(file, path + ".code", absl::StrCat(Quote(r.code()), " is listed twice"));
    } else {
      out.route_codes.push_back(r.code());
    }
    if (r.name().empty()) problems.Add(file, path + ".name", "is required");
    for (int j = 0; j < r.countries_size(); ++j) {
      if (!out.countries.contains(r.countries(j))) {
        problems.Add(file, absl::StrCat(path, ".countries[", j, "]"),
                     absl::StrCat(Quote(r.countries(j)), " is not a listed country"));
      }
    }
  }
}

void AddCurrencies(std::string_view file, const CurrencyList& currencies, ReportVocabulary& out,
                   Problems& problems) {
  for (int i = 0; i < currencies.currencies_size(); ++i) {
    const std::string& code = currencies.currencies(i).code();
    const std::string path = absl::StrCat("currencies[", i, "].code");
    if (!IsUpperCode(code, 3)) {
      problems.Add(file, path, absl::StrCat(Quote(code), " must be three upper-case letters"));
    } else if (!out.currencies.insert(code).second) {
      problems.Add(file, path, absl::StrCat(Quote(code), " is listed twice"));
    }
  }
}

}  // namespace

std::string ReportVocabulary::KnownVersions() const {
  std::vector<std::string> versions;
  for (const auto& [version, codebook] : codebooks) versions.push_back(Quote(version));
  return absl::StrJoin(versions, ", ");
}

absl::StatusOr<ReportVocabulary> BuildReportVocabulary(const VocabularySources& sources,
                                                       const DescribeElement& describe) {
  Problems problems(describe);
  ReportVocabulary out;
  for (const auto& [file, codebook] : sources.codebooks) {
    CodebookVersion version;
    version.version = codebook.version();
    if (!IsVersion(codebook.version())) {
      problems.Add(file, "version",
                   absl::StrCat(Quote(codebook.version()),
                                " must be 1 to 16 letters, digits, '.' or '-', e.g. \"1\""));
      continue;
    }
    AddDimensions(file, codebook, version, problems);
    AddIndicators(file, codebook, version, problems);
    if (!out.codebooks.emplace(codebook.version(), std::move(version)).second) {
      problems.Add(file, "version",
                   absl::StrCat(Quote(codebook.version()), " is claimed by another codebook file"));
    }
  }
  if (sources.codebooks.empty()) {
    problems.Add("", "codebooks", "no codebook: at least one codebook-v<N>.textproto is needed");
  }
  AddGeography(sources.geography.first, sources.geography.second, out, problems);
  AddRoutes(sources.routes.first, sources.routes.second, out, problems);
  AddCurrencies(sources.currencies.first, sources.currencies.second, out, problems);
  if (absl::Status s = problems.ToStatus(); !s.ok()) return s;
  return out;
}

}  // namespace rilon::validation
