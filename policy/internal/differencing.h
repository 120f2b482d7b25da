// The exact differencing check behind secondary suppression: which unpublished cells of a table
// a reader can compute from the published cells and the sum relations. Gauss-Jordan elimination
// over the integers (fraction-free, each row divided by its gcd), so the answer has no rounding
// error.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "policy/disclosure_control.h"

namespace rilon::policy::internal {

// For every cell: true when `unpublished[cell]` and its value follows from the published cells
// and the relations. Cells whose value follows from the relations alone (no published cell
// involved; such a value is always 0) are not reported. `table` must be valid (ProtectTable
// checks). RESOURCE_EXHAUSTED if an intermediate coefficient would overflow 64 bits. Each row
// is divided by its gcd after every step, which keeps the 0/+1/-1 systems of breakdowns and
// two-way tables small; ProtectTable then fails closed (nothing is published).
absl::StatusOr<std::vector<bool>> DerivableCells(const StatTable& table,
                                                 const std::vector<bool>& unpublished);

}  // namespace rilon::policy::internal
