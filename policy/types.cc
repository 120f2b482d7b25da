#include "policy/types.h"

#include <algorithm>
#include <array>

namespace rilon::policy {
namespace {

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

constexpr std::array<std::string_view, kNumFields> kFieldNames = {"narrative", "route", "countries",
                                                                  "disaggregations"};

}  // namespace

std::string_view MarkingName(Marking marking) {
  switch (marking) {
    case Marking::kClear:
      return "TLP:CLEAR";
    case Marking::kGreen:
      return "TLP:GREEN";
    case Marking::kAmber:
      return "TLP:AMBER";
    case Marking::kAmberStrict:
      return "TLP:AMBER+STRICT";
    case Marking::kRed:
      return "TLP:RED";
    case Marking::kUnspecified:
      break;
  }
  return "no marking";
}

std::string_view RecordKindName(RecordKind kind) {
  switch (kind) {
    case RecordKind::kTrendReport:
      return "trend_report";
    case RecordKind::kGroupMessage:
      return "group_message";
    case RecordKind::kUnspecified:
      break;
  }
  return "unspecified kind";
}

std::string_view ThemeName(Theme theme) {
  switch (theme) {
    case Theme::kPeopleSmuggling:
      return "people_smuggling";
    case Theme::kTraffickingInPersons:
      return "trafficking_in_persons";
    case Theme::kRelatedCrime:
      return "related_crime";
    case Theme::kUnspecified:
      break;
  }
  return "unspecified theme";
}

std::string_view ModeName(Mode mode) {
  switch (mode) {
    case Mode::kSea:
      return "sea";
    case Mode::kLand:
      return "land";
    case Mode::kAir:
      return "air";
    case Mode::kOnlineOther:
      return "online_other";
    case Mode::kUnspecified:
      break;
  }
  return "unspecified mode";
}

std::string_view DirectionName(Direction direction) {
  switch (direction) {
    case Direction::kEgress:
      return "egress";
    case Direction::kIngress:
      return "ingress";
    case Direction::kRead:
      return "read";
    case Direction::kExport:
      return "export";
  }
  return "unknown direction";
}

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kNode:
      return "node";
    case Role::kOfficer:
      return "officer";
    case Role::kAnalyst:
      return "analyst";
    case Role::kAdmin:
      return "admin";
    case Role::kPublic:
      return "public";
  }
  return "unknown role";
}

std::string_view EffectName(Effect effect) { return effect == Effect::kAllow ? "allow" : "deny"; }

std::string_view FieldName(Field field) {
  const auto index = static_cast<size_t>(field);
  return index < kFieldNames.size() ? kFieldNames[index] : "unknown field";
}

std::optional<Field> ParseField(std::string_view name) {
  for (size_t i = 0; i < kFieldNames.size(); ++i) {
    if (kFieldNames[i] == name) return static_cast<Field>(i);
  }
  return std::nullopt;
}

bool IsWellFormedAgencyId(std::string_view id) {
  constexpr size_t kMaxShortName = 32;
  if (id.size() < 4 || id.size() > 3 + kMaxShortName) return false;
  if (!IsLower(id[0]) || !IsLower(id[1]) || id[2] != '.') return false;
  return std::all_of(id.begin() + 3, id.end(),
                     [](char c) { return IsLower(c) || IsDigit(c) || c == '-'; });
}

bool IsWellFormedGroupId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return IsLower(c) || IsDigit(c) || c == '-' || c == '.'; });
}

bool IsWellFormedCountryCode(std::string_view code) {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

bool IsWellFormedLocalName(std::string_view name) {
  if (name.empty() || name.size() > 64 || !IsLower(name[0])) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return IsLower(c) || IsDigit(c) || c == '_'; });
}

}  // namespace rilon::policy
