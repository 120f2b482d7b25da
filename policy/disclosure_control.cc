#include "policy/disclosure_control.h"

#include <algorithm>
#include <deque>
#include <tuple>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "policy/internal/differencing.h"

namespace rilon::policy {
namespace {

absl::Status Invalid(std::string message) { return absl::InvalidArgumentError(std::move(message)); }

absl::Status ValidateTable(const StatTable& table, const DisclosureRules& rules) {
  if (rules.small_cell_k < 0 || rules.round_to < 0) {
    return Invalid(absl::StrCat("disclosure rules out of range: small_cell_k ", rules.small_cell_k,
                                ", round_to ", rules.round_to, "; both must be 0 or more"));
  }
  const size_t n = table.cells.size();
  if (n > kMaxStatCells || table.sums.size() > kMaxStatRelations) {
    return Invalid(absl::StrCat("table has ", n, " cells and ", table.sums.size(),
                                " sum relations; at most ", kMaxStatCells, " and ",
                                kMaxStatRelations, " can be protected"));
  }
  for (const StatCell& cell : table.cells) {
    if (cell.value < 0 || cell.value > kMaxStatValue) {
      return Invalid(absl::StrCat("cell \"", cell.label, "\": ", cell.value,
                                  " is not a count (whole, 0..", kMaxStatValue, ")"));
    }
  }
  std::vector<size_t> seen(n, SIZE_MAX);
  for (size_t r = 0; r < table.sums.size(); ++r) {
    const SumRelation& rel = table.sums[r];
    const std::string where = absl::StrCat("sum relation ", r);
    if (rel.total >= n)
      return Invalid(absl::StrCat(where, ": total index ", rel.total, " is out of range"));
    if (rel.parts.empty()) return Invalid(absl::StrCat(where, ": has no parts"));
    seen[rel.total] = r;
    int64_t sum = 0;
    for (size_t p : rel.parts) {
      if (p >= n) return Invalid(absl::StrCat(where, ": part index ", p, " is out of range"));
      if (seen[p] == r) {
        return Invalid(absl::StrCat(where, ": cell \"", table.cells[p].label,
                                    "\" occurs twice (as total or part)"));
      }
      seen[p] = r;
      sum += table.cells[p].value;  // bounded: 1024 cells of at most 2^40
    }
    if (sum != table.cells[rel.total].value) {
      return Invalid(absl::StrCat(where, ": \"", table.cells[rel.total].label, "\" is ",
                                  table.cells[rel.total].value, " but its parts add up to ", sum,
                                  "; a report's breakdowns must add up to their totals"));
    }
  }
  return absl::OkStatus();
}

int64_t RoundToBase(int64_t value, int base) {
  if (base <= 1) return value;
  return (value + base / 2) / base * base;
}

// The greedy secondary-suppression state of one table.
class Suppressor {
 public:
  Suppressor(const StatTable& table, std::vector<ObsStatus>& status)
      : table_(table), status_(status), relations_of_(table.cells.size()) {
    for (size_t r = 0; r < table.sums.size(); ++r) {
      relations_of_[table.sums[r].total].push_back(r);
      for (size_t p : table.sums[r].parts) relations_of_[p].push_back(r);
    }
  }

  bool Unpublished(size_t cell) const { return status_[cell] != ObsStatus::kFree; }

  size_t UnpublishedIn(const SumRelation& rel) const {
    size_t count = Unpublished(rel.total) ? 1 : 0;
    for (size_t p : rel.parts) count += Unpublished(p) ? 1 : 0;
    return count;
  }

  // Suppresses one more cell in every relation with exactly one unpublished cell, until none is
  // left. True when anything changed.
  bool FixSingletons() {
    bool changed = false;
    for (bool again = true; again;) {
      again = false;
      for (size_t r = 0; r < table_.sums.size(); ++r) {
        if (UnpublishedIn(table_.sums[r]) != 1) continue;
        const size_t pick = BestCandidate({r});
        status_[pick] = ObsStatus::kSecondary;
        again = changed = true;
      }
    }
    return changed;
  }

  // Suppresses one published cell as close as possible (in relations) to `cell`, which a reader
  // can derive. A derivable cell always has a published cell in its connected component.
  void Protect(size_t cell) {
    std::vector<bool> relation_seen(table_.sums.size(), false);
    std::vector<bool> cell_seen(table_.cells.size(), false);
    std::vector<size_t> layer = relations_of_[cell];
    for (size_t r : layer) relation_seen[r] = true;
    cell_seen[cell] = true;
    while (!layer.empty()) {
      if (const size_t pick = BestCandidate(layer); pick != SIZE_MAX) {
        status_[pick] = ObsStatus::kSecondary;
        return;
      }
      std::vector<size_t> next;
      for (size_t r : layer) {
        for (size_t c : CellsOf(table_.sums[r])) {
          if (cell_seen[c]) continue;
          cell_seen[c] = true;
          for (size_t r2 : relations_of_[c]) {
            if (!relation_seen[r2]) {
              relation_seen[r2] = true;
              next.push_back(r2);
            }
          }
        }
      }
      layer = std::move(next);
    }
  }

 private:
  static std::vector<size_t> CellsOf(const SumRelation& rel) {
    std::vector<size_t> cells = rel.parts;
    cells.push_back(rel.total);
    return cells;
  }

  // The published cell of `relations` whose suppression costs least: a part before a total, one
  // that does not leave another relation with a single unpublished cell, a non-zero count before
  // a zero (a zero beside a small count protects it less), then the smallest, then the first.
  // SIZE_MAX when every cell of the relations is unpublished.
  size_t BestCandidate(const std::vector<size_t>& relations) const {
    using Key = std::tuple<int, int, int, int64_t, size_t>;
    Key best{INT32_MAX, 0, 0, 0, 0};
    size_t pick = SIZE_MAX;
    for (size_t r : relations) {
      const SumRelation& rel = table_.sums[r];
      for (size_t c : CellsOf(rel)) {
        if (Unpublished(c)) continue;
        int new_singletons = 0;
        for (size_t r2 : relations_of_[c]) {
          if (r2 != r && UnpublishedIn(table_.sums[r2]) == 0) ++new_singletons;
        }
        const Key key{c == rel.total ? 1 : 0, new_singletons, table_.cells[c].value == 0 ? 1 : 0,
                      table_.cells[c].value, c};
        if (pick == SIZE_MAX || key < best) {
          best = key;
          pick = c;
        }
      }
    }
    return pick;
  }

  const StatTable& table_;
  std::vector<ObsStatus>& status_;
  std::vector<std::vector<size_t>> relations_of_;
};

}  // namespace

char ObsStatusCode(ObsStatus status) { return static_cast<char>(status); }

std::string_view ObsStatusName(ObsStatus status) {
  switch (status) {
    case ObsStatus::kFree:
      return "free";
    case ObsStatus::kSmallCount:
      return "small count";
    case ObsStatus::kSecondary:
      return "secondary";
    case ObsStatus::kNotForPublication:
      return "not for publication";
  }
  return "unknown";
}

DisclosureRules DisclosureRulesFor(const Form& form) {
  return {.small_cell_k = form.small_cell_k, .round_to = form.round_to > 1 ? form.round_to : 0};
}

absl::StatusOr<std::vector<PublishedCell>> ProtectTable(const StatTable& table,
                                                        const DisclosureRules& rules) {
  if (absl::Status s = ValidateTable(table, rules); !s.ok()) return s;
  const size_t n = table.cells.size();
  std::vector<ObsStatus> status(n, ObsStatus::kFree);
  for (size_t i = 0; i < n; ++i) {
    const int64_t v = table.cells[i].value;
    if (table.cells[i].withheld) {
      status[i] = ObsStatus::kNotForPublication;
    } else if (rules.small_cell_k > 0 && v >= 1 && v < rules.small_cell_k) {
      status[i] = ObsStatus::kSmallCount;
    }
  }

  Suppressor suppressor(table, status);
  // Each round suppresses at least one more cell, so there are at most n rounds.
  for (size_t round = 0; round <= n; ++round) {
    if (suppressor.FixSingletons()) continue;
    std::vector<bool> unpublished(n);
    for (size_t i = 0; i < n; ++i) unpublished[i] = suppressor.Unpublished(i);
    absl::StatusOr<std::vector<bool>> derivable = internal::DerivableCells(table, unpublished);
    if (!derivable.ok()) return derivable.status();
    const auto first = std::find(derivable->begin(), derivable->end(), true);
    if (first == derivable->end()) break;
    suppressor.Protect(static_cast<size_t>(first - derivable->begin()));
  }

  std::vector<PublishedCell> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    PublishedCell cell{table.cells[i].label, std::nullopt, status[i]};
    if (status[i] == ObsStatus::kFree)
      cell.value = RoundToBase(table.cells[i].value, rules.round_to);
    out.push_back(std::move(cell));
  }
  return out;
}

StatTable OneWayTable(std::string total_label, int64_t total, std::vector<StatCell> parts) {
  StatTable table;
  table.cells.push_back({std::move(total_label), total, false});
  SumRelation rel;
  rel.total = 0;
  for (StatCell& part : parts) {
    rel.parts.push_back(table.cells.size());
    table.cells.push_back(std::move(part));
  }
  table.sums.push_back(std::move(rel));
  return table;
}

absl::StatusOr<StatTable> TwoWayTable(const std::vector<std::string>& row_labels,
                                      const std::vector<std::string>& column_labels,
                                      const std::vector<int64_t>& values) {
  const size_t rows = row_labels.size();
  const size_t cols = column_labels.size();
  if (rows == 0 || cols == 0 || values.size() != rows * cols) {
    return Invalid(absl::StrCat("a two-way table needs rows x columns values: ", rows, " x ", cols,
                                " labels but ", values.size(), " values"));
  }
  StatTable table;
  table.cells.resize(rows * cols + rows + cols + 1);
  const size_t row_total = rows * cols;
  const size_t col_total = row_total + rows;
  const size_t grand = col_total + cols;
  int64_t grand_value = 0;
  for (size_t r = 0; r < rows; ++r) {
    SumRelation rel{row_total + r, {}};
    int64_t sum = 0;
    for (size_t c = 0; c < cols; ++c) {
      const size_t i = r * cols + c;
      table.cells[i] = {absl::StrCat(row_labels[r], " / ", column_labels[c]), values[i], false};
      rel.parts.push_back(i);
      sum += values[i];
    }
    table.cells[row_total + r] = {absl::StrCat(row_labels[r], " / total"), sum, false};
    table.sums.push_back(std::move(rel));
    grand_value += sum;
  }
  for (size_t c = 0; c < cols; ++c) {
    SumRelation rel{col_total + c, {}};
    int64_t sum = 0;
    for (size_t r = 0; r < rows; ++r) {
      rel.parts.push_back(r * cols + c);
      sum += values[r * cols + c];
    }
    table.cells[col_total + c] = {absl::StrCat("total / ", column_labels[c]), sum, false};
    table.sums.push_back(std::move(rel));
  }
  table.cells[grand] = {"total", grand_value, false};
  SumRelation by_rows{grand, {}};
  for (size_t r = 0; r < rows; ++r) by_rows.parts.push_back(row_total + r);
  SumRelation by_cols{grand, {}};
  for (size_t c = 0; c < cols; ++c) by_cols.parts.push_back(col_total + c);
  table.sums.push_back(std::move(by_rows));
  table.sums.push_back(std::move(by_cols));
  return table;
}

}  // namespace rilon::policy
