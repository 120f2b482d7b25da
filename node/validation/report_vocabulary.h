// The codes a trend report may use, indexed for validation: every version of the indicator
// codebook the node knows, and the reference lists (ISO 3166-1 countries and nationality codes,
// ISO 3166-2 subdivisions, named routes, ISO 4217 currencies).
//
// BuildReportVocabulary turns the parsed data files (rilon.codebook.v1 messages) into this form
// and checks that they are consistent; it is pure. Reading the files from a directory is
// codebook_loader.h. A built vocabulary is immutable and shared by every request.
//
// Contract of BuildReportVocabulary: INVALID_ARGUMENT naming the source and element (through
// `describe`, e.g. "codebook-v1.textproto:42:3: indicators[3].code") when a code is malformed or
// duplicated, an indicator names a dimension its codebook does not define, a listed dimension
// has no categories, or two codebooks claim the same version. At least one codebook is needed.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "rilon/codebook/v1/codebook.pb.h"
#include "rilon/v1/trend_report.pb.h"

namespace rilon::validation {

struct DimensionSpec {
  std::string code;
  // True when the categories are nationality codes (ReportVocabulary::nationality_codes).
  bool nationality_codes = false;
  // The allowed category codes, for listed dimensions, in codebook order.
  std::vector<std::string> categories;
  absl::flat_hash_set<std::string> category_set;
};

struct IndicatorSpec {
  std::string code;
  std::string unit;
  bool count = false;
  bool monetary = false;
  // Dimension codes allowed for breakdowns, in codebook order.
  std::vector<std::string> dimensions;
  std::vector<rilon::v1::Theme> themes;
};

struct CodebookVersion {
  std::string version;
  // Indicator codes in codebook order (closest-code suggestions and messages use it).
  std::vector<std::string> indicator_codes;
  absl::flat_hash_map<std::string, IndicatorSpec> indicators;
  absl::flat_hash_map<std::string, DimensionSpec> dimensions;
};

struct ReportVocabulary {
  // Every codebook version, ordered by version string.
  std::map<std::string, CodebookVersion> codebooks;
  absl::flat_hash_set<std::string> countries;              // ISO 3166-1 alpha-2
  absl::flat_hash_set<std::string> nationality_codes;      // alpha-3 plus special codes
  absl::flat_hash_set<std::string> subdivisions;           // ISO 3166-2
  absl::flat_hash_set<std::string> subdivision_countries;  // alpha-2 with subdivisions listed
  absl::flat_hash_set<std::string> routes;                 // route codes
  std::vector<std::string> route_codes;                    // route codes in list order
  absl::flat_hash_set<std::string> currencies;             // ISO 4217

  // "1, 2" — the versions, for messages that must list them.
  std::string KnownVersions() const;
};

// Where an element of a data file was written, for error messages: `describe(file, path)` with
// file "codebook-v1.textproto" (the name given in `sources`) and path "indicators[3].code".
using DescribeElement = std::function<std::string(std::string_view file, std::string_view path)>;

struct VocabularySources {
  // Each codebook with the name of the file it came from.
  std::vector<std::pair<std::string, rilon::codebook::v1::Codebook>> codebooks;
  std::pair<std::string, rilon::codebook::v1::GeographyList> geography;
  std::pair<std::string, rilon::codebook::v1::RouteList> routes;
  std::pair<std::string, rilon::codebook::v1::CurrencyList> currencies;
};

absl::StatusOr<ReportVocabulary> BuildReportVocabulary(const VocabularySources& sources,
                                                       const DescribeElement& describe);

}  // namespace rilon::validation
