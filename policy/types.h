// The vocabulary of the sharing policy: the enums every other policy header speaks in, their
// printable names, and the syntax of the names a policy refers to (agency ids, group ids).
//
// These mirror the wire enums of proto/rilon/v1 (Marking, RecordKind, Theme, Mode) but are plain
// C++ so that policy/ depends on Abseil only; node/policy/ converts between the two.
//
// Example:
//   Marking m = Marking::kAmberStrict;
//   std::cout << MarkingName(m);            // "TLP:AMBER+STRICT"
//   std::optional<Field> f = ParseField("narrative");
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace rilon::policy {

// FIRST Traffic Light Protocol 2.0 handling marking, set by the originator. kUnspecified is what
// a malformed record carries; the ceiling refuses it in every direction.
enum class Marking : uint8_t { kUnspecified = 0, kClear, kGreen, kAmber, kAmberStrict, kRed };
inline constexpr int kNumMarkings = 6;

enum class RecordKind : uint8_t { kUnspecified = 0, kTrendReport, kGroupMessage };
inline constexpr int kNumRecordKinds = 3;

enum class Theme : uint8_t {
  kUnspecified = 0,
  kPeopleSmuggling,
  kTraffickingInPersons,
  kRelatedCrime
};
inline constexpr int kNumThemes = 4;

enum class Mode : uint8_t { kUnspecified = 0, kSea, kLand, kAir, kOnlineOther };
inline constexpr int kNumModes = 5;

// Where a decision is taken (the enforcement point).
enum class Direction : uint8_t {
  kEgress = 0,  // this node sends a record to a peer node
  kIngress,     // this node accepts a record from a peer node (re-decided, never trusted)
  kRead,        // an officer, analyst or admin of this node's agency reads or subscribes
  kExport,      // a record leaves the federation (files, publications): the public
};
inline constexpr int kNumDirections = 4;

// The role of the party a decision is about. Each direction has its own roles:
// egress/ingress: kNode; read: kOfficer, kAnalyst, kAdmin; export: kPublic.
enum class Role : uint8_t { kNode = 0, kOfficer, kAnalyst, kAdmin, kPublic };
inline constexpr int kNumRoles = 5;

enum class Effect : uint8_t { kDeny = 0, kAllow };

// Parts of a record a form can withhold. Measures are withheld by indicator instead (see Form).
enum class Field : uint8_t {
  kNarrative = 0,    // free-text modus operandi
  kRoute,            // the named route
  kCountries,        // ISO country codes of the geography
  kDisaggregations,  // breakdowns of measures (by sex, age band, ...); totals stay
};
inline constexpr int kNumFields = 4;

// The audience group that stands for every member agency of the federation. Originators put it
// in a record's audience to share with the whole federation (the usual audience of TLP:GREEN).
// It is reserved: no response group may use this id.
inline constexpr std::string_view kFederationGroup = "federation";

// Printable names, as they appear in explanations and in the policy file ("TLP:AMBER+STRICT",
// "egress", "analyst", "trend_report", "people_smuggling", "sea", "allow", "narrative").
std::string_view MarkingName(Marking marking);
std::string_view RecordKindName(RecordKind kind);
std::string_view ThemeName(Theme theme);
std::string_view ModeName(Mode mode);
std::string_view DirectionName(Direction direction);
std::string_view RoleName(Role role);
std::string_view EffectName(Effect effect);
std::string_view FieldName(Field field);

// The field named `name` as written in a policy file ("narrative", "route", "countries",
// "disaggregations"); nullopt for anything else.
std::optional<Field> ParseField(std::string_view name);

// "<iso-3166 alpha-2>.<short name>", lower case, short name 1..32 of [a-z0-9-] (same syntax as
// the agency part of SPIFFE ids, node/security/identity.h), e.g. "id.polri".
bool IsWellFormedAgencyId(std::string_view id);

// Response-group ids: 1..64 of [a-z0-9.-] (same syntax as node/validation), e.g. "mpsrg".
bool IsWellFormedGroupId(std::string_view id);

// ISO 3166-1 alpha-2 as used in reports: two upper-case letters, e.g. "ID".
bool IsWellFormedCountryCode(std::string_view code);

// Names a policy defines for itself (agency sets, indicator codes): lower snake case,
// [a-z][a-z0-9_]*, at most 64 bytes. They can never be mistaken for an agency id (no '.').
bool IsWellFormedLocalName(std::string_view name);

}  // namespace rilon::policy
