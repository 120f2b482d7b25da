// NodeApi handlers for federation status (node_api_service.h declares them): validate, then
// hand off to the BlockingPool, where the FederationView reads the store.
#include "absl/strings/str_cat.h"
#include "node/api/node_api_service.h"
#include "node/api/status_mapping.h"
#include "node/records/envelope.h"
#include "node/validation/request_validation.h"

namespace rilon::api {

grpc::ServerUnaryReactor* NodeApiService::ListPeers(grpc::CallbackServerContext* context,
                                                    const rilon::v1::ListPeersRequest*,
                                                    rilon::v1::ListPeersResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  ctx_.readers->Run([this, reactor, response] {
    absl::StatusOr<rilon::v1::ListPeersResponse> peers =
        ctx_.federation != nullptr
            ? ctx_.federation->ListPeers()
            : absl::StatusOr<rilon::v1::ListPeersResponse>(rilon::v1::ListPeersResponse());
    if (peers.ok()) *response = std::move(*peers);
    reactor->Finish(ToGrpcStatus(peers.status()));
  });
  return reactor;
}

grpc::ServerUnaryReactor* NodeApiService::GetRecordDeliveries(
    grpc::CallbackServerContext* context, const rilon::v1::GetRecordDeliveriesRequest* request,
    rilon::v1::RecordDeliveries* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status valid = validation::ValidateRecordIdField("id", request->id());
  absl::StatusOr<std::string> id =
      valid.ok() ? records::ParseRecordId(request->id()) : absl::StatusOr<std::string>(valid);
  if (!id.ok()) {
    reactor->Finish(ToGrpcStatus(id.status()));
    return reactor;
  }
  ctx_.readers->Run([this, reactor, response, id = *std::move(id), hex = request->id()] {
    absl::StatusOr<rilon::storage::v1::StoredRecord> stored = ctx_.store->Get(id);
    if (!stored.ok()) {
      reactor->Finish(ToGrpcStatus(
          absl::IsNotFound(stored.status())
              ? absl::NotFoundError(absl::StrCat(
                    "no record ", hex,
                    " on this node: deliveries are known only where the record is stored; ask "
                    "the node of its origin agency"))
              : stored.status()));
      return;
    }
    if (ctx_.federation == nullptr) {
      reactor->Finish(ToGrpcStatus(absl::FailedPreconditionError("federation is not running")));
      return;
    }
    absl::StatusOr<rilon::v1::RecordDeliveries> deliveries = ctx_.federation->Deliveries(*stored);
    if (deliveries.ok()) *response = std::move(*deliveries);
    reactor->Finish(ToGrpcStatus(deliveries.status()));
  });
  return reactor;
}

}  // namespace rilon::api
