#include "tests/integration/harness/paths.h"

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace rilon::testing {
namespace {

std::string FromEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    // Tests run under CTest, which sets these; running a test binary by hand needs them too.
    throw std::runtime_error(std::string(name) + " is not set; run the tests with ctest");
  }
  return value;
}

}  // namespace

std::string SourceDir() { return FromEnv("RILON_SOURCE_DIR"); }
std::string BinaryDir() { return FromEnv("RILON_BINARY_DIR"); }
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
