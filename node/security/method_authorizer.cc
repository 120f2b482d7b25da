#include "node/security/method_authorizer.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "node/security/internal/text.h"

namespace rilon::security {
namespace {

bool IsPersonRole(Role role) {
  return role == Role::kOfficer || role == Role::kAnalyst || role == Role::kAdmin;
}

grpc::Status Denied(std::string_view method, const Principal& principal,
                    std::string_view detail = {}) {
  return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                      absl::StrCat("method ", internal::AbslView(method), " is not available to ",
                                   internal::AbslView(RoleName(principal.role)), " of ",
                                   principal.agency_id, internal::AbslView(detail)));
}

}  // namespace

MethodAuthorizer::MethodAuthorizer(std::string trust_domain, std::string own_agency,
                                   MethodTable table)
    : trust_domain_(std::move(trust_domain)),
      own_agency_(std::move(own_agency)),
      table_(std::move(table)) {}

grpc::Status MethodAuthorizer::Process(const InputMetadata& auth_metadata,
                                       grpc::AuthContext* context,
                                       OutputMetadata* /*consumed_auth_metadata*/,
                                       OutputMetadata* /*response_metadata*/) {
  auto path = auth_metadata.find(":path");
  if (path == auth_metadata.end()) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "the request names no method");
  }
  if (context == nullptr) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "the connection carries no identity");
  }
  auto principal = PrincipalFromAuthContext(*context, trust_domain_);
  if (!principal.ok()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        std::string(principal.status().message()));
  }
  return Authorize(std::string_view(path->second.data(), path->second.size()), *principal);
}

grpc::Status MethodAuthorizer::Authorize(std::string_view method,
                                         const Principal& principal) const {
  if (principal.trust_domain != trust_domain_) {
    return Denied(method, principal, absl::StrCat(" from trust domain ", principal.trust_domain));
  }
  // Unknown methods and unlisted roles get the same answer, so that a refusal does not reveal
  // which methods exist.
  auto entry = table_.find(method);
  if (entry == table_.end() || !entry->second.contains(principal.role)) {
    return Denied(method, principal);
  }
  if (IsPersonRole(principal.role) && principal.agency_id != own_agency_) {
    return Denied(method, principal,
                  absl::StrCat(": this node serves the users of ", own_agency_, " only"));
  }
  return grpc::Status::OK;
}

}  // namespace rilon::security
