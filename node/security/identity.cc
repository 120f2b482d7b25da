#include "node/security/identity.h"

#include <grpc/grpc_security_constants.h>
#include <grpcpp/security/auth_context.h>

#include <array>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "node/security/internal/text.h"

namespace rilon::security {
namespace {

constexpr std::string_view kScheme = "spiffe://";
// SPIFFE (spiffe-id.md): a SPIFFE id is at most 2048 bytes, a trust domain at most 255.
constexpr size_t kMaxSpiffeIdBytes = 2048;
constexpr size_t kMaxTrustDomainBytes = 255;
constexpr size_t kMaxShortNameBytes = 32;
constexpr size_t kMaxNameBytes = 64;

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// SPIFFE trust domain: lower-case letters, digits, '.', '-', '_'. We also refuse empty labels,
// which a DNS-like name never has.
bool IsValidTrustDomain(std::string_view td) {
  if (td.empty() || td.size() > kMaxTrustDomainBytes) return false;
  if (td.front() == '.' || td.back() == '.' || td.find("..") != std::string_view::npos) {
    return false;
  }
  for (char c : td) {
    if (!IsLowerAlnum(c) && c != '.' && c != '-' && c != '_') return false;
  }
  return true;
}

// A person's name segment: 1..64 of [a-z0-9._-], and not a dot segment ("." or ".."), which
// SPIFFE forbids because URI normalization would rewrite the path.
bool IsValidName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameBytes || name == "." || name == "..") return false;
  for (char c : name) {
    if (!IsLowerAlnum(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

struct RoleSegment {
  std::string_view segment;
  Role role;
};
constexpr std::array<RoleSegment, 3> kPersonRoles = {
    {{"officer", Role::kOfficer}, {"analyst", Role::kAnalyst}, {"admin", Role::kAdmin}}};

absl::Status Invalid(std::string_view uri, std::string_view reason) {
  return absl::InvalidArgumentError(
      absl::StrCat("SPIFFE id \"", internal::Printable(uri), "\" ", internal::AbslView(reason)));
}

// The '/'-separated segments of a path, at most kMax of them (false when there are more).
struct PathSegments {
  static constexpr size_t kMax = 4;
  std::array<std::string_view, kMax> segment;
  size_t count = 0;
};
bool SplitPath(std::string_view path, PathSegments& out) {
  for (;;) {
    if (out.count == PathSegments::kMax) return false;
    const size_t slash = path.find('/');
    out.segment[out.count++] = path.substr(0, slash);
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kNode:
      return "node";
    case Role::kSigning:
      return "signing";
    case Role::kOfficer:
      return "officer";
    case Role::kAnalyst:
      return "analyst";
    case Role::kAdmin:
      return "admin";
  }
  return "unknown";
}

bool IsValidAgencyId(std::string_view agency_id) {
  if (agency_id.size() < 4 || agency_id.size() > 3 + kMaxShortNameBytes) return false;
  auto is_letter = [](char c) { return c >= 'a' && c <= 'z'; };
  if (!is_letter(agency_id[0]) || !is_letter(agency_id[1]) || agency_id[2] != '.') return false;
  for (char c : agency_id.substr(3)) {
    if (!IsLowerAlnum(c) && c != '-') return false;
  }
  return true;
}

absl::StatusOr<Principal> ParseSpiffeId(std::string_view uri) {
  if (uri.size() > kMaxSpiffeIdBytes) return Invalid(uri, "is longer than 2048 bytes");
  if (uri.substr(0, kScheme.size()) != kScheme) {
    return Invalid(uri, "does not start with \"spiffe://\"");
  }
  std::string_view rest = uri.substr(kScheme.size());
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return Invalid(uri, "has no path");
  const std::string_view trust_domain = rest.substr(0, slash);
  if (!IsValidTrustDomain(trust_domain)) {
    return Invalid(uri,
                   "has an invalid trust domain (lower-case letters, digits, '.', '-' and '_' "
                   "only; no port, user or empty label)");
  }

  constexpr std::string_view kShapes =
      "does not have the shape /agency/<agency-id>/{node,signing} or "
      "/agency/<agency-id>/{officer,analyst,admin}/<name>";
  PathSegments path;
  if (!SplitPath(rest.substr(slash + 1), path) || path.count < 3 || path.segment[0] != "agency") {
    return Invalid(uri, kShapes);
  }
  const std::string_view agency_id = path.segment[1];
  if (!IsValidAgencyId(agency_id)) {
    return Invalid(uri,
                   "has an invalid agency id (expected e.g. \"au.abf\": two lower-case "
                   "letters, '.', 1 to 32 of [a-z0-9-])");
  }
  const std::string_view role_word = path.segment[2];
  Principal principal;
  if (path.count == 3 && (role_word == "node" || role_word == "signing")) {
    principal.role = role_word == "node" ? Role::kNode : Role::kSigning;
  } else {
    const RoleSegment* person = nullptr;
    for (const RoleSegment& r : kPersonRoles) {
      if (r.segment == role_word) person = &r;
    }
    if (person == nullptr || path.count != 4) return Invalid(uri, kShapes);
    const std::string_view name = path.segment[3];
    if (!IsValidName(name)) {
      return Invalid(uri, "has an invalid name (1 to 64 of [a-z0-9._-], not \".\" or \"..\")");
    }
    principal.role = person->role;
    principal.name = std::string(name);
  }
  principal.spiffe_id = std::string(uri);
  principal.trust_domain = std::string(trust_domain);
  principal.agency_id = std::string(agency_id);
  return principal;
}

absl::StatusOr<Principal> PrincipalFromAuthContext(const grpc::AuthContext& context,
                                                   std::string_view trust_domain) {
  if (!context.IsPeerAuthenticated()) {
    return absl::UnauthenticatedError("the peer did not authenticate with a certificate");
  }
  // Pick the URI SANs that claim our trust domain without building a prefix string: this runs
  // for every call.
  std::string_view ours;
  int count = 0;
  for (const grpc::string_ref& value : context.FindPropertyValues(GRPC_PEER_URI_PROPERTY_NAME)) {
    std::string_view uri(value.data(), value.size());
    if (uri.size() > kScheme.size() + trust_domain.size() &&
        uri.substr(0, kScheme.size()) == kScheme &&
        uri.substr(kScheme.size(), trust_domain.size()) == trust_domain &&
        uri[kScheme.size() + trust_domain.size()] == '/') {
      ours = uri;
      ++count;
    }
  }
  if (count != 1) {
    return absl::UnauthenticatedError(
        absl::StrCat("the peer certificate has ", count, " URI SANs in trust domain ",
                     internal::Printable(trust_domain), "; exactly one is required"));
  }
  auto principal = ParseSpiffeId(ours);
  if (!principal.ok()) return absl::UnauthenticatedError(principal.status().message());
  return principal;
}

}  // namespace rilon::security
