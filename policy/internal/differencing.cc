#include "policy/internal/differencing.h"

#include <cstdint>
#include <numeric>
#include <utility>

#include "absl/status/status.h"

namespace rilon::policy::internal {
namespace {

using Row = std::vector<int64_t>;

// target := target * pivot[c] - pivot * target[c], then divided by the gcd of its entries.
// False on overflow.
bool Eliminate(Row& target, const Row& pivot, size_t c) {
  const __int128 a = pivot[c];
  const __int128 b = target[c];
  int64_t g = 0;
  for (size_t j = 0; j < target.size(); ++j) {
    const __int128 v = static_cast<__int128>(target[j]) * a - static_cast<__int128>(pivot[j]) * b;
    if (v > INT64_MAX || v < -INT64_MAX) return false;
    target[j] = static_cast<int64_t>(v);
    g = std::gcd(g, target[j] < 0 ? -target[j] : target[j]);
  }
  if (g > 1) {
    for (int64_t& v : target) v /= g;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::vector<bool>> DerivableCells(const StatTable& table,
                                                 const std::vector<bool>& unpublished) {
  const size_t n = table.cells.size();
  // Columns: unpublished cells first (the unknowns), then the published cells that occur in a
  // relation with an unknown (the known right-hand side).
  std::vector<int64_t> column(n, -1);
  std::vector<size_t> cell_of_column;
  for (size_t i = 0; i < n; ++i) {
    if (unpublished[i]) {
      column[i] = static_cast<int64_t>(cell_of_column.size());
      cell_of_column.push_back(i);
    }
  }
  const size_t unknowns = cell_of_column.size();
  std::vector<const SumRelation*> relations;
  for (const SumRelation& rel : table.sums) {
    bool touches = unpublished[rel.total];
    for (size_t p : rel.parts) touches = touches || unpublished[p];
    if (!touches) continue;
    relations.push_back(&rel);
    auto add_column = [&](size_t cell) {
      if (column[cell] < 0) {
        column[cell] = static_cast<int64_t>(cell_of_column.size());
        cell_of_column.push_back(cell);
      }
    };
    add_column(rel.total);
    for (size_t p : rel.parts) add_column(p);
  }
  const size_t columns = cell_of_column.size();
  std::vector<Row> rows;
  rows.reserve(relations.size());
  for (const SumRelation* rel : relations) {
    Row row(columns, 0);
    row[column[rel->total]] += 1;
    for (size_t p : rel->parts) row[column[p]] -= 1;
    rows.push_back(std::move(row));
  }

  std::vector<size_t> pivot_columns;
  size_t rank = 0;
  for (size_t c = 0; c < unknowns && rank < rows.size(); ++c) {
    size_t r = rank;
    while (r < rows.size() && rows[r][c] == 0) ++r;
    if (r == rows.size()) continue;
    std::swap(rows[rank], rows[r]);
    for (size_t i = 0; i < rows.size(); ++i) {
      if (i == rank || rows[i][c] == 0) continue;
      if (!Eliminate(rows[i], rows[rank], c)) {
        return absl::ResourceExhaustedError(
            "the table's sum relations are too intricate to check for differencing exactly; "
            "publish it with fewer breakdowns");
      }
    }
    pivot_columns.push_back(c);
    ++rank;
  }

  std::vector<bool> derivable(n, false);
  for (size_t k = 0; k < rank; ++k) {
    const Row& row = rows[k];
    const size_t pivot = pivot_columns[k];
    bool free_unknowns = false;
    for (size_t j = 0; j < unknowns && !free_unknowns; ++j) {
      free_unknowns = j != pivot && row[j] != 0;
    }
    bool uses_published = false;
    for (size_t j = unknowns; j < columns && !uses_published; ++j) uses_published = row[j] != 0;
    if (!free_unknowns && uses_published) derivable[cell_of_column[pivot]] = true;
  }
  return derivable;
}

}  // namespace rilon::policy::internal
