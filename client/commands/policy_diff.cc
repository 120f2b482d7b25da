// `rilon policy diff OLD NEW [--limit N]`: sends two policy files to the node, which lists the
// stored records whose receivers or form would change. Nothing is installed.
#include <memory>

#include "absl/strings/str_cat.h"
#include "client/commands/commands.h"
#include "client/connection.h"
#include "client/file_reading.h"
#include "client/policy_printer.h"
#include "client/printer.h"
#include "node/policy/policy_file_loader.h"

namespace rilon::client {
namespace {

absl::StatusOr<std::string> ReadPolicyText(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFileCapped(path, policyfile::kMaxPolicyFileBytes);
  if (text.ok()) return text;
  // A bad input file: exit 4, like every other input file.
  return absl::InvalidArgumentError(
      absl::StrCat(text.status().message(), ": pass the path of a sharing policy file"));
}

}  // namespace

absl::Status RunPolicyDiff(const CommandContext& context) {
  const std::string& old_path = context.args.positionals.at(0);
  const std::string& new_path = context.args.positionals.at(1);
  rilon::v1::DiffPolicyRequest request;
  absl::StatusOr<std::string> old_text = ReadPolicyText(old_path);
  if (!old_text.ok()) return old_text.status();
  absl::StatusOr<std::string> new_text = ReadPolicyText(new_path);
  if (!new_text.ok()) return new_text.status();
  request.set_old_policy_text(*std::move(old_text));
  request.set_new_policy_text(*std::move(new_text));
  request.set_old_policy_name(old_path);
  request.set_new_policy_name(new_path);
  if (std::optional<int64_t> limit = context.args.GetInt("limit")) {
    request.set_limit(static_cast<int32_t>(std::min<int64_t>(*limit, 10000)));
  }

  absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(context.settings);
  if (!connection.ok()) return connection.status();
  Connection& node = **connection;

  rilon::v1::DiffPolicyResponse diff;
  absl::Status status = node.Unary(
      "compare the two policies over its records",
      [&](grpc::ClientContext* call) { return node.stub().DiffPolicy(call, request, &diff); });
  if (!status.ok()) return status;
  Emit(context.out, context.json ? ToJson(diff) : FormatPolicyDiff(diff));
  return absl::OkStatus();
}

}  // namespace rilon::client
