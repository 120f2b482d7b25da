// The gRPC surface for officers, analysts and admins (rilon.v1.NodeApi). Authorization has
// already run (MethodAuthorizer) when a handler starts; handlers validate, convert, and hand off:
// submissions to the intake committer (the reply waits for durability without holding a gRPC
// thread), reads to the blocking pool, subscriptions to a SubscribeReactor. CorrectReport and
// RetractReport are in report_amendments.cc: they read the version they supersede on the blocking
// pool, then hand off to the committer like SubmitReport.
#pragma once

#include "node/api/api_context.h"
#include "rilon/v1/node_api.grpc.pb.h"

namespace rilon::api {

// Subscribe is served through gRPC's raw callback API (bytes out, see subscribe_reactor.h); the
// wire contract is still rilon.v1.SubscribeRequest in, rilon.v1.SubscribeResponse out.
class NodeApiService final : public rilon::v1::NodeApi::WithRawCallbackMethod_Subscribe<
                                 rilon::v1::NodeApi::CallbackService> {
 public:
  explicit NodeApiService(ApiContext& ctx) : ctx_(ctx) {}

  grpc::ServerUnaryReactor* SubmitReport(grpc::CallbackServerContext* context,
                                         const rilon::v1::SubmitReportRequest* request,
                                         rilon::v1::SubmitReportResponse* response) override;
  grpc::ServerUnaryReactor* CorrectReport(grpc::CallbackServerContext* context,
                                          const rilon::v1::CorrectReportRequest* request,
                                          rilon::v1::CorrectReportResponse* response) override;
  grpc::ServerUnaryReactor* RetractReport(grpc::CallbackServerContext* context,
                                          const rilon::v1::RetractReportRequest* request,
                                          rilon::v1::RetractReportResponse* response) override;
  grpc::ServerUnaryReactor* GetRecord(grpc::CallbackServerContext* context,
                                      const rilon::v1::GetRecordRequest* request,
                                      rilon::v1::GetRecordResponse* response) override;
  grpc::ServerUnaryReactor* ListRecords(grpc::CallbackServerContext* context,
                                        const rilon::v1::ListRecordsRequest* request,
                                        rilon::v1::ListRecordsResponse* response) override;
  grpc::ServerWriteReactor<grpc::ByteBuffer>* Subscribe(grpc::CallbackServerContext* context,
                                                        const grpc::ByteBuffer* request) override;
  grpc::ServerUnaryReactor* GetNodeStatus(grpc::CallbackServerContext* context,
                                          const rilon::v1::GetNodeStatusRequest* request,
                                          rilon::v1::NodeStatus* response) override;
  // Federation status (federation_handlers.cc).
  grpc::ServerUnaryReactor* ListPeers(grpc::CallbackServerContext* context,
                                      const rilon::v1::ListPeersRequest* request,
                                      rilon::v1::ListPeersResponse* response) override;
  grpc::ServerUnaryReactor* GetRecordDeliveries(
      grpc::CallbackServerContext* context, const rilon::v1::GetRecordDeliveriesRequest* request,
      rilon::v1::RecordDeliveries* response) override;
  // The sharing policy (policy_handlers.cc).
  grpc::ServerUnaryReactor* ExplainPolicy(grpc::CallbackServerContext* context,
                                          const rilon::v1::ExplainPolicyRequest* request,
                                          rilon::v1::PolicyExplanation* response) override;
  grpc::ServerUnaryReactor* DiffPolicy(grpc::CallbackServerContext* context,
                                       const rilon::v1::DiffPolicyRequest* request,
                                       rilon::v1::DiffPolicyResponse* response) override;
  // The audit log (audit_export.cc).
  grpc::ServerWriteReactor<rilon::v1::ExportAuditResponse>* ExportAudit(
      grpc::CallbackServerContext* context, const rilon::v1::ExportAuditRequest* request) override;

 private:
  ApiContext& ctx_;
};

}  // namespace rilon::api
