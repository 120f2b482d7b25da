// `rilon policy explain --record ID (--to AGENCY | --from AGENCY | --reader ROLE)`: asks the node
// how its sharing policy in force decides one stored record for one party, and why.
#include <memory>

#include "client/commands/commands.h"
#include "client/commands/record_id.h"
#include "client/connection.h"
#include "client/exit_codes.h"
#include "client/policy_printer.h"
#include "client/printer.h"

namespace rilon::client {
namespace {

constexpr char kSeeHelp[] = "see 'rilon policy explain --help'";

rilon::v1::ReaderRole ReaderRoleOf(const std::string& name) {
  if (name == "officer") return rilon::v1::READER_OFFICER;
  if (name == "analyst") return rilon::v1::READER_ANALYST;
  return rilon::v1::READER_ADMIN;
}

// The request from the flags: the record, and exactly one party.
absl::StatusOr<rilon::v1::ExplainPolicyRequest> RequestFromFlags(const ParsedArgs& args) {
  std::optional<std::string> record = args.Get("record");
  if (!record) {
    return UsageError(
        absl::StrCat("--record ID is required (the 64-character id that 'rilon "
                     "report list --json' shows); ",
                     kSeeHelp));
  }
  absl::StatusOr<std::string> id = RecordIdArgument(*record);
  if (!id.ok()) return id.status();
  const int parties = args.Has("to") + args.Has("from") + args.Has("reader");
  if (parties != 1) {
    return UsageError(absl::StrCat(
        "name exactly one party: --to AGENCY (sending to a peer), --from AGENCY (receiving from "
        "a peer) or --reader officer|analyst|admin (reading on this node); ",
        kSeeHelp));
  }
  rilon::v1::ExplainPolicyRequest request;
  request.set_record_id(*id);
  if (args.Has("reader")) {
    request.set_reader_role(ReaderRoleOf(*args.Get("reader")));
    request.set_direction(rilon::v1::POLICY_READ);
  } else if (args.Has("to")) {
    request.set_agency(*args.Get("to"));
    request.set_direction(rilon::v1::POLICY_EGRESS);
  } else {
    request.set_agency(*args.Get("from"));
    request.set_direction(rilon::v1::POLICY_INGRESS);
  }
  return request;
}

}  // namespace

absl::Status RunPolicyExplain(const CommandContext& context) {
  absl::StatusOr<rilon::v1::ExplainPolicyRequest> request = RequestFromFlags(context.args);
  if (!request.ok()) return request.status();

  absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(context.settings);
  if (!connection.ok()) return connection.status();
  Connection& node = **connection;

  rilon::v1::PolicyExplanation explanation;
  absl::Status status = node.Unary("explain its sharing decision", [&](grpc::ClientContext* call) {
    return node.stub().ExplainPolicy(call, *request, &explanation);
  });
  if (!status.ok()) return status;
  Emit(context.out, context.json ? ToJson(explanation) : FormatPolicyExplanation(explanation));
  return absl::OkStatus();
}

}  // namespace rilon::client
