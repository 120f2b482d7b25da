#include "node/validation/small_cells.h"

namespace rilon::validation {

void FlagSmallCells(rilon::v1::TrendReport& report, const CodebookVersion& codebook, uint32_t k) {
  uint32_t flagged = 0;
  for (rilon::v1::Measure& measure : *report.mutable_measures()) {
    auto it = codebook.indicators.find(measure.indicator());
    const bool count = it != codebook.indicators.end() && it->second.count;
    for (rilon::v1::Disaggregation& cell : *measure.mutable_disaggregations()) {
      const bool small = count && cell.value() >= 1 && cell.value() <= static_cast<double>(k) - 1;
      cell.set_small_cell(small);
      if (small) ++flagged;
    }
  }
  report.set_small_cell_threshold(k);
  report.set_small_cell_count(flagged);
}

}  // namespace rilon::validation
