#include "node/federation/replication_service.h"

#include "absl/strings/str_cat.h"
#include "node/api/status_mapping.h"
#include "node/federation/high_water.h"
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

absl::StatusOr<std::string> ReplicationService::ConfiguredPeer(
    grpc::CallbackServerContext* context) const {
  std::shared_ptr<const grpc::AuthContext> auth = context->auth_context();
  absl::StatusOr<security::Principal> caller =
      auth == nullptr ? absl::UnauthenticatedError("no TLS identity")
                      : security::PrincipalFromAuthContext(*auth, ctx_.trust_domain);
  if (!caller.ok()) return caller.status();
  if (caller->role != security::Role::kNode || !ctx_.links->IsPeer(caller->agency_id)) {
    log::Warning("federation call refused: not a configured peer", {{"caller", caller->spiffe_id}});
    return absl::PermissionDeniedError(absl::StrCat(
        "agency ", caller->agency_id,
        " is not a configured peer of this node: both operators must list each other under "
        "federation.peers"));
  }
  return caller->agency_id;
}

grpc::ServerBidiReactor<rilon::v1::ReplicateRequest, rilon::v1::ReplicateResponse>*
ReplicationService::Replicate(grpc::CallbackServerContext* context) {
  absl::StatusOr<std::string> peer = ConfiguredPeer(context);
  if (!peer.ok()) return new Refusal(peer.status());
  return new ReplicationReactor(ctx_, *std::move(peer));
}

grpc::ServerUnaryReactor* ReplicationService::CompareHighWater(
    grpc::CallbackServerContext* context, const rilon::v1::HighWaterRequest* request,
    rilon::v1::HighWaterResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<std::string> peer = ConfiguredPeer(context);
  if (peer.ok() && request->held_size() > kMaxHighWaterOrigins) {
    peer = absl::InvalidArgumentError(
        absl::StrCat("held: ", request->held_size(), " origins, at most ", kMaxHighWaterOrigins));
  }
  if (!peer.ok()) {
    reactor->Finish(api::ToGrpcStatus(peer.status()));
    return reactor;
  }
  ctx_.readers->Run([this, reactor, request, response, peer = *std::move(peer)] {
    response->set_head_position(ctx_.store->LastLocalSeq());
    for (const auto& [origin, held] : request->held()) {
      absl::StatusOr<uint64_t> resume =
          ResumePosition(*ctx_.store, *ctx_.gate, peer, origin, held, kMaxHighWaterWalk);
      if (!resume.ok()) {
        reactor->Finish(api::ToGrpcStatus(resume.status()));
        return;
      }
      (*response->mutable_resume_after())[origin] = *resume;
    }
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

}  // namespace rilon::federation
