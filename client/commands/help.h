// `rilon help`, `--help` on every command, `rilon version`/`--version`, and what a bare
// `rilon` or a command group without its subcommand ("rilon report") does.
#pragma once

#include <cstdio>
#include <optional>

#include "client/cli_args.h"

namespace rilon::client {

// "rilon 0.1.0".
const char* ClientVersion();

// Handles help and version requests and incomplete command lines. Returns the exit code when it
// handled the invocation (help text on `out`; usage errors on `err`), nullopt when a real command
// should run.
std::optional<int> HandleHelpOrVersion(const ParsedArgs& args, std::FILE* out, std::FILE* err);

}  // namespace rilon::client
