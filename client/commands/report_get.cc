// `rilon report get ID [--deliveries]`: one record, as a readable layout or JSON; with
// --deliveries, where the record stands with each peer instead of its content.
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/commands/commands.h"
#include "client/connection.h"
#include "client/exit_codes.h"
#include "client/peer_printer.h"
#include "client/printer.h"

namespace rilon::client {
namespace {

constexpr size_t kIdLength = 64;

absl::Status CheckRecordId(const std::string& id) {
  bool hex = !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return absl::ascii_isxdigit(static_cast<unsigned char>(c));
  });
  if (hex && id.size() == kIdLength) return absl::OkStatus();
  if (hex && id.size() < kIdLength) {
    return UsageError(
        absl::StrCat("'", id, "' is only the start of a record id (", id.size(),
                     " of 64 hex characters): "
                     "copy the full id from 'rilon report list --json' (field \"id\")"));
  }
  return UsageError(absl::StrCat("'", SanitizeForTerminal(id),
                                 "' is not a record id: an id is 64 hex characters, as shown by "
                                 "'rilon report list --json' (field \"id\")"));
}

}  // namespace

absl::Status RunReportGet(const CommandContext& context) {
  const std::string id = absl::AsciiStrToLower(context.args.positionals[0]);
  if (absl::Status valid = CheckRecordId(id); !valid.ok()) return valid;

  absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(context.settings);
  if (!connection.ok()) return connection.status();
  Connection& node = **connection;

  if (context.args.Has("deliveries")) {
    rilon::v1::GetRecordDeliveriesRequest request;
    request.set_id(id);
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
  request.set_id(id);
  rilon::v1::GetRecordResponse response;
  absl::Status status = node.Unary("get the record", [&](grpc::ClientContext* call) {
    return node.stub().GetRecord(call, request, &response);
  });
  if (!status.ok()) return status;
  Emit(context.out,
       context.json ? ToJson(response.record()) : FormatRecordDetail(response.record()));
  return absl::OkStatus();
}

}  // namespace rilon::client
