// The commands and flags of `rilon`, with their help texts: the single table that the parser
// (client/cli_args.h), `rilon help` and main.cc's dispatch all read.
#pragma once

#include <vector>

#include "client/cli_args.h"

namespace rilon::client {

// Flags accepted anywhere on the command line.
const std::vector<FlagSpec>& GlobalFlags();

// Every command, in the order `rilon help` lists them.
const std::vector<CommandSpec>& Commands();

}  // namespace rilon::client
