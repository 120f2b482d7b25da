#include "node/api/status_mapping.h"

#include <string>

namespace rilon::api {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  if (status.code() == absl::StatusCode::kInternal || status.code() == absl::StatusCode::kUnknown ||
      status.code() == absl::StatusCode::kDataLoss) {
    return grpc::Status(code,
                        "the node hit an internal error; it has been logged. Tell the node's "
                        "operator the time of this request");
  }
  return grpc::Status(code, std::string(status.message()));
}

}  // namespace rilon::api
