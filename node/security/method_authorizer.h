// Per-method authorization that runs before any handler (gRPC's authz-policy provider does not
// link on Debian 12, see docs/architecture.md). Installed on the server credentials as a
// grpc::AuthMetadataProcessor.
//
// Contract: default deny. A call is allowed only when
//   - the peer presents exactly one parseable SPIFFE URI SAN in this federation's trust domain,
//   - its role is listed for the called method (":path") in the MethodTable, and
//   - for officer, analyst and admin roles, its agency is this node's agency.
// Refusals return PERMISSION_DENIED (UNAUTHENTICATED when no identity can be read) with a
// message naming the method and the principal's role and agency, never the certificate.
#pragma once

#include <grpcpp/security/auth_metadata_processor.h>

#include <map>
#include <set>
#include <string>

#include "node/security/identity.h"

namespace rilon::security {

// ":path" (e.g. "/rilon.v1.NodeApi/SubmitReport") -> roles allowed to call it.
using MethodTable = std::map<std::string, std::set<Role>, std::less<>>;

class MethodAuthorizer : public grpc::AuthMetadataProcessor {
 public:
  MethodAuthorizer(std::string trust_domain, std::string own_agency, MethodTable table);

  // Runs inline on the gRPC thread: O(log n), no I/O.
  bool IsBlocking() const override { return false; }

  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

  // The same decision, for unit tests and for explaining refusals.
  grpc::Status Authorize(std::string_view method, const Principal& principal) const;

 private:
  const std::string trust_domain_;
  const std::string own_agency_;
  const MethodTable table_;
};

}  // namespace rilon::security
