#include "tests/integration/harness/paths.h"

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace rilon::testing {
namespace {

// The environment overrides the directories this build was configured with (for running a test
// binary against another build).
std::string FromEnv(const char* name, const char* configured) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : configured;
}

}  // namespace

std::string SourceDir() { return FromEnv("RILON_SOURCE_DIR", RILON_CONFIGURED_SOURCE_DIR); }
std::string BinaryDir() { return FromEnv("RILON_BINARY_DIR", RILON_CONFIGURED_BINARY_DIR); }
std::string RilondPath() { return BinaryDir() + "/rilond"; }
std::string RilonCliPath() { return BinaryDir() + "/rilon"; }

ScratchDir::ScratchDir(const std::string& prefix) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/" + prefix + "-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace rilon::testing
