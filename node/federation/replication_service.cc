#include "node/federation/replication_service.h"

#include "absl/strings/str_cat.h"
#include "node/api/status_mapping.h"
#include "node/federation/replication_reactor.h"
#include "node/observability/log.h"
#include "node/security/identity.h"

namespace rilon::federation {
namespace {

class Refusal : public grpc::ServerWriteReactor<rilon::v1::ReplicateResponse> {
 public:
  explicit Refusal(const absl::Status& status) { Finish(api::ToGrpcStatus(status)); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerWriteReactor<rilon::v1::ReplicateResponse>* ReplicationService::Replicate(
    grpc::CallbackServerContext* context, const rilon::v1::ReplicateRequest* request) {
  std::shared_ptr<const grpc::AuthContext> auth = context->auth_context();
  absl::StatusOr<security::Principal> caller =
      auth == nullptr ? absl::UnauthenticatedError("no TLS identity")
                      : security::PrincipalFromAuthContext(*auth, ctx_.trust_domain);
  if (!caller.ok()) return new Refusal(caller.status());
  if (caller->role != security::Role::kNode || !ctx_.peer_agencies.contains(caller->agency_id)) {
    log::Warning("federation call refused: not a configured peer", {{"caller", caller->spiffe_id}});
    return new Refusal(absl::PermissionDeniedError(absl::StrCat(
        "agency ", caller->agency_id,
        " is not a configured peer of this node: both operators must list each other under "
        "federation.peers")));
  }
  const uint64_t head = ctx_.store->LastLocalSeq();
  if (request->after_position() > head) {
    return new Refusal(absl::OutOfRangeError(absl::StrCat(
        "after_position ", request->after_position(), " is beyond this node's log (", head,
        "); this node's data was restored from an older backup: resume from position ", head)));
  }
  ++ctx_.streams;
  return new ReplicationReactor(ctx_, caller->agency_id, request->after_position());
}

}  // namespace rilon::federation
