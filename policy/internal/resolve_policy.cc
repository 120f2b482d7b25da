// ResolvePolicy: declarations first (so rules can be checked against them), then each rule.
#include <algorithm>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "policy/ceiling.h"
#include "policy/internal/resolved_policy.h"

namespace rilon::policy::internal {
namespace {

constexpr uint32_t AllBits(int n) { return (1u << n) - 1; }
constexpr int kMaxVersionBytes = 64;
constexpr int kMaxRouteBytes = 200;
constexpr int kMaxRuleIdBytes = 64;
constexpr int kMaxSmallCellThreshold = 1000;
constexpr int kMaxRoundingBase = 1000;

bool IsWellFormedRuleId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRuleIdBytes) return false;
  auto ok = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  };
  return std::all_of(id.begin(), id.end(), ok) && id[0] != '-' && id[0] != '.';
}

bool IsPrintableWithoutSpace(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c > ' ' && c < 127; });
}

bool HasControlCharacter(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < ' ' || c == 127; });
}

std::string Quoted(absl::string_view s) { return absl::StrCat("\"", s, "\""); }

template <typename E>
std::string EnumList(uint32_t mask, int count, std::string_view (*name)(E)) {
  std::vector<std::string> names;
  for (int i = 0; i < count; ++i) {
    if ((mask >> i) & 1u) names.emplace_back(name(static_cast<E>(i)));
  }
  return absl::StrJoin(names, ", ");
}

void SortUnique(std::vector<uint32_t>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

class Resolver {
 public:
  explicit Resolver(const PolicySpec& spec) : spec_(spec) { out_.source = spec.source; }

  ResolvedPolicy Run() {
    CheckHeader();
    Declare(spec_.agencies, "agency", &out_.agencies, &agency_used_,
            [](std::string_view n) -> std::string {
              if (IsWellFormedAgencyId(n)) return "";
              return "is not an agency id: use \"<country code>.<short name>\" in lower case, "
                     "e.g. \"id.polri\"";
            });
    Declare(spec_.groups, "group", &out_.groups, &group_used_,
            [](std::string_view n) -> std::string {
              if (n == kFederationGroup) {
                return "is reserved: it stands for every member agency; to match any party, "
                       "leave party.groups out";
              }
              if (IsWellFormedGroupId(n)) return "";
              return "is not a group id: use lower-case letters, digits, '-' and '.'";
            });
    Declare(spec_.indicators, "indicator", &out_.indicators, &indicator_used_,
            [](std::string_view n) -> std::string {
              if (IsWellFormedLocalName(n)) return "";
              return "is not an indicator code: use lower snake case, e.g. "
                     "\"persons_detected\"";
            });
    Declare(spec_.routes, "route", &out_.routes, &route_used_,
            [](std::string_view n) -> std::string {
              if (n.empty()) return "is empty";
              if (n.size() > kMaxRouteBytes || HasControlCharacter(n)) {
                return absl::StrCat("is not a route name: at most ", kMaxRouteBytes,
                                    " bytes without control characters");
              }
              return "";
            });
    DeclareAgencySets();
    for (size_t i = 0; i < spec_.rules.size(); ++i) ResolveRule(spec_.rules[i], i);
    WarnUnused();
    return std::move(out_);
  }

 private:
  void Error(int line, std::string message) {
    out_.diagnostics.push_back({Diagnostic::Severity::kError, line, std::move(message)});
  }
  void Warning(int line, std::string message) {
    out_.diagnostics.push_back({Diagnostic::Severity::kWarning, line, std::move(message)});
  }

  void CheckHeader() {
    if (spec_.version.empty()) {
      Error(0,
            "version is required: set version: \"<date>.<n>\" (e.g. \"2026-07-01.1\") so that "
            "every decision names the policy that made it");
    } else if (spec_.version.size() > kMaxVersionBytes || !IsPrintableWithoutSpace(spec_.version)) {
      Error(0, absl::StrCat("version ", Quoted(spec_.version), " is not usable: at most ",
                            kMaxVersionBytes, " printable characters without spaces"));
    }
    out_.version = spec_.version;
    const int k = spec_.small_cell_threshold;
    if (k == 0) {
      out_.small_cell_threshold = kDefaultSmallCellThreshold;
    } else if (k < 2 || k > kMaxSmallCellThreshold) {
      Error(0, absl::StrCat("small_cell_threshold ", k, " is out of range: use 2..",
                            kMaxSmallCellThreshold, " (0 or unset means ",
                            kDefaultSmallCellThreshold, ")"));
    } else {
      out_.small_cell_threshold = k;
    }
  }

  // Declares names of one kind; `problem` returns "" for a good name, else what is wrong.
  template <typename Check>
  void Declare(const std::vector<Declaration>& declarations, absl::string_view kind,
               SymbolTable* table, std::vector<int>* used, Check problem) {
    absl::flat_hash_map<std::string, int> first_line;
    for (const Declaration& d : declarations) {
      if (std::string why = problem(d.name); !why.empty()) {
        Error(d.line, absl::StrCat(kind, " ", Quoted(d.name), " ", why));
        continue;
      }
      auto [it, inserted] = first_line.try_emplace(d.name, d.line);
      if (!inserted) {
        Error(d.line, absl::StrCat(kind, " ", Quoted(d.name), " is declared twice (first on line ",
                                   it->second, "); remove one"));
        continue;
      }
      table->Add(d.name);
      used->push_back(d.line);  // line of the declaration; set to -1 once used
    }
  }

  void DeclareAgencySets() {
    for (const AgencySetSpec& set : spec_.agency_sets) {
      const std::string where = absl::StrCat("agency_set ", Quoted(set.name));
      if (!IsWellFormedLocalName(set.name)) {
        Error(set.line, absl::StrCat(where,
                                     ": the name is not usable: use lower snake case, e.g. "
                                     "\"maritime_group\" (agency ids contain a '.', set names "
                                     "never do)"));
        continue;
      }
      if (auto it = set_lines_.find(set.name); it != set_lines_.end()) {
        Error(set.line, absl::StrCat(where, " is declared twice (first on line ", it->second,
                                     "); remove one"));
        continue;
      }
      if (set.members.empty()) {
        Error(set.line, absl::StrCat(where, " has no members; list agencies or remove it"));
        continue;
      }
      std::vector<uint32_t> ids;
      bool ok = true;
      for (const std::string& member : set.members) {
        if (!AppendAgency(member, &ids)) {
          Error(set.line, absl::StrCat(where, ": member ", Quoted(member),
                                       " is neither a declared agency nor an agency_set declared "
                                       "above; declare it under agencies or fix the spelling"));
          ok = false;
        }
      }
      set_lines_.emplace(set.name, set.line);
      if (!ok) continue;
      SortUnique(ids);
      sets_.emplace(set.name, std::move(ids));
      set_used_.emplace(set.name, false);
    }
  }

  // Adds the agency `name` (or the members of the set `name`) to `ids`; false when unknown.
  bool AppendAgency(const std::string& name, std::vector<uint32_t>* ids) {
    if (uint32_t id = out_.agencies.Find(name); id != SymbolTable::kNotFound) {
      ids->push_back(id);
      agency_used_[id] = -1;
      return true;
    }
    if (auto it = sets_.find(name); it != sets_.end()) {
      ids->insert(ids->end(), it->second.begin(), it->second.end());
      set_used_[name] = true;
      return true;
    }
    return false;
  }

  // Resolves an agency list (ids or set names) of a rule.
  IdSet Agencies(const std::vector<std::string>& names, absl::string_view field,
                 absl::string_view rule, int line, bool* valid) {
    IdSet set;
    set.any = names.empty();
    for (const std::string& name : names) {
      if (!AppendAgency(name, &set.ids)) {
        *valid = false;
        Error(line, absl::StrCat(rule, ": ", field, ": ", Quoted(name),
                                 " is neither a declared agency nor an agency_set; declare it "
                                 "under agencies or fix the spelling"));
      }
    }
    SortUnique(set.ids);
    return set;
  }

  // Resolves names that must be declared in `table` (groups, routes, indicators).
  IdSet Declared(const std::vector<std::string>& names, const SymbolTable& table,
                 std::vector<int>* used, absl::string_view kind, absl::string_view plural,
                 absl::string_view field, absl::string_view rule, int line, bool* valid) {
    IdSet set;
    set.any = names.empty();
    for (const std::string& name : names) {
      const uint32_t id = table.Find(name);
      if (id == SymbolTable::kNotFound) {
        *valid = false;
        Error(line, absl::StrCat(rule, ": ", field, ": ", Quoted(name), " is not a declared ", kind,
                                 "; declare it under ", plural, " or fix the spelling"));
        continue;
      }
      (*used)[id] = -1;
      set.ids.push_back(id);
    }
    SortUnique(set.ids);
    return set;
  }

  template <typename E>
  uint32_t EnumMask(const std::vector<E>& values, int count, absl::string_view field,
                    absl::string_view rule, int line, bool* valid) {
    if (values.empty()) return AllBits(count);
    uint32_t mask = 0;
    for (E v : values) {
      const auto bit = static_cast<uint32_t>(v);
      if (bit == 0 || bit >= static_cast<uint32_t>(count)) {
        *valid = false;
        Error(line, absl::StrCat(rule, ": ", field,
                                 " lists an unspecified value, which no valid record carries; "
                                 "remove it"));
        continue;
      }
      mask |= 1u << bit;
    }
    return mask;
  }

  uint32_t Pairs(const RuleSpec& spec) {
    uint32_t pairs = 0;
    for (int d = 0; d < kNumDirections; ++d) {
      const auto direction = static_cast<Direction>(d);
      if (!spec.directions.empty() && std::find(spec.directions.begin(), spec.directions.end(),
                                                direction) == spec.directions.end()) {
        continue;
      }
      for (int r = 0; r < kNumRoles; ++r) {
        const auto role = static_cast<Role>(r);
        if (!spec.party.roles.empty() && std::find(spec.party.roles.begin(), spec.party.roles.end(),
                                                   role) == spec.party.roles.end()) {
          continue;
        }
        if (RoleServesDirection(direction, role)) pairs |= PairBit(direction, role);
      }
    }
    return pairs;
  }

  Form ResolveForm(const FormSpec& spec, absl::string_view rule, int line, bool* valid) {
    Form form;
    for (const std::string& name : spec.withhold_fields) {
      std::optional<Field> field = ParseField(name);
      if (!field) {
        *valid = false;
        Error(line, absl::StrCat(rule, ": form.withhold_fields: ", Quoted(name),
                                 " is not a field; use narrative, route, countries or "
                                 "disaggregations (measures are withheld with "
                                 "withhold_indicators)"));
        continue;
      }
      form.withheld_fields |= 1u << static_cast<uint32_t>(*field);
    }
    IdSet indicators =
        Declared(spec.withhold_indicators, out_.indicators, &indicator_used_, "indicator",
                 "indicators", "form.withhold_indicators", rule, line, valid);
    for (uint32_t id : indicators.ids) {
      form.withheld_indicators.push_back(out_.indicators.Name(id));
    }
    std::sort(form.withheld_indicators.begin(), form.withheld_indicators.end());
    if (spec.suppress_small_cells) form.small_cell_k = out_.small_cell_threshold;
    if (spec.round_to == 1 || spec.round_to < 0 || spec.round_to > kMaxRoundingBase) {
      *valid = false;
      Error(line, absl::StrCat(rule, ": form.round_to ", spec.round_to,
                               " is not a rounding base: use 2..", kMaxRoundingBase,
                               " (e.g. 5), or 0 for no rounding"));
    } else {
      form.round_to = spec.round_to;
    }
    return form;
  }

  static bool FormIsEmpty(const FormSpec& form) {
    return form.withhold_fields.empty() && form.withhold_indicators.empty() &&
           !form.suppress_small_cells && form.round_to == 0;
  }

  void ResolveRule(const RuleSpec& spec, size_t index) {
    ResolvedRule rule;
    rule.id = spec.id;
    rule.description = spec.description;
    rule.line = spec.line;
    const std::string name = spec.id.empty() ? absl::StrCat("rule #", index + 1)
                                             : absl::StrCat("rule ", Quoted(spec.id));
    bool valid = true;

    if (!IsWellFormedRuleId(spec.id)) {
      valid = false;
      Error(spec.line,
            absl::StrCat(name, spec.id.empty() ? ": id is required" : ": the id is not usable",
                         ": use 1..64 lower-case letters, digits, '-', '_' and '.', "
                         "e.g. \"green-trends-federation\""));
    } else if (auto [it, inserted] = rule_lines_.try_emplace(spec.id, spec.line); !inserted) {
      valid = false;
      Error(spec.line, absl::StrCat(name, ": the id is already used by the rule on line ",
                                    it->second, "; rule ids must be unique"));
    }
    if (!spec.effect) {
      valid = false;
      Error(spec.line, absl::StrCat(name, ": effect is required: ALLOW or DENY"));
    } else {
      rule.effect = *spec.effect;
    }

    rule.pairs = Pairs(spec);
    rule.kinds =
        EnumMask(spec.record.kinds, kNumRecordKinds, "record.kinds", name, spec.line, &valid);
    rule.themes =
        EnumMask(spec.record.themes, kNumThemes, "record.themes", name, spec.line, &valid);
    rule.modes = EnumMask(spec.record.modes, kNumModes, "record.modes", name, spec.line, &valid);
    rule.markings =
        EnumMask(spec.record.markings, kNumMarkings, "record.markings", name, spec.line, &valid);
    rule.relay = !spec.party.relay ? 0b11u : (*spec.party.relay ? 0b10u : 0b01u);
    rule.origins = Agencies(spec.record.origins, "record.origins", name, spec.line, &valid);
    rule.party_agencies = Agencies(spec.party.agencies, "party.agencies", name, spec.line, &valid);
    rule.party_groups = Declared(spec.party.groups, out_.groups, &group_used_, "group", "groups",
                                 "party.groups", name, spec.line, &valid);
    rule.routes = Declared(spec.record.routes, out_.routes, &route_used_, "route", "routes",
                           "record.routes", name, spec.line, &valid);
    rule.indicators =
        Declared(spec.record.indicators, out_.indicators, &indicator_used_, "indicator",
                 "indicators", "record.indicators", name, spec.line, &valid);
    rule.countries.any = spec.record.countries.empty();
    for (const std::string& code : spec.record.countries) {
      if (!IsWellFormedCountryCode(code)) {
        valid = false;
        Error(spec.line, absl::StrCat(name, ": record.countries: ", Quoted(code),
                                      " is not an ISO 3166-1 alpha-2 code in upper case, e.g. "
                                      "\"ID\""));
        continue;
      }
      rule.countries.ids.push_back(out_.countries.Add(code));
    }
    SortUnique(rule.countries.ids);

    if (spec.effect == Effect::kDeny && !FormIsEmpty(spec.form)) {
      valid = false;
      Error(spec.line, absl::StrCat(name,
                                    ": a form on a deny rule has no effect (forms shape what an "
                                    "allow rule lets through); remove it"));
    } else {
      rule.form = ResolveForm(spec.form, name, spec.line, &valid);
    }

    if (rule.pairs == 0) {
      valid = false;
      Error(spec.line,
            absl::StrCat(
                name, ": can never match: none of its roles (",
                EnumList<Role>(RoleMask(spec.party.roles), kNumRoles, RoleName),
                ") takes part in its directions (",
                EnumList<Direction>(DirectionMask(spec.directions), kNumDirections, DirectionName),
                "); egress and ingress have role node, read has officer, analyst and "
                "admin, export has public"));
    }
    rule.valid = valid;
    out_.rules.push_back(std::move(rule));
  }

  static uint32_t RoleMask(const std::vector<Role>& roles) {
    if (roles.empty()) return AllBits(kNumRoles);
    uint32_t mask = 0;
    for (Role r : roles) mask |= 1u << static_cast<uint32_t>(r);
    return mask;
  }
  static uint32_t DirectionMask(const std::vector<Direction>& directions) {
    if (directions.empty()) return AllBits(kNumDirections);
    uint32_t mask = 0;
    for (Direction d : directions) mask |= 1u << static_cast<uint32_t>(d);
    return mask;
  }

  void WarnUnused() {
    auto warn = [&](const std::vector<int>& used, const SymbolTable& table,
                    absl::string_view kind) {
      for (size_t id = 0; id < used.size(); ++id) {
        if (used[id] >= 0) {
          Warning(used[id], absl::StrCat(kind, " ", Quoted(table.Name(id)),
                                         " is declared but no rule or agency_set uses it"));
        }
      }
    };
    warn(agency_used_, out_.agencies, "agency");
    warn(group_used_, out_.groups, "group");
    warn(indicator_used_, out_.indicators, "indicator");
    warn(route_used_, out_.routes, "route");
    for (const AgencySetSpec& set : spec_.agency_sets) {
      auto it = set_used_.find(set.name);
      if (it != set_used_.end() && !it->second) {
        Warning(set.line, absl::StrCat("agency_set ", Quoted(set.name),
                                       " is declared but no rule or agency_set uses it"));
      }
    }
    if (spec_.rules.empty()) {
      Warning(0, "the policy has no rules, so every request is denied");
    }
  }

  const PolicySpec& spec_;
  ResolvedPolicy out_;
  absl::flat_hash_map<std::string, std::vector<uint32_t>> sets_;  // name -> agency ids
  absl::flat_hash_map<std::string, int> set_lines_;
  absl::flat_hash_map<std::string, bool> set_used_;
  absl::flat_hash_map<std::string, int> rule_lines_;
  // Per declared id: its declaration line until something uses it, then -1.
  std::vector<int> agency_used_, group_used_, indicator_used_, route_used_;
};

}  // namespace

bool IdSet::Covers(const IdSet& inner) const {
  if (any) return true;
  if (inner.any) return false;
  return std::includes(ids.begin(), ids.end(), inner.ids.begin(), inner.ids.end());
}

bool ResolvedRule::Covers(const ResolvedRule& inner) const {
  auto mask_covers = [](uint32_t outer, uint32_t in) { return (in & ~outer) == 0; };
  return mask_covers(pairs, inner.pairs) && mask_covers(kinds, inner.kinds) &&
         mask_covers(themes, inner.themes) && mask_covers(modes, inner.modes) &&
         mask_covers(markings, inner.markings) && mask_covers(relay, inner.relay) &&
         origins.Covers(inner.origins) && party_agencies.Covers(inner.party_agencies) &&
         party_groups.Covers(inner.party_groups) && countries.Covers(inner.countries) &&
         routes.Covers(inner.routes) && indicators.Covers(inner.indicators);
}

ResolvedPolicy ResolvePolicy(const PolicySpec& spec) { return Resolver(spec).Run(); }

}  // namespace rilon::policy::internal
