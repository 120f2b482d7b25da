// What a decision's form withholds from a trend report, part by part: the fields and indicators
// the form names, the counts small-cell suppression hides (with secondary suppression so that no
// hidden count can be recovered by differencing a total and the other cells), and the counts
// rounding replaces. The result names parts by the paths of redactable records (envelope v2,
// docs/redaction.md) and explains each with a note, so the record can be redacted with them while
// its origin signature still verifies.
//
// Contract:
//   - Input: a report in the form OpenReport gives (parts withheld earlier are left out of it:
//     a withheld measure is absent from `measures`, a withheld cell from its measure's
//     disaggregations, a withheld measure value reads 0) and the paths already withheld; a full
//     report has none. Paths keep the origin's positions ("m2" stays "m2" when "m1" is gone).
//   - Output: only parts still disclosed, in canonical order (fields, then per measure "m<i>",
//     "m<i>.v", "m<i>.d<j>"), each with one note: "W" withheld by the form (a field, a measure,
//     a breakdown cell), "C" a small count (1..k-1), "D" secondary suppression, "R" rounded (the
//     exact count withheld, the rounded one published). A form can only add parts: nothing
//     already withheld comes back.
//   - Counts: a measure is a count when it has no currency and its total and cells are whole,
//     non-negative numbers (codebook counts; fees and amounts are not). Each breakdown dimension
//     of a measure is one sum relation "total = its cells (+ what the breakdown leaves
//     unreported)", sharing the total, and the measure is one table for
//     policy::ProtectTable(table, policy::DisclosureRulesFor(form)); cells withheld by the form
//     or earlier take part as "not for publication". A measure whose total was withheld earlier
//     cannot be differenced against it: all its cells are withheld when any is small.
//   - INVALID_ARGUMENT when the paths already withheld do not fit the report;
//     RESOURCE_EXHAUSTED when a table cannot be protected (the caller withholds the record).
//   Pure and thread-safe.
//
// Example:
//   absl::StatusOr<Disclosure> d = ShapeReport(report, {}, decision.form);
//   // d->withheld_parts: {"narrative", "m2.d0", ...}; d->notes: {{"narrative","W"}, ...}
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "policy/decision.h"
#include "rilon/v1/trend_report.pb.h"

namespace rilon::sharing {

// The paths of the parts of a trend report (same spelling as node/records' part paths).
inline constexpr std::string_view kNarrativePart = "narrative";
inline constexpr std::string_view kSourcesPart = "sources";
inline constexpr std::string_view kCountriesPart = "countries";
inline constexpr std::string_view kRoutesPart = "routes";
std::string MeasurePart(size_t measure);
std::string MeasureValuePart(size_t measure);
std::string CellPart(size_t measure, size_t cell);

struct ShapingNote {
  std::string path;
  std::string code;                       // "W", "C", "D" or "R"
  std::optional<double> published_value;  // for "R"
  friend bool operator==(const ShapingNote&, const ShapingNote&) = default;
};

struct Disclosure {
  std::vector<std::string> withheld_parts;
  std::vector<ShapingNote> notes;
};

absl::StatusOr<Disclosure> ShapeReport(const rilon::v1::TrendReport& report,
                                       const std::vector<std::string>& already_withheld,
                                       const policy::Form& form);

}  // namespace rilon::sharing
