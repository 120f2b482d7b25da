// Principals: who is on the other end of a connection, derived only from the URI SAN of the
// peer's verified certificate (never from the CN).
//
// Contract: a SPIFFE id has exactly one of these shapes
//   spiffe://<trust-domain>/agency/<agency-id>/node
//   spiffe://<trust-domain>/agency/<agency-id>/signing
//   spiffe://<trust-domain>/agency/<agency-id>/{officer,analyst,admin}/<name>
// where <agency-id> is "<iso-3166 alpha-2>.<short name>" in lower case ([a-z]{2}\.[a-z0-9-]{1,32})
// and <name> is 1..64 of [a-z0-9._-]. Anything else is refused with INVALID_ARGUMENT /
// UNAUTHENTICATED; there is no partial match.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace grpc {
class AuthContext;
}

namespace rilon::security {

enum class Role { kNode, kSigning, kOfficer, kAnalyst, kAdmin };

// "node", "signing", "officer", "analyst", "admin".
std::string_view RoleName(Role role);

struct Principal {
  std::string spiffe_id;     // the full URI, as presented
  std::string trust_domain;  // e.g. "rilon.example"
  std::string agency_id;     // e.g. "au.abf"
  Role role = Role::kNode;
  std::string name;  // empty for kNode and kSigning
};

// True when `agency_id` is a well-formed agency id ("au.abf").
bool IsValidAgencyId(std::string_view agency_id);

// Parses a SPIFFE id of one of the shapes above. INVALID_ARGUMENT with the reason otherwise.
absl::StatusOr<Principal> ParseSpiffeId(std::string_view uri);

// The principal of an authenticated gRPC peer: exactly one URI SAN that parses and belongs to
// `trust_domain`. UNAUTHENTICATED when there is no or more than one such SAN.
absl::StatusOr<Principal> PrincipalFromAuthContext(const grpc::AuthContext& context,
                                                   std::string_view trust_domain);

}  // namespace rilon::security
