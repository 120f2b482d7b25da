// `rilon node status`: what the node says about itself.
#include <memory>

#include "client/commands/commands.h"
#include "client/connection.h"
#include "client/printer.h"

namespace rilon::client {

absl::Status RunNodeStatus(const CommandContext& context) {
  absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(context.settings);
  if (!connection.ok()) return connection.status();
  Connection& node = **connection;

  rilon::v1::NodeStatus status;
  absl::Status result = node.Unary("report its status", [&](grpc::ClientContext* call) {
    return node.stub().GetNodeStatus(call, rilon::v1::GetNodeStatusRequest(), &status);
  });
  if (!result.ok()) return result;
  Emit(context.out, context.json ? ToJson(status) : FormatNodeStatus(status));
  return absl::OkStatus();
}

}  // namespace rilon::client
