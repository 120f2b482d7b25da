// `rilon policy check FILE`: the node's checks of a sharing policy file, offline, before the file
// is installed. Nothing is sent; no settings are needed.
#include "absl/strings/str_cat.h"
#include "client/commands/commands.h"
#include "client/policy_printer.h"
#include "node/policy/policy_file_loader.h"

namespace rilon::client {

absl::Status RunPolicyCheck(const CommandContext& context) {
  const std::string& path = context.args.positionals.at(0);
  absl::StatusOr<policy::PolicySpec> spec = policyfile::ReadPolicyFile(path);
  if (!spec.ok()) {
    // Unreadable or not a policy at all: an input error (exit 4) like any bad input file.
    return absl::InvalidArgumentError(spec.status().message());
  }
  const PolicyCheckResult result = CheckPolicySpec(*spec);
  Emit(context.out, context.json ? PolicyCheckJson(result) : FormatPolicyCheck(result));
  if (result.valid()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("sharing policy ", path, " has ", result.ErrorCount(),
                   result.ErrorCount() == 1 ? " error" : " errors",
                   "; fix each line listed, then run 'rilon policy check' again"));
}

}  // namespace rilon::client
