#include "client/commands/help.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/command_specs.h"
#include "client/commands/commands.h"
#include "client/exit_codes.h"
#include "client/printer.h"

#ifndef RILON_CLIENT_VERSION
#error "RILON_CLIENT_VERSION must be defined by the build (client/CMakeLists.txt)"
#endif

namespace rilon::client {
namespace {

const CommandSpec* FindCommand(const std::vector<std::string>& path) {
  for (const CommandSpec& c : Commands()) {
    if (c.path == path) return &c;
  }
  return nullptr;
}

bool IsGroup(const std::vector<std::string>& words) {
  return std::any_of(Commands().begin(), Commands().end(), [&](const CommandSpec& c) {
    return c.path.size() > words.size() && std::equal(words.begin(), words.end(), c.path.begin());
  });
}

// Help for `words`: a command, a group, or everything.
int ShowHelp(const std::vector<std::string>& words, std::FILE* out, std::FILE* err) {
  if (const CommandSpec* command = FindCommand(words)) {
    Emit(out, FormatCommandHelp(*command, GlobalFlags()));
    return ToInt(ExitCode::kOk);
  }
  if (words.empty() || IsGroup(words)) {
    Emit(out, FormatCommandList(words, Commands(), GlobalFlags()));
    return ToInt(ExitCode::kOk);
  }
  Emit(err, FormatError(UsageError(absl::StrCat("no command 'rilon ", absl::StrJoin(words, " "),
                                                "': run 'rilon help' for the list")),
                        /*json=*/false));
  return ToInt(ExitCode::kUsage);
}

}  // namespace

const char* ClientVersion() { return "rilon " RILON_CLIENT_VERSION; }

std::optional<int> HandleHelpOrVersion(const ParsedArgs& args, std::FILE* out, std::FILE* err) {
  const bool is_help_command =
      args.command != nullptr && args.command->path.size() == 1 && args.command->path[0] == "help";
  const bool is_version_command = args.command != nullptr && args.command->path.size() == 1 &&
                                  args.command->path[0] == "version";
  if (is_help_command) return ShowHelp(args.positionals, out, err);
  if (args.Has("help")) return ShowHelp(args.words, out, err);
  if (is_version_command || args.Has("version")) {
    Emit(out, absl::StrCat(ClientVersion(), "\n"));
    return ToInt(ExitCode::kOk);
  }
  if (args.command != nullptr) return std::nullopt;
  if (args.words.empty()) {
    // A bare `rilon`: show what there is, but as a usage error so scripts notice.
    Emit(err, FormatCommandList({}, Commands(), GlobalFlags()));
    return ToInt(ExitCode::kUsage);
  }
  const std::string group = absl::StrJoin(args.words, " ");
  const std::string choices = absl::StrJoin(NextCommandWords(args.words, Commands()), ", ");
  Emit(err, FormatError(UsageError(absl::StrCat("'rilon ", group, "' needs a subcommand (", choices,
                                                "): see 'rilon help ", group, "'")),
                        args.Has("json")));
  return ToInt(ExitCode::kUsage);
}

}  // namespace rilon::client
