// `rilon report get ID [--deliveries]`: one record with the current version of its report and
// the report's history, as a readable layout or JSON (the GetRecordResponse); with
// --deliveries, where the record stands with each peer instead of its content.
#include <memory>

#include "client/commands/commands.h"
#include "client/commands/record_id.h"
#include "client/connection.h"
#include "client/peer_printer.h"
#include "client/printer.h"
#include "client/version_printer.h"

namespace rilon::client {

absl::Status RunReportGet(const CommandContext& context) {
  absl::StatusOr<std::string> id = RecordIdArgument(context.args.positionals[0]);
  if (!id.ok()) return id.status();

  absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(context.settings);
  if (!connection.ok()) return connection.status();
  Connection& node = **connection;

  if (context.args.Has("deliveries")) {
    rilon::v1::GetRecordDeliveriesRequest request;
    request.set_id(*id);
    rilon::v1::RecordDeliveries deliveries;
    absl::Status status =
        node.Unary("show the record's deliveries", [&](grpc::ClientContext* call) {
          return node.stub().GetRecordDeliveries(call, request, &deliveries);
        });
    if (!status.ok()) return status;
    Emit(context.out, context.json ? ToJson(deliveries) : FormatDeliveries(deliveries));
    return absl::OkStatus();
  }

  rilon::v1::GetRecordRequest request;
  request.set_id(*id);
  rilon::v1::GetRecordResponse response;
  absl::Status status = node.Unary("get the record", [&](grpc::ClientContext* call) {
    return node.stub().GetRecord(call, request, &response);
  });
  if (!status.ok()) return status;
  Emit(context.out, context.json ? ToJson(response) : FormatRecordWithHistory(response));
  return absl::OkStatus();
}

}  // namespace rilon::client
