// Statistical disclosure control, tested against an attacker: tables are built so that naive
// suppression would leak by differencing (1-D and 2-D, shared totals, bridges between
// suppression cycles, random tables), and an independent checker tries to solve every
// suppressed cell from the published ones.
#include "policy/disclosure_control.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

#include "policy/internal/differencing.h"

namespace rilon::policy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// --- The attacker ----------------------------------------------------------------------------
// Knows every published value and every sum relation. Independent of the library's own exact
// check: peeling works on values, the rank test on floating point with partial pivoting.
class Attacker {
 public:
  Attacker(const StatTable& table, const std::vector<PublishedCell>& published)
      : table_(table), published_(published) {}

  // Repeatedly solves relations with a single unknown cell: cell -> value found.
  std::map<size_t, int64_t> Peel() const {
    std::map<size_t, int64_t> known;
    for (size_t i = 0; i < published_.size(); ++i) {
      if (published_[i].value) known[i] = *published_[i].value;
    }
    std::map<size_t, int64_t> solved;
    for (bool progress = true; progress;) {
      progress = false;
      for (const SumRelation& rel : table_.sums) {
        std::vector<size_t> cells = rel.parts;
        cells.push_back(rel.total);
        size_t missing = SIZE_MAX;
        int unknown = 0;
        for (size_t c : cells) {
          if (!known.count(c)) {
            ++unknown;
            missing = c;
          }
        }
        if (unknown != 1) continue;
        int64_t parts = 0;
        for (size_t p : rel.parts) parts += p == missing ? 0 : known[p];
        const int64_t value = missing == rel.total ? parts : known[rel.total] - parts;
        known[missing] = solved[missing] = value;
        progress = true;
      }
    }
    return solved;
  }

  // Unpublished cells whose value is a linear function of published values: e_cell lies in the
  // row space of the relations restricted to the unpublished cells.
  std::vector<size_t> LinearlyDerivable() const {
    std::vector<size_t> unknown;
    std::map<size_t, size_t> column;
    for (size_t i = 0; i < published_.size(); ++i) {
      if (!published_[i].value) {
        column[i] = unknown.size();
        unknown.push_back(i);
      }
    }
    std::vector<std::vector<double>> rows;
    for (const SumRelation& rel : table_.sums) {
      std::vector<double> row(unknown.size(), 0.0);
      bool any = false;
      if (column.count(rel.total)) {
        row[column[rel.total]] += 1;
        any = true;
      }
      for (size_t p : rel.parts) {
        if (column.count(p)) {
          row[column[p]] -= 1;
          any = true;
        }
      }
      if (any) rows.push_back(row);
    }
    const size_t base = Rank(rows);
    std::vector<size_t> derivable;
    for (size_t u = 0; u < unknown.size(); ++u) {
      std::vector<std::vector<double>> with = rows;
      std::vector<double> e(unknown.size(), 0.0);
      e[u] = 1;
      with.push_back(e);
      if (Rank(with) == base) derivable.push_back(unknown[u]);
    }
    return derivable;
  }

 private:
  static size_t Rank(std::vector<std::vector<double>> m) {
    if (m.empty()) return 0;
    const size_t cols = m[0].size();
    size_t rank = 0;
    for (size_t c = 0; c < cols && rank < m.size(); ++c) {
      size_t best = rank;
      for (size_t r = rank; r < m.size(); ++r) {
        if (std::fabs(m[r][c]) > std::fabs(m[best][c])) best = r;
      }
      if (std::fabs(m[best][c]) < 1e-9) continue;
      std::swap(m[rank], m[best]);
      for (size_t r = 0; r < m.size(); ++r) {
        if (r == rank) continue;
        const double f = m[r][c] / m[rank][c];
        for (size_t j = c; j < cols; ++j) m[r][j] -= f * m[rank][j];
      }
      ++rank;
    }
    return rank;
  }

  const StatTable& table_;
  const std::vector<PublishedCell>& published_;
};

std::vector<PublishedCell> Protect(const StatTable& table, int k, int round_to = 0) {
  absl::StatusOr<std::vector<PublishedCell>> out = ProtectTable(table, {k, round_to});
  EXPECT_TRUE(out.ok()) << out.status();
  return out.ok() ? *out : std::vector<PublishedCell>{};
}

std::string Statuses(const std::vector<PublishedCell>& cells) {
  std::string s;
  for (const PublishedCell& c : cells) s.push_back(ObsStatusCode(c.status));
  return s;
}

// The invariants every protected table must meet.
void ExpectSafe(const StatTable& table, const std::vector<PublishedCell>& out, int k) {
  ASSERT_EQ(out.size(), table.cells.size());
  for (size_t i = 0; i < out.size(); ++i) {
    const int64_t v = table.cells[i].value;
    EXPECT_EQ(out[i].label, table.cells[i].label);
    if (out[i].value) {
      EXPECT_EQ(out[i].status, ObsStatus::kFree);
      EXPECT_EQ(*out[i].value, v) << "published values are the true values (no rounding here)";
      EXPECT_FALSE(v >= 1 && v < k) << table.cells[i].label << " = " << v << " published";
    } else {
      EXPECT_NE(out[i].status, ObsStatus::kFree);
    }
    if (v >= 1 && v < k && !table.cells[i].withheld) {
      EXPECT_EQ(out[i].status, ObsStatus::kSmallCount) << table.cells[i].label;
    }
  }
  const Attacker attacker(table, out);
  EXPECT_THAT(attacker.Peel(), IsEmpty());
  EXPECT_THAT(attacker.LinearlyDerivable(), IsEmpty());
}

// The persons of the brief's example: 412 = 300 + 109 + 3.
StatTable Persons() {
  return OneWayTable("persons", 412, {{"male", 300}, {"female", 109}, {"unknown", 3}});
}

TEST(DisclosureControlTest, StatusCodesFollowSdmxObsConf) {
  EXPECT_EQ(ObsStatusCode(ObsStatus::kFree), 'F');
  EXPECT_EQ(ObsStatusCode(ObsStatus::kSmallCount), 'A');
  EXPECT_EQ(ObsStatusCode(ObsStatus::kSecondary), 'D');
  EXPECT_EQ(ObsStatusCode(ObsStatus::kNotForPublication), 'N');
  EXPECT_EQ(ObsStatusName(ObsStatus::kSecondary), "secondary");
}

TEST(DisclosureControlTest, TheAttackerRecoversACellThatIsOnlyPrimarySuppressed) {
  // Negative control for the checker: hiding the 3 alone leaks it by differencing.
  const StatTable table = Persons();
  std::vector<PublishedCell> naive = {{"persons", 412, ObsStatus::kFree},
                                      {"male", 300, ObsStatus::kFree},
                                      {"female", 109, ObsStatus::kFree},
                                      {"unknown", std::nullopt, ObsStatus::kSmallCount}};
  const Attacker attacker(table, naive);
  EXPECT_EQ(attacker.Peel(), (std::map<size_t, int64_t>{{3, 3}}));
  EXPECT_THAT(attacker.LinearlyDerivable(), ElementsAre(3u));
}

TEST(DisclosureControlTest, WithoutKNothingIsSuppressed) {
  const std::vector<PublishedCell> out = Protect(Persons(), 0);
  EXPECT_EQ(Statuses(out), "FFFF");
  EXPECT_EQ(out[3].value, 3);
}

TEST(DisclosureControlTest, OneWaySecondarySuppressesTheNextSmallestCell) {
  const StatTable table = Persons();
  const std::vector<PublishedCell> out = Protect(table, 5);
  EXPECT_EQ(Statuses(out), "FFDA");
  EXPECT_EQ(out[0].value, 412);
  EXPECT_EQ(out[1].value, 300);
  EXPECT_EQ(out[2].value, std::nullopt);
  ExpectSafe(table, out, 5);
}

TEST(DisclosureControlTest, SecondaryPrefersANonZeroCellToAZero) {
  const StatTable table = OneWayTable("vessels", 104, {{"a", 4}, {"b", 0}, {"c", 0}, {"d", 100}});
  const std::vector<PublishedCell> out = Protect(table, 5);
  EXPECT_EQ(Statuses(out), "FAFFD");
  ExpectSafe(table, out, 5);
}

TEST(DisclosureControlTest, TwoSmallCellsInOneRelationProtectEachOther) {
  const StatTable table = OneWayTable("t", 55, {{"a", 3}, {"b", 2}, {"c", 50}});
  const std::vector<PublishedCell> out = Protect(table, 5);
  EXPECT_EQ(Statuses(out), "FAAF");
  ExpectSafe(table, out, 5);
}

TEST(DisclosureControlTest, ASmallTotalIsSuppressedWithItsParts) {
  const StatTable table = OneWayTable("t", 4, {{"a", 1}, {"b", 3}, {"c", 0}});
  const std::vector<PublishedCell> out = Protect(table, 5);
  EXPECT_EQ(Statuses(out), "AAAF");
  ExpectSafe(table, out, 5);
}

TEST(DisclosureControlTest, TwoWayTableBuiltToDefeatRowOnlySuppression) {
  // Suppressing one more cell per row alone would leave columns with a single hole.
  absl::StatusOr<StatTable> table =
      TwoWayTable({"sea", "land", "air"}, {"men", "women", "children"},
                  {2, 40, 30,   //
                   25, 35, 45,  //
                   20, 3, 50});
  ASSERT_TRUE(table.ok()) << table.status();
  const std::vector<PublishedCell> out = Protect(*table, 5);
  ExpectSafe(*table, out, 5);
  int secondary = 0;
  for (const PublishedCell& c : out) secondary += c.status == ObsStatus::kSecondary;
  EXPECT_GE(secondary, 2);
}

TEST(DisclosureControlTest, BreakdownsSharingATotal) {
  // persons by sex and, separately, by age band; both add up to the same total cell.
  StatTable table;
  table.cells = {{"persons", 100}, {"male", 97}, {"female", 3}, {"adult", 96}, {"minor", 4}};
  table.sums = {{0, {1, 2}}, {0, {3, 4}}};
  const std::vector<PublishedCell> out = Protect(table, 5);
  EXPECT_EQ(Statuses(out), "FDADA");
  ExpectSafe(table, out, 5);
}

TEST(DisclosureControlTest, WithheldCellsAreProtectedFromDifferencingToo) {
  StatTable table = OneWayTable("fees", 90, {{"cash", 50}, {"transfer", 30}, {"other", 10}});
  table.cells[1].withheld = true;
  const std::vector<PublishedCell> out = Protect(table, 5);
  EXPECT_EQ(Statuses(out), "FNFD");
  ExpectSafe(table, out, 5);
}

TEST(DisclosureControlTest, TheExactCheckFindsABridgeBetweenSuppressionCycles) {
  // Two rectangles of suppressed cells joined by one cell: every row and column has two or more
  // holes, yet the joining cell follows from rows 0+1 minus columns 0+1.
  std::vector<int64_t> values(16, 50);
  absl::StatusOr<StatTable> table =
      TwoWayTable({"r0", "r1", "r2", "r3"}, {"c0", "c1", "c2", "c3"}, values);
  ASSERT_TRUE(table.ok());
  std::vector<bool> unpublished(table->cells.size(), false);
  for (size_t cell : {0, 1, 4, 5, 10, 11, 14, 15, 6}) unpublished[cell] = true;
  absl::StatusOr<std::vector<bool>> derivable = internal::DerivableCells(*table, unpublished);
  ASSERT_TRUE(derivable.ok());
  std::vector<size_t> found;
  for (size_t i = 0; i < derivable->size(); ++i) {
    if ((*derivable)[i]) found.push_back(i);
  }
  EXPECT_THAT(found, ElementsAre(6u));

  // The same pattern as primary suppressions: ProtectTable must go beyond rows and columns.
  for (size_t cell : {0, 1, 4, 5, 10, 11, 14, 15, 6}) values[cell] = 2;
  table = TwoWayTable({"r0", "r1", "r2", "r3"}, {"c0", "c1", "c2", "c3"}, values);
  ASSERT_TRUE(table.ok());
  ExpectSafe(*table, Protect(*table, 5), 5);
}

TEST(DisclosureControlTest, RandomTablesResistDifferencing) {
  std::mt19937 rng(20260701);  // fixed seed: the same tables on every run
  auto count = [&]() -> int64_t {
    const int kind = std::uniform_int_distribution<int>(0, 9)(rng);
    if (kind < 2) return 0;
    if (kind < 5) return std::uniform_int_distribution<int>(1, 6)(rng);
    return std::uniform_int_distribution<int>(5, 80)(rng);
  };
  for (int t = 0; t < 250; ++t) {
    SCOPED_TRACE(t);
    const int k = t % 2 == 0 ? 5 : 3;
    const size_t rows = std::uniform_int_distribution<size_t>(1, 5)(rng);
    const size_t cols = std::uniform_int_distribution<size_t>(2, 5)(rng);
    std::vector<std::string> row_labels, col_labels;
    for (size_t r = 0; r < rows; ++r) row_labels.push_back("r" + std::to_string(r));
    for (size_t c = 0; c < cols; ++c) col_labels.push_back("c" + std::to_string(c));
    std::vector<int64_t> values;
    for (size_t i = 0; i < rows * cols; ++i) values.push_back(count());
    absl::StatusOr<StatTable> table = TwoWayTable(row_labels, col_labels, values);
    ASSERT_TRUE(table.ok());
    ExpectSafe(*table, Protect(*table, k), k);

    std::vector<StatCell> parts;
    int64_t total = 0;
    for (size_t i = 0; i < cols + 1; ++i) {
      parts.push_back({"p" + std::to_string(i), count(), false});
      total += parts.back().value;
    }
    const StatTable one_way = OneWayTable("total", total, parts);
    ExpectSafe(one_way, Protect(one_way, k), k);
  }
}

TEST(DisclosureControlTest, RoundingAppliesToEveryPublishedCountAlike) {
  const std::vector<PublishedCell> plain = Protect(Persons(), 0, 5);
  EXPECT_EQ(plain[0].value, 410);
  EXPECT_EQ(plain[1].value, 300);
  EXPECT_EQ(plain[2].value, 110);
  EXPECT_EQ(plain[3].value, 5);
  const std::vector<PublishedCell> suppressed = Protect(Persons(), 5, 10);
  EXPECT_EQ(Statuses(suppressed), "FFDA");
  EXPECT_EQ(suppressed[0].value, 410);
  EXPECT_EQ(suppressed[1].value, 300);
  EXPECT_EQ(suppressed[2].value, std::nullopt);
  const StatTable halves = OneWayTable("t", 15, {{"a", 7}, {"b", 8}});
  const std::vector<PublishedCell> rounded = Protect(halves, 0, 5);
  EXPECT_EQ(rounded[1].value, 5);
  EXPECT_EQ(rounded[2].value, 10);
  EXPECT_EQ(rounded[0].value, 15);
}

TEST(DisclosureControlTest, InvalidTablesAreRefusedNamingTheProblem) {
  StatTable table = Persons();
  table.cells[2].value = 110;
  absl::StatusOr<std::vector<PublishedCell>> out = ProtectTable(table, {5, 0});
  ASSERT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(out.status().message()),
              HasSubstr("\"persons\" is 412 but its parts add up to 413"));

  table = Persons();
  table.cells[1].value = -1;
  out = ProtectTable(table, {5, 0});
  ASSERT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(out.status().message()), HasSubstr("cell \"male\": -1 is not a count"));

  table = Persons();
  table.sums[0].parts.push_back(9);
  EXPECT_EQ(ProtectTable(table, {5, 0}).status().code(), absl::StatusCode::kInvalidArgument);

  table = Persons();
  table.sums[0].parts.push_back(1);
  out = ProtectTable(table, {5, 0});
  ASSERT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(out.status().message()), HasSubstr("\"male\" occurs twice"));

  EXPECT_EQ(ProtectTable(Persons(), {-1, 0}).status().code(), absl::StatusCode::kInvalidArgument);

  StatTable huge;
  huge.cells.resize(kMaxStatCells + 1);
  EXPECT_EQ(ProtectTable(huge, {5, 0}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(DisclosureControlTest, TwoWayTableLayout) {
  absl::StatusOr<StatTable> table =
      TwoWayTable({"sea", "land"}, {"men", "women", "boys"}, {1, 2, 3, 4, 5, 6});
  ASSERT_TRUE(table.ok());
  ASSERT_EQ(table->cells.size(), 6u + 2 + 3 + 1);
  EXPECT_EQ(table->cells[5].label, "land / boys");
  EXPECT_EQ(table->cells[6].label, "sea / total");
  EXPECT_EQ(table->cells[6].value, 6);
  EXPECT_EQ(table->cells[8].label, "total / men");
  EXPECT_EQ(table->cells[8].value, 5);
  EXPECT_EQ(table->cells[11].label, "total");
  EXPECT_EQ(table->cells[11].value, 21);
  EXPECT_EQ(table->sums.size(), 2u + 3 + 2);
  EXPECT_EQ(TwoWayTable({"a"}, {"b"}, {1, 2}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(DisclosureControlTest, RulesFromAForm) {
  Form form;
  form.small_cell_k = 5;
  form.round_to = 10;
  const DisclosureRules rules = DisclosureRulesFor(form);
  EXPECT_EQ(rules.small_cell_k, 5);
  EXPECT_EQ(rules.round_to, 10);
  EXPECT_EQ(DisclosureRulesFor(Form{}).small_cell_k, 0);
}

}  // namespace
}  // namespace rilon::policy
