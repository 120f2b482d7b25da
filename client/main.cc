// `rilon`, the thin client of a RILON node: parses the command line, resolves the connection
// settings, and dispatches to one subcommand (client/commands/). Exit codes: client/exit_codes.h.
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "client/cli_args.h"
#include "client/client_settings.h"
#include "client/command_specs.h"
#include "client/commands/commands.h"
#include "client/commands/help.h"
#include "client/exit_codes.h"
#include "client/printer.h"
#include "node/security/openssl_lifetime.h"

namespace rilon::client {
namespace {

using Runner = absl::Status (*)(const CommandContext&);

const std::map<std::string, Runner>& Runners() {
  static const auto* const kRunners = new std::map<std::string, Runner>{
      {"report submit", &RunReportSubmit},     {"report get", &RunReportGet},
      {"report correct", &RunReportCorrect},   {"report retract", &RunReportRetract},
      {"report template", &RunReportTemplate}, {"report list", &RunReportList},
      {"feed follow", &RunFeedFollow},         {"node status", &RunNodeStatus},
      {"node peers", &RunNodePeers},           {"policy check", &RunPolicyCheck},
      {"policy explain", &RunPolicyExplain},   {"policy diff", &RunPolicyDiff},
      {"audit export", &RunAuditExport},       {"audit verify", &RunAuditVerify},
  };
  return *kRunners;
}

// `report template`, `policy check`, `audit verify` and `--check` work offline, without
// connection settings.
bool TalksToTheNode(const ParsedArgs& args) {
  const std::string command = absl::StrJoin(args.command->path, " ");
  return command != "report template" && command != "policy check" && command != "audit verify" &&
         !args.Has("check");
}

SettingsFlags SettingsFlagsFrom(const ParsedArgs& args) {
  return {.config = args.Get("config"),
          .endpoint = args.Get("endpoint"),
          .ca = args.Get("ca"),
          .cert = args.Get("cert"),
          .key = args.Get("key"),
          .timeout = args.Get("timeout")};
}

int Fail(const absl::Status& status, bool json) {
  Emit(stderr, FormatError(status, json));
  return ToInt(ExitCodeOf(status));
}

int Main(const std::vector<std::string>& args) {
  absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, GlobalFlags(), Commands());
  if (!parsed.ok()) {
    // The line did not parse, but a script that asked for JSON still gets its error as JSON.
    return Fail(parsed.status(), std::find(args.begin(), args.end(), "--json") != args.end());
  }
  if (std::optional<int> handled = HandleHelpOrVersion(*parsed, stdout, stderr)) return *handled;
  const bool json = parsed->Has("json");

  auto runner = Runners().find(absl::StrJoin(parsed->command->path, " "));
  if (runner == Runners().end()) {
    return Fail(absl::InternalError("command without an implementation"), json);
  }
  absl::StatusOr<ClientSettings> settings =
      ResolveSettings(SettingsFlagsFrom(*parsed), ProcessEnvironment());
  if (!settings.ok() && TalksToTheNode(*parsed)) return Fail(settings.status(), json);
  if (!settings.ok()) settings = ClientSettings{};
  absl::Status status = runner->second(CommandContext{*parsed, *settings, json, stdout, stderr});
  return status.ok() ? ToInt(ExitCode::kOk) : Fail(status, json);
}

}  // namespace
}  // namespace rilon::client

int main(int argc, char** argv) {
  rilon::security::KeepOpenSslUntilProcessExit();
  return rilon::client::Main(std::vector<std::string>(argv + 1, argv + argc));
}
