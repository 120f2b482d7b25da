// The gRPC surface for officers, analysts and admins (rilon.v1.NodeApi). Authorization has
// already run (MethodAuthorizer) when a handler starts; handlers validate, convert, and hand off:
// submissions to the intake committer (the reply waits for durability without holding a gRPC
// thread), reads to the blocking pool, subscriptions to a SubscribeReactor.
#pragma once

#include "node/api/api_context.h"
#include "rilon/v1/node_api.grpc.pb.h"

namespace rilon::api {

class NodeApiService final : public rilon::v1::NodeApi::CallbackService {
 public:
  explicit NodeApiService(ApiContext& ctx) : ctx_(ctx) {}

  grpc::ServerUnaryReactor* SubmitReport(grpc::CallbackServerContext* context,
                                         const rilon::v1::SubmitReportRequest* request,
                                         rilon::v1::SubmitReportResponse* response) override;
  grpc::ServerUnaryReactor* GetRecord(grpc::CallbackServerContext* context,
                                      const rilon::v1::GetRecordRequest* request,
                                      rilon::v1::GetRecordResponse* response) override;
  grpc::ServerUnaryReactor* ListRecords(grpc::CallbackServerContext* context,
                                        const rilon::v1::ListRecordsRequest* request,
                                        rilon::v1::ListRecordsResponse* response) override;
  grpc::ServerWriteReactor<rilon::v1::SubscribeResponse>* Subscribe(
      grpc::CallbackServerContext* context, const rilon::v1::SubscribeRequest* request) override;
  grpc::ServerUnaryReactor* GetNodeStatus(grpc::CallbackServerContext* context,
                                          const rilon::v1::GetNodeStatusRequest* request,
                                          rilon::v1::NodeStatus* response) override;

 private:
  ApiContext& ctx_;
};

}  // namespace rilon::api
