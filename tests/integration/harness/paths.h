// Where the tests find the built binaries and the source tree (the directories the build was
// configured with, unless RILON_BINARY_DIR / RILON_SOURCE_DIR say otherwise), and scratch
// directories they clean up.
#pragma once

#include <string>

namespace rilon::testing {

std::string SourceDir();
std::string BinaryDir();
std::string RilondPath();
std::string RilonCliPath();

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix = "rilon-test");
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace rilon::testing
