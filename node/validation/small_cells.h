// Small-cell flagging (issue 3, point 5): a breakdown cell that counts between 1 and k-1
// persons, vessels or cases can single somebody out, so the originating node marks it on the
// stored report and the sharing policy can suppress it for wider audiences (policy/, Form
// suppress_small_cells).
//
// Contract: pure; runs on a report that passed ValidateTrendReport with `codebook` being its
// codebook version. Sets Disaggregation.small_cell on every cell of a count indicator whose value
// is in 1..k-1 and clears it everywhere else (a client cannot pre-set or hide flags), and sets
// TrendReport.small_cell_threshold = k and small_cell_count to the number of flagged cells.
// Totals (Measure.value) are not flagged: the codebook's counts are aggregates, and the
// breakdowns are what narrows a figure down to a few people.
#pragma once

#include <cstdint>

#include "node/validation/report_vocabulary.h"
#include "rilon/v1/trend_report.pb.h"

namespace rilon::validation {

inline constexpr uint32_t kDefaultSmallCellThreshold = 5;

void FlagSmallCells(rilon::v1::TrendReport& report, const CodebookVersion& codebook, uint32_t k);

}  // namespace rilon::validation
