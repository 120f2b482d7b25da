// A policy whose names are resolved to interned ids and whose rules are reduced to one value set
// per dimension: the common input of the rule checks (rule_analysis.h) and of the matcher
// (rule_index.h). Produced by ResolvePolicy, which also reports every naming and syntax problem.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "policy/decision.h"
#include "policy/diagnostic.h"
#include "policy/internal/symbol_table.h"
#include "policy/spec.h"
#include "policy/types.h"

namespace rilon::policy::internal {

// The values one rule accepts on one interned dimension: any value, or exactly `ids`.
struct IdSet {
  bool any = true;
  std::vector<uint32_t> ids;  // sorted, unique; meaningful only when !any

  // Every value `inner` accepts, `this` accepts too.
  bool Covers(const IdSet& inner) const;
};

// Bit (direction * kNumRoles + role) for a (direction, role) pair.
inline constexpr uint32_t PairBit(Direction direction, Role role) {
  return 1u << (static_cast<uint32_t>(direction) * kNumRoles + static_cast<uint32_t>(role));
}
inline constexpr int kNumPairs = kNumDirections * kNumRoles;

struct ResolvedRule {
  std::string id;
  std::string description;
  int line = 0;
  Effect effect = Effect::kDeny;
  // Masks over enum values (bit = value); "any" is every bit.
  uint32_t pairs = 0;  // (direction, role) pairs, only those where the role serves the direction
  uint32_t kinds = 0;
  uint32_t themes = 0;
  uint32_t modes = 0;
  uint32_t markings = 0;
  uint32_t relay = 0;  // bit 0: not relay, bit 1: relay
  IdSet origins;
  IdSet party_agencies;
  IdSet party_groups;  // any-of
  IdSet countries;     // any-of
  IdSet routes;
  IdSet indicators;  // any-of
  Form form;
  // False when the rule had an error; such rules are left out of the analysis.
  bool valid = true;

  // Every request `inner` matches, `this` matches too.
  bool Covers(const ResolvedRule& inner) const;
};

struct ResolvedPolicy {
  std::string source;
  std::string version;
  int small_cell_threshold = kDefaultSmallCellThreshold;
  SymbolTable agencies;             // declared agency ids
  SymbolTable groups;               // declared group ids
  SymbolTable countries;            // every country a rule names
  SymbolTable routes;               // declared routes
  SymbolTable indicators;           // declared indicator codes
  std::vector<ResolvedRule> rules;  // file order
  std::vector<Diagnostic> diagnostics;
};

// Resolves names and checks everything that concerns one declaration or one rule at a time.
ResolvedPolicy ResolvePolicy(const PolicySpec& spec);

}  // namespace rilon::policy::internal
