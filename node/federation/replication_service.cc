#include "node/federation/replication_service.h"

#include "absl/strings/str_cat.h"
#include "node/api/status_mapping.h"
#include "node/federation/replication_reactor.h"
#include "node/observability/log.h"
#include "node/security/identity.h"

namespace rilon::federation {
namespace {

class Refusal
    : public grpc::ServerBidiReactor<rilon::v1::ReplicateRequest, rilon::v1::ReplicateResponse> {
 public:
  explicit Refusal(const absl::Status& status) { Finish(api::ToGrpcStatus(status)); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerBidiReactor<rilon::v1::ReplicateRequest, rilon::v1::ReplicateResponse>*
ReplicationService::Replicate(grpc::CallbackServerContext* context) {
  std::shared_ptr<const grpc::AuthContext> auth = context->auth_context();
  absl::StatusOr<security::Principal> caller =
      auth == nullptr ? absl::UnauthenticatedError("no TLS identity")
                      : security::PrincipalFromAuthContext(*auth, ctx_.trust_domain);
  if (!caller.ok()) return new Refusal(caller.status());
  if (caller->role != security::Role::kNode || !ctx_.links->IsPeer(caller->agency_id)) {
    log::Warning("federation call refused: not a configured peer", {{"caller", caller->spiffe_id}});
    return new Refusal(absl::PermissionDeniedError(absl::StrCat(
        "agency ", caller->agency_id,
        " is not a configured peer of this node: both operators must list each other under "
        "federation.peers")));
  }
  return new ReplicationReactor(ctx_, caller->agency_id);
}

}  // namespace rilon::federation
