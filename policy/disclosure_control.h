// Statistical disclosure control for the counts of a trend report: small counts suppressed
// (primary), further cells suppressed so that no suppressed value can be recovered by
// differencing totals and other cells (secondary), and optional rounding of what is published.
// Pure; no I/O. Each cell carries a confidentiality status in the spirit of SDMX OBS_CONF:
//   F  free: published;
//   A  primary confidentiality due to a small count (1..k-1);
//   D  secondary confidentiality: suppressed only so that an A or N cell cannot be derived;
//   N  not for publication: withheld by the form (e.g. a dropped indicator or breakdown).
//
// A table is a set of cells and sum relations "total = part + part + ...": a one-way breakdown
// is one relation; a two-way table has one per row, one per column and two for the grand total;
// several breakdowns of the same total share its cell. Relations must hold exactly.
//
// Guarantee: after ProtectTable, no unpublished cell's value is determined by the published
// values and the relations (checked exactly, by rational Gauss-Jordan elimination, after the
// greedy row/column pass). Values forced by the structure alone (a part of a relation whose
// total is also the only other part must be 0) are not secrets and are not counted. Bounds that
// non-negativity gives a reader (a suppressed cell is at most its row's unpublished remainder)
// are not widened further; docs/policy.md says so.
//
// Example:
//   StatTable t = OneWayTable("persons_detected", 412,
//                             {{"male", 300}, {"female", 109}, {"unknown", 3}});
//   auto cells = ProtectTable(t, {.small_cell_k = 5, .round_to = 0});
//   // unknown: A (3 < 5); female: D (else 412 - 300 - 109 = 3); total, male: F
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "policy/decision.h"

namespace rilon::policy {

enum class ObsStatus : char {
  kFree = 'F',
  kSmallCount = 'A',
  kSecondary = 'D',
  kNotForPublication = 'N',
};

// The SDMX-style code ('F', 'A', 'D', 'N') and a short English name ("free", "small count",
// "secondary", "not for publication").
char ObsStatusCode(ObsStatus status);
std::string_view ObsStatusName(ObsStatus status);

struct StatCell {
  std::string label;
  int64_t value = 0;      // a count: whole and non-negative
  bool withheld = false;  // the form withholds this cell: status N whatever its value
};

struct SumRelation {
  size_t total = 0;           // index of the total cell
  std::vector<size_t> parts;  // indexes of the cells that sum to it
};

struct StatTable {
  std::vector<StatCell> cells;
  std::vector<SumRelation> sums;
};

struct DisclosureRules {
  int small_cell_k = 0;  // > 0: counts 1..k-1 get status A; 0: no small-cell suppression
  int round_to = 0;      // > 1: published counts rounded to the nearest multiple (halves up)
};

// The rules a decision's form asks for.
DisclosureRules DisclosureRulesFor(const Form& form);

struct PublishedCell {
  std::string label;
  std::optional<int64_t> value;  // empty unless status is F
  ObsStatus status = ObsStatus::kFree;
  friend bool operator==(const PublishedCell&, const PublishedCell&) = default;
};

// Limits that keep the exact check cheap; trend-report tables are far smaller.
inline constexpr size_t kMaxStatCells = 1024;
inline constexpr size_t kMaxStatRelations = 1024;
inline constexpr int64_t kMaxStatValue = int64_t{1} << 40;

// Cells in the same order as `table.cells`. Rounding applies to every published count alike
// (totals are rounded, not re-added), so published totals may differ from the sum of published
// parts by up to half a base per part.
// INVALID_ARGUMENT (naming the cell or relation) when a value is negative or above
// kMaxStatValue, an index is out of range, a relation lists a cell twice or does not add up, a
// limit is exceeded, or the rules are out of range (k < 0, round_to < 0). RESOURCE_EXHAUSTED
// when the exact differencing check cannot be completed (internal/differencing.h); the table
// must then not be published. Pure and thread-safe.
absl::StatusOr<std::vector<PublishedCell>> ProtectTable(const StatTable& table,
                                                        const DisclosureRules& rules);

// A one-way breakdown: cell 0 is the total, cells 1.. the parts in order.
StatTable OneWayTable(std::string total_label, int64_t total, std::vector<StatCell> parts);

// A two-way table from its interior (row-major, rows x columns values), with margins added.
// Cell layout: interior r*C+c; row totals R*C+r; column totals R*C+R+c; grand total R*C+R+C.
// Labels: "<row> / <column>", "<row> / total", "total / <column>", "total".
// INVALID_ARGUMENT when values.size() != rows x columns or either side is empty.
absl::StatusOr<StatTable> TwoWayTable(const std::vector<std::string>& row_labels,
                                      const std::vector<std::string>& column_labels,
                                      const std::vector<int64_t>& values);

}  // namespace rilon::policy
