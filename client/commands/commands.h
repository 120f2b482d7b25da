// The subcommands of `rilon`. Each one turns parsed arguments into API calls and hands results
// to client/printer.h; none of them parses flags or formats output itself.
//
// Contract: a command returns OK after writing its result to `out`, or a status whose message
// says what happened and what to do (main.cc prints it and exits with ExitCodeOf(status)).
// Notices for people (retries, reconnects, next-page hints) go to `err`, never to `out`, so
// that --json output stays machine-readable.
#pragma once

#include <cstdio>
#include <string_view>

#include "absl/status/status.h"
#include "client/cli_args.h"
#include "client/client_settings.h"

namespace rilon::client {

struct CommandContext {
  const ParsedArgs& args;
  const ClientSettings& settings;
  bool json = false;
  std::FILE* out = stdout;
  std::FILE* err = stderr;
};

absl::Status RunReportSubmit(const CommandContext& context);
absl::Status RunReportGet(const CommandContext& context);
absl::Status RunReportCorrect(const CommandContext& context);
absl::Status RunReportRetract(const CommandContext& context);
absl::Status RunReportTemplate(const CommandContext& context);
absl::Status RunReportList(const CommandContext& context);
absl::Status RunFeedFollow(const CommandContext& context);
absl::Status RunNodeStatus(const CommandContext& context);
absl::Status RunNodePeers(const CommandContext& context);
absl::Status RunPolicyCheck(const CommandContext& context);
absl::Status RunPolicyExplain(const CommandContext& context);
absl::Status RunPolicyDiff(const CommandContext& context);
absl::Status RunAuditExport(const CommandContext& context);
absl::Status RunAuditVerify(const CommandContext& context);

// Writes `text` and flushes, so that a reader of a pipe sees each line as soon as it is ready.
void Emit(std::FILE* stream, std::string_view text);

}  // namespace rilon::client
