// Paths of the parts of a trend report that a record of envelope version 2 commits to one by
// one (docs/redaction.md). A shaper names the parts to withhold by these paths; readers see them
// in the list of withheld parts.
//
// Contract:
//   "narrative", "sources", "countries", "routes"  the four report fields (kNarrative, ...);
//   "m<i>"       measure i's descriptor (indicator, unit, currency, note, confidence);
//   "m<i>.v"     measure i's value;
//   "m<i>.d<j>"  cell j of measure i's disaggregations;
// i and j are 0-based positions in the origin's report, in decimal without leading zeros. They
// never shift: withholding measure 1 leaves measure 2 at "m2".
//
// Canonical order (the order of RecordBody.part_digests): the four fields in the order above,
// then for each measure i in order: "m<i>", "m<i>.v", "m<i>.d0", "m<i>.d1", ...
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace rilon::records {

struct PartPath {
  static constexpr std::string_view kNarrative = "narrative";
  static constexpr std::string_view kSources = "sources";
  static constexpr std::string_view kCountries = "countries";
  static constexpr std::string_view kRoutes = "routes";
  static std::string Measure(size_t measure);
  static std::string MeasureValue(size_t measure);
  static std::string Cell(size_t measure, size_t cell);
};

// A path taken apart.
struct ParsedPartPath {
  enum class Kind { kNarrative, kSources, kCountries, kRoutes, kMeasure, kMeasureValue, kCell };
  Kind kind = Kind::kNarrative;
  size_t measure = 0;  // for kMeasure, kMeasureValue, kCell
  size_t cell = 0;     // for kCell
  // True for the parts that belong to a measure (kMeasure, kMeasureValue, kCell).
  bool InMeasure() const { return kind >= Kind::kMeasure; }
};

// Nothing for anything that is not exactly one of the forms above (leading zeros, signs, spaces,
// indexes above 10^6 included).
std::optional<ParsedPartPath> ParsePartPath(std::string_view path);

}  // namespace rilon::records
