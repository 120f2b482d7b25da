// Test-only helpers for the screening tests and benchmark: where the shipped pattern file and
// the corpus are, a scratch directory for pattern files written by a test, and a Screener over
// the shipped patterns shared by the tests of one binary.
//
// Contract: paths come from RILON_SOURCE_DIR (set by ctest) or, when a binary is run by hand,
// from the source directory compiled in. ScratchDir creates a mkdtemp directory under
// $TMPDIR (or /tmp) and removes it with everything in it when destroyed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "node/validation/screening/screener.h"

namespace rilon::validation::screening::testing {

// An absolute path below the source tree, e.g. SourcePath("tests/corpus").
std::string SourcePath(std::string_view relative);

// deploy/screening/nominal_patterns.textproto.
std::string ShippedPatternsPath();

// The texts of the labelled corpus (tests/corpus/*.jsonl, in file order) with the given label,
// "clean" or "nominal"; the benchmarks build their narratives from them.
std::vector<std::string> CorpusTexts(std::string_view label);

// The Screener over the shipped patterns, built once; aborts the test binary with the loader's
// message if the file does not load (shipped_patterns_test says why in a readable way).
const Screener& ShippedScreener();

class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }
  // Writes `content` to path()/name and returns the full path.
  std::string WriteFile(std::string_view name, std::string_view content) const;

 private:
  std::string path_;
};

}  // namespace rilon::validation::screening::testing
