// Running the `rilon` client binary as officers and scripts do: a settings file per identity,
// and a run of the built binary that captures its output and exit code.
#pragma once

#include <string>
#include <vector>

#include "tests/integration/harness/pki_fixture.h"
#include "tests/integration/harness/subprocess.h"

namespace rilon::testing {

// Writes <dir>/<name>.textproto naming the node's endpoint, the federation root and `who`'s
// certificate and key; returns its path.
std::string WriteClientConfig(const std::string& dir, const std::string& name,
                              const std::string& endpoint, const std::string& ca_file,
                              const Identity& who);

// Runs `rilon --config <config> <args...>` with `input` on standard input (60 s at most).
RunResult RunRilon(const std::string& config, const std::vector<std::string>& args,
                   const std::string& input = "");

}  // namespace rilon::testing
