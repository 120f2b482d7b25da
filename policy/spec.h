// A sharing policy as written by an operator, in plain values: what node/policy/ produces from a
// policy file (proto/rilon/policy/v1/policy.proto) and what tests and tools build directly.
// Nothing here is checked yet: CheckPolicy/CompilePolicy (policy/compiled_policy.h) do that and
// report problems with the `line` numbers carried here (0 = not from a file).
//
// Names a rule may use must be declared at the top (agencies, groups, indicators, routes,
// agency sets), so that a typo is an error instead of a rule that silently never matches.
// In every match list, empty means "any value".
//
// Example (one rule: GREEN trend reports to any peer node, small cells suppressed):
//   PolicySpec spec;
//   spec.version = "2026-07-01.1";
//   RuleSpec& rule = spec.rules.emplace_back();
//   rule.id = "green-trends";
//   rule.effect = Effect::kAllow;
//   rule.directions = {Direction::kEgress};
//   rule.record.kinds = {RecordKind::kTrendReport};
//   rule.record.markings = {Marking::kGreen};
//   rule.form.suppress_small_cells = true;
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "policy/types.h"

namespace rilon::policy {

// The default small-cell threshold: counts 1..4 are suppressed where a form asks for it.
inline constexpr int kDefaultSmallCellThreshold = 5;

// A declared name and the line it was declared on.
struct Declaration {
  std::string name;
  int line = 0;
};

// A named set of agencies, usable wherever a rule lists agencies. Members are agency ids or the
// names of agency sets declared earlier in the file (so sets never form cycles).
struct AgencySetSpec {
  std::string name;
  std::vector<std::string> members;
  int line = 0;
};

// What a rule matches on the record. Countries and indicators match when the record carries at
// least one of the listed values; the other lists when the record's single value is listed.
struct RecordMatchSpec {
  std::vector<RecordKind> kinds;
  std::vector<Theme> themes;
  std::vector<Mode> modes;
  std::vector<Marking> markings;
  std::vector<std::string> origins;  // agency ids or agency-set names
  std::vector<std::string> countries;
  std::vector<std::string> routes;
  std::vector<std::string> indicators;
};

// What a rule matches on the party (see Party in policy/request.h).
struct PartyMatchSpec {
  std::vector<std::string> agencies;  // agency ids or agency-set names
  std::vector<std::string> groups;    // the party's agency belongs to at least one of them
  std::vector<Role> roles;
  std::optional<bool> relay;  // unset: either
};

// How an allowed record is shaped for the party. Only allow rules carry a form.
struct FormSpec {
  std::vector<std::string> withhold_fields;  // "narrative", "route", "countries", "disaggregations"
  std::vector<std::string> withhold_indicators;  // measures dropped entirely
  bool suppress_small_cells = false;             // counts 1..k-1 suppressed (policy's k)
  int round_to = 0;                              // published counts rounded to this base; 0: none
};

struct RuleSpec {
  std::string id;
  std::string description;
  std::optional<Effect> effect;       // required
  std::vector<Direction> directions;  // empty: every direction
  RecordMatchSpec record;
  PartyMatchSpec party;
  FormSpec form;
  int line = 0;
};

struct PolicySpec {
  std::string source;  // file name for messages, e.g. "/etc/rilon/policy.textproto"
  std::string version;
  int small_cell_threshold = 0;  // k; 0 means kDefaultSmallCellThreshold
  std::vector<Declaration> agencies;
  std::vector<Declaration> groups;
  std::vector<Declaration> indicators;
  std::vector<Declaration> routes;
  std::vector<AgencySetSpec> agency_sets;
  std::vector<RuleSpec> rules;  // in file order; the order matters for allow rules
};

}  // namespace rilon::policy
