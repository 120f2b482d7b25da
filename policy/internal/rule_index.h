// The precompiled matcher: for every dimension a rule can match on, and every value of that
// dimension, the bitset of the rules that accept the value. Matching a request is then one hash
// lookup per name the request carries and a few AND/OR operations over ceil(rules/64) words,
// independent of how many rules there are to the first order. No regex, no string compares.
//
// Immutable after construction; Match is thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "policy/internal/resolved_policy.h"
#include "policy/internal/symbol_table.h"
#include "policy/request.h"

namespace rilon::policy::internal {

class RuleIndex {
 public:
  // Takes the symbol tables out of `policy`; its rules stay.
  explicit RuleIndex(ResolvedPolicy& policy);

  size_t words() const { return words_; }

  // Writes into out[0 .. words()) the bits (bit i = rule i in file order) of the rules whose
  // match accepts the record and request. Does not look at the ceiling.
  void Match(const RecordAttributes& record, const Request& request, uint64_t* out) const;

 private:
  // One bitset row per value of a dimension.
  struct Rows {
    size_t words = 0;
    size_t count = 0;
    std::vector<uint64_t> bits;
    bool restricted = false;  // some rule restricts the dimension; otherwise it is skipped

    void Init(size_t rows, size_t row_words);
    void Set(size_t row, size_t rule) {
      bits[row * words + rule / 64] |= uint64_t{1} << (rule % 64);
    }
    const uint64_t* Row(size_t row) const { return bits.data() + row * words; }
  };
  // A dimension whose record/party side holds several values: a rule matches when one of them is
  // in its list; rules without a list are in `wild`.
  struct AnyOfRows {
    Rows contains;
    std::vector<uint64_t> wild;
  };

  static void AddMask(Rows& rows, uint32_t mask, size_t rule);
  static void AddIdSet(Rows& rows, const IdSet& set, size_t rule);
  static void AddAnyOf(AnyOfRows& rows, const IdSet& set, size_t rule);
  void And(const Rows& rows, size_t value, uint64_t* out) const;
  void AndAnyOf(const AnyOfRows& rows, const SymbolTable& symbols,
                const std::vector<std::string>& values, uint64_t* out) const;

  size_t words_ = 0;
  SymbolTable agencies_, groups_, countries_, routes_, indicators_;
  Rows pairs_, kinds_, themes_, modes_, markings_, relay_;
  Rows origins_, party_agencies_, routes_rows_;  // last row: a name the policy does not know
  AnyOfRows countries_rows_, indicators_rows_, groups_rows_;
};

}  // namespace rilon::policy::internal
