#include "tests/integration/harness/cli_runner.h"

#include <fstream>

#include "tests/integration/harness/paths.h"

namespace rilon::testing {

std::string WriteClientConfig(const std::string& dir, const std::string& name,
                              const std::string& endpoint, const std::string& ca_file,
                              const Identity& who) {
  const std::string path = dir + "/" + name + ".textproto";
  std::ofstream(path) << "endpoint: \"" << endpoint << "\"\nca_file: \"" << ca_file
                      << "\"\ncert_file: \"" << who.cert_file << "\"\nkey_file: \"" << who.key_file
                      << "\"\n";
  return path;
}

RunResult RunRilon(const std::string& config, const std::vector<std::string>& args,
                   const std::string& input) {
  std::vector<std::string> argv = {RilonCliPath(), "--config", config};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, input, {}, std::chrono::seconds(60));
}

}  // namespace rilon::testing
