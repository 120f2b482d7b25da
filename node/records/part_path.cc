#include "node/records/part_path.h"

#include "absl/strings/str_cat.h"

namespace rilon::records {
namespace {

// Far above any report (the codebook allows a few dozen measures and cells); keeps the parse
// free of overflow.
constexpr size_t kMaxIndex = 1'000'000;

// Parses a decimal index without leading zeros from the front of `text`, consuming it.
std::optional<size_t> TakeIndex(std::string_view& text) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0 || digits > 7 || (digits > 1 && text[0] == '0')) return std::nullopt;
  size_t value = 0;
  for (size_t i = 0; i < digits; ++i) value = value * 10 + static_cast<size_t>(text[i] - '0');
  if (value > kMaxIndex) return std::nullopt;
  text.remove_prefix(digits);
  return value;
}

}  // namespace

std::string PartPath::Measure(size_t measure) { return absl::StrCat("m", measure); }

std::string PartPath::MeasureValue(size_t measure) { return absl::StrCat("m", measure, ".v"); }

std::string PartPath::Cell(size_t measure, size_t cell) {
  return absl::StrCat("m", measure, ".d", cell);
}

std::optional<ParsedPartPath> ParsePartPath(std::string_view path) {
  using Kind = ParsedPartPath::Kind;
  if (path == PartPath::kNarrative) return ParsedPartPath{Kind::kNarrative};
  if (path == PartPath::kSources) return ParsedPartPath{Kind::kSources};
  if (path == PartPath::kCountries) return ParsedPartPath{Kind::kCountries};
  if (path == PartPath::kRoutes) return ParsedPartPath{Kind::kRoutes};
  if (path.empty() || path[0] != 'm') return std::nullopt;
  path.remove_prefix(1);
  std::optional<size_t> measure = TakeIndex(path);
  if (!measure.has_value()) return std::nullopt;
  if (path.empty()) return ParsedPartPath{Kind::kMeasure, *measure};
  if (path == ".v") return ParsedPartPath{Kind::kMeasureValue, *measure};
  if (path.substr(0, 2) != ".d") return std::nullopt;
  path.remove_prefix(2);
  std::optional<size_t> cell = TakeIndex(path);
  if (!cell.has_value() || !path.empty()) return std::nullopt;
  return ParsedPartPath{Kind::kCell, *measure, *cell};
}

}  // namespace rilon::records
