#include "node/sharing/record_shaping.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "policy/disclosure_control.h"

namespace rilon::sharing {
namespace {

constexpr std::string_view kWithheld = "W";
constexpr std::string_view kSmallCount = "C";
constexpr std::string_view kSecondary = "D";
constexpr std::string_view kRounded = "R";

// One measure of the origin's report as this node holds it: its origin index, and for each of
// its origin cells either the cell or nothing (withheld earlier).
struct HeldMeasure {
  size_t index = 0;
  const rilon::v1::Measure* measure = nullptr;
  bool value_withheld = false;
  std::vector<const rilon::v1::Disaggregation*> cells;  // by origin cell index; null: withheld
};

class Shaper {
 public:
  Shaper(const std::vector<std::string>& already, const policy::Form& form)
      : already_(already.begin(), already.end()), form_(form) {}

  bool Withheld(const std::string& path) const {
    return already_.contains(path) || added_.contains(path);
  }

  void Withhold(std::string path, std::string_view code,
                std::optional<double> published = std::nullopt) {
    if (Withheld(path)) return;
    added_.insert(path);
    out_.notes.push_back({path, std::string(code), published});
    out_.withheld_parts.push_back(std::move(path));
  }

  absl::StatusOr<std::vector<HeldMeasure>> Align(const rilon::v1::TrendReport& report) const {
    std::vector<HeldMeasure> held;
    size_t origin = 0;
    for (const rilon::v1::Measure& measure : report.measures()) {
      while (already_.contains(MeasurePart(origin))) {
        if (++origin > kMaxIndex) return Misfit("measures");
      }
      HeldMeasure h{origin, &measure, already_.contains(MeasureValuePart(origin)), {}};
      size_t cell = 0;
      for (const rilon::v1::Disaggregation& d : measure.disaggregations()) {
        while (already_.contains(CellPart(origin, cell))) {
          h.cells.push_back(nullptr);
          if (++cell > kMaxIndex) return Misfit(MeasurePart(origin));
        }
        h.cells.push_back(&d);
        ++cell;
      }
      // Cells withheld after the last one still held.
      while (already_.contains(CellPart(origin, h.cells.size()))) h.cells.push_back(nullptr);
      held.push_back(std::move(h));
      ++origin;
    }
    return held;
  }

  absl::Status ShapeMeasure(const HeldMeasure& h) {
    const size_t i = h.index;
    if (std::binary_search(form_.withheld_indicators.begin(), form_.withheld_indicators.end(),
                           h.measure->indicator())) {
      Withhold(MeasurePart(i), kWithheld);
      return absl::OkStatus();
    }
    if (form_.Withholds(policy::Field::kDisaggregations)) {
      for (size_t j = 0; j < h.cells.size(); ++j) Withhold(CellPart(i, j), kWithheld);
    }
    if (!IsCount(h)) return absl::OkStatus();
    const policy::DisclosureRules rules = policy::DisclosureRulesFor(form_);
    if (rules.small_cell_k <= 0 && rules.round_to <= 1) return absl::OkStatus();
    if (h.value_withheld) return ShapeWithoutTotal(h, rules);
    return ProtectMeasure(h, rules);
  }

  Disclosure Take() { return std::move(out_); }

 private:
  static constexpr size_t kMaxIndex = 1000000;

  absl::Status Misfit(const std::string& where) const {
    return absl::InvalidArgumentError(absl::StrCat("the withheld parts do not fit the report at ",
                                                   where, ": more than ", kMaxIndex));
  }

  static bool Whole(double v) { return std::isfinite(v) && v >= 0 && v == std::floor(v); }

  static bool IsCount(const HeldMeasure& h) {
    if (!h.measure->currency().empty()) return false;
    if (!h.value_withheld && !Whole(h.measure->value())) return false;
    for (const rilon::v1::Disaggregation* d : h.cells) {
      if (d != nullptr && !Whole(d->value())) return false;
    }
    return true;
  }

  // The measure's total and cells as one table: one relation per breakdown dimension.
  absl::Status ProtectMeasure(const HeldMeasure& h, const policy::DisclosureRules& rules) {
    const size_t i = h.index;
    const int64_t total = static_cast<int64_t>(h.measure->value());
    policy::StatTable table;
    table.cells.push_back({MeasureValuePart(i), total, false});
    std::vector<std::string> paths = {MeasureValuePart(i)};
    // Dimension -> cell indexes in the table; cells withheld earlier are gathered per
    // dimension-less "unknown" remainder below.
    std::map<std::string, std::vector<size_t>> dimensions;
    std::map<std::string, int64_t> sums;
    size_t hidden_earlier = 0;
    for (size_t j = 0; j < h.cells.size(); ++j) {
      const rilon::v1::Disaggregation* d = h.cells[j];
      if (d == nullptr) {
        ++hidden_earlier;
        continue;
      }
      const int64_t v = static_cast<int64_t>(d->value());
      const bool withheld = Withheld(CellPart(i, j));
      dimensions[d->dimension()].push_back(table.cells.size());
      sums[d->dimension()] += v;
      table.cells.push_back({CellPart(i, j), v, withheld});
      paths.push_back(CellPart(i, j));
    }
    for (auto& [dimension, parts] : dimensions) {
      const int64_t rest = total - sums[dimension];
      if (rest < 0) {
        // Cells above their total: not a table that adds up; publish none of it as counts.
        return WithholdAll(h, kSecondary);
      }
      // What the breakdown leaves out (unreported, or withheld earlier and so unknown to this
      // node) is a cell nobody publishes; when cells were withheld earlier it must stay hidden.
      if (rest > 0 || hidden_earlier > 0) {
        parts.push_back(table.cells.size());
        table.cells.push_back(
            {absl::StrCat(MeasurePart(i), ".", dimension, ".rest"), rest, hidden_earlier > 0});
        paths.emplace_back();
      }
      table.sums.push_back({0, parts});
    }
    absl::StatusOr<std::vector<policy::PublishedCell>> published =
        policy::ProtectTable(table, rules);
    if (!published.ok()) {
      return absl::Status(published.status().code(),
                          absl::StrCat(h.measure->indicator(), ": ", published.status().message()));
    }
    for (size_t c = 0; c < published->size(); ++c) {
      if (paths[c].empty()) continue;  // the unreported remainder is not a part
      const policy::PublishedCell& cell = (*published)[c];
      switch (cell.status) {
        case policy::ObsStatus::kSmallCount:
          Withhold(paths[c], kSmallCount);
          break;
        case policy::ObsStatus::kSecondary:
          Withhold(paths[c], kSecondary);
          break;
        case policy::ObsStatus::kNotForPublication:
          break;  // withheld already, with its own note
        case policy::ObsStatus::kFree:
          if (cell.value.has_value() && *cell.value != table.cells[c].value) {
            Withhold(paths[c], kRounded, static_cast<double>(*cell.value));
          }
          break;
      }
    }
    return absl::OkStatus();
  }

  // Without the total, a small cell is protected by withholding every cell of the measure;
  // rounding still applies to the cells published.
  absl::Status ShapeWithoutTotal(const HeldMeasure& h, const policy::DisclosureRules& rules) {
    bool small = false;
    for (const rilon::v1::Disaggregation* d : h.cells) {
      if (d != nullptr && d->value() >= 1 && d->value() <= rules.small_cell_k - 1) small = true;
    }
    if (small) return WithholdAll(h, kSecondary);
    if (rules.round_to > 1) {
      for (size_t j = 0; j < h.cells.size(); ++j) {
        const rilon::v1::Disaggregation* d = h.cells[j];
        if (d == nullptr) continue;
        const int64_t v = static_cast<int64_t>(d->value());
        const int64_t rounded = (v + rules.round_to / 2) / rules.round_to * rules.round_to;
        if (rounded != v) Withhold(CellPart(h.index, j), kRounded, static_cast<double>(rounded));
      }
    }
    return absl::OkStatus();
  }

  absl::Status WithholdAll(const HeldMeasure& h, std::string_view code) {
    const policy::DisclosureRules rules = policy::DisclosureRulesFor(form_);
    auto small = [&](double v) { return v >= 1 && v <= rules.small_cell_k - 1; };
    if (!h.value_withheld) {
      Withhold(MeasureValuePart(h.index), small(h.measure->value()) ? kSmallCount : code);
    }
    for (size_t j = 0; j < h.cells.size(); ++j) {
      if (h.cells[j] == nullptr) continue;
      Withhold(CellPart(h.index, j), small(h.cells[j]->value()) ? kSmallCount : code);
    }
    return absl::OkStatus();
  }

  const std::set<std::string> already_;
  const policy::Form& form_;
  std::set<std::string> added_;
  Disclosure out_;
};

}  // namespace

std::string MeasurePart(size_t measure) { return absl::StrCat("m", measure); }
std::string MeasureValuePart(size_t measure) { return absl::StrCat("m", measure, ".v"); }
std::string CellPart(size_t measure, size_t cell) { return absl::StrCat("m", measure, ".d", cell); }

absl::StatusOr<Disclosure> ShapeReport(const rilon::v1::TrendReport& report,
                                       const std::vector<std::string>& already_withheld,
                                       const policy::Form& form) {
  Shaper shaper(already_withheld, form);
  absl::StatusOr<std::vector<HeldMeasure>> measures = shaper.Align(report);
  if (!measures.ok()) return measures.status();
  // The one mapping from the form's fields to parts (kDisaggregations: every cell, per measure).
  if (form.Withholds(policy::Field::kNarrative)) {
    shaper.Withhold(std::string(kNarrativePart), kWithheld);
  }
  if (form.Withholds(policy::Field::kCountries)) {
    shaper.Withhold(std::string(kCountriesPart), kWithheld);
  }
  if (form.Withholds(policy::Field::kRoute)) {
    shaper.Withhold(std::string(kRoutesPart), kWithheld);
  }
  for (const HeldMeasure& h : *measures) {
    if (absl::Status s = shaper.ShapeMeasure(h); !s.ok()) return s;
  }
  return shaper.Take();
}

}  // namespace rilon::sharing
