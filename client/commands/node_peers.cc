// `rilon node peers`: the node's federation links (NodeApi.ListPeers).
#include <memory>

#include "client/commands/commands.h"
#include "client/connection.h"
#include "client/peer_printer.h"
#include "client/printer.h"

namespace rilon::client {

absl::Status RunNodePeers(const CommandContext& context) {
  absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(context.settings);
  if (!connection.ok()) return connection.status();
  Connection& node = **connection;

  rilon::v1::ListPeersResponse peers;
  absl::Status result = node.Unary("list its federation peers", [&](grpc::ClientContext* call) {
    return node.stub().ListPeers(call, rilon::v1::ListPeersRequest(), &peers);
  });
  if (!result.ok()) return result;
  Emit(context.out, context.json ? ToJson(peers) : FormatPeers(peers));
  return absl::OkStatus();
}

}  // namespace rilon::client
