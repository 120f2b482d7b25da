#include "policy/internal/rule_index.h"

#include <algorithm>

#include "absl/container/inlined_vector.h"

namespace rilon::policy::internal {

void RuleIndex::Rows::Init(size_t rows, size_t row_words) {
  words = row_words;
  count = rows;
  bits.assign(rows * row_words, 0);
}

void RuleIndex::AddMask(Rows& rows, uint32_t mask, size_t rule) {
  const uint32_t all = (rows.count >= 32) ? ~0u : ((1u << rows.count) - 1);
  if ((mask & all) != all) rows.restricted = true;
  for (size_t v = 0; v < rows.count; ++v) {
    if ((mask >> v) & 1u) rows.Set(v, rule);
  }
}

void RuleIndex::AddIdSet(Rows& rows, const IdSet& set, size_t rule) {
  if (set.any) {
    for (size_t v = 0; v < rows.count; ++v) rows.Set(v, rule);
    return;
  }
  rows.restricted = true;
  for (uint32_t id : set.ids) rows.Set(id, rule);
}

void RuleIndex::AddAnyOf(AnyOfRows& rows, const IdSet& set, size_t rule) {
  if (set.any) {
    rows.wild[rule / 64] |= uint64_t{1} << (rule % 64);
    return;
  }
  rows.contains.restricted = true;
  for (uint32_t id : set.ids) rows.contains.Set(id, rule);
}

RuleIndex::RuleIndex(ResolvedPolicy& policy)
    : words_(std::max<size_t>(1, (policy.rules.size() + 63) / 64)),
      agencies_(std::move(policy.agencies)),
      groups_(std::move(policy.groups)),
      countries_(std::move(policy.countries)),
      routes_(std::move(policy.routes)),
      indicators_(std::move(policy.indicators)) {
  pairs_.Init(kNumPairs, words_);
  kinds_.Init(kNumRecordKinds, words_);
  themes_.Init(kNumThemes, words_);
  modes_.Init(kNumModes, words_);
  markings_.Init(kNumMarkings, words_);
  relay_.Init(2, words_);
  origins_.Init(agencies_.size() + 1, words_);
  party_agencies_.Init(agencies_.size() + 1, words_);
  routes_rows_.Init(routes_.size() + 1, words_);
  for (auto* rows : {&countries_rows_, &indicators_rows_, &groups_rows_}) {
    rows->wild.assign(words_, 0);
  }
  countries_rows_.contains.Init(countries_.size(), words_);
  indicators_rows_.contains.Init(indicators_.size(), words_);
  groups_rows_.contains.Init(groups_.size(), words_);

  for (size_t r = 0; r < policy.rules.size(); ++r) {
    const ResolvedRule& rule = policy.rules[r];
    AddMask(pairs_, rule.pairs, r);
    AddMask(kinds_, rule.kinds, r);
    AddMask(themes_, rule.themes, r);
    AddMask(modes_, rule.modes, r);
    AddMask(markings_, rule.markings, r);
    AddMask(relay_, rule.relay, r);
    AddIdSet(origins_, rule.origins, r);
    AddIdSet(party_agencies_, rule.party_agencies, r);
    AddIdSet(routes_rows_, rule.routes, r);
    AddAnyOf(countries_rows_, rule.countries, r);
    AddAnyOf(indicators_rows_, rule.indicators, r);
    AddAnyOf(groups_rows_, rule.party_groups, r);
  }
  // The pair dimension is always consulted: it is what keeps, e.g., read rules off egress.
  pairs_.restricted = true;
}

void RuleIndex::And(const Rows& rows, size_t value, uint64_t* out) const {
  if (!rows.restricted) return;
  if (value >= rows.count) {
    std::fill(out, out + words_, 0);
    return;
  }
  const uint64_t* row = rows.Row(value);
  for (size_t w = 0; w < words_; ++w) out[w] &= row[w];
}

void RuleIndex::AndAnyOf(const AnyOfRows& rows, const SymbolTable& symbols,
                         const std::vector<std::string>& values, uint64_t* out) const {
  if (!rows.contains.restricted) return;
  absl::InlinedVector<uint64_t, 16> accepted(rows.wild.begin(), rows.wild.end());
  for (const std::string& value : values) {
    const uint32_t id = symbols.Find(value);
    if (id == SymbolTable::kNotFound) continue;
    const uint64_t* row = rows.contains.Row(id);
    for (size_t w = 0; w < words_; ++w) accepted[w] |= row[w];
  }
  for (size_t w = 0; w < words_; ++w) out[w] &= accepted[w];
}

void RuleIndex::Match(const RecordAttributes& record, const Request& request, uint64_t* out) const {
  const auto direction = static_cast<size_t>(request.direction);
  const auto role = static_cast<size_t>(request.party.role);
  const size_t pair = (direction < kNumDirections && role < kNumRoles)
                          ? direction * kNumRoles + role
                          : static_cast<size_t>(kNumPairs);
  if (pair >= pairs_.count) {
    std::fill(out, out + words_, 0);
    return;
  }
  std::copy(pairs_.Row(pair), pairs_.Row(pair) + words_, out);
  And(kinds_, static_cast<size_t>(record.kind), out);
  And(themes_, static_cast<size_t>(record.theme), out);
  And(modes_, static_cast<size_t>(record.mode), out);
  And(markings_, static_cast<size_t>(record.marking), out);
  And(relay_, request.party.relay ? 1 : 0, out);
  if (std::all_of(out, out + words_, [](uint64_t w) { return w == 0; })) return;

  const auto unknown_agency = agencies_.size();
  if (origins_.restricted) {
    const uint32_t id = agencies_.Find(record.origin_agency);
    And(origins_, id == SymbolTable::kNotFound ? unknown_agency : id, out);
  }
  if (party_agencies_.restricted) {
    const uint32_t id = agencies_.Find(request.party.agency);
    And(party_agencies_, id == SymbolTable::kNotFound ? unknown_agency : id, out);
  }
  if (routes_rows_.restricted) {
    const uint32_t id = record.route.empty() ? SymbolTable::kNotFound : routes_.Find(record.route);
    And(routes_rows_, id == SymbolTable::kNotFound ? routes_.size() : id, out);
  }
  AndAnyOf(countries_rows_, countries_, record.countries, out);
  AndAnyOf(indicators_rows_, indicators_, record.indicators, out);
  AndAnyOf(groups_rows_, groups_, request.party.groups, out);
}

}  // namespace rilon::policy::internal
