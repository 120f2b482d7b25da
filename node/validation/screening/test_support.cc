#include "node/validation/screening/test_support.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace rilon::validation::screening::testing {

std::string SourcePath(std::string_view relative) {
  const char* from_env = std::getenv("RILON_SOURCE_DIR");
  const std::string root = from_env != nullptr ? from_env : RILON_SOURCE_DIR_DEFAULT;
  return (std::filesystem::path(root) / relative).string();
}

std::string ShippedPatternsPath() {
  return SourcePath("deploy/screening/nominal_patterns.textproto");
}

std::vector<std::string> CorpusTexts(std::string_view label) {
  std::vector<std::filesystem::path> files;
  for (const auto& item : std::filesystem::directory_iterator(SourcePath("tests/corpus"))) {
    if (item.path().extension() == ".jsonl") files.push_back(item.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> texts;
  for (const auto& file : files) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      google::protobuf::Struct record;
      if (!google::protobuf::util::JsonStringToMessage(line, &record).ok()) continue;
      if (record.fields().at("label").string_value() == label) {
        texts.push_back(record.fields().at("text").string_value());
      }
    }
  }
  return texts;
}

const Screener& ShippedScreener() {
  static const Screener* const screener = [] {
    absl::StatusOr<std::unique_ptr<Screener>> loaded = Screener::FromFiles({ShippedPatternsPath()});
    if (!loaded.ok()) {
      std::cerr << "cannot load the shipped screening patterns: " << loaded.status() << "\n";
      std::abort();
    }
    return loaded->release();
  }();
  return *screener;
}

ScratchDir::ScratchDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = (std::filesystem::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") /
                       "rilon-screening-XXXXXX")
                          .string();
  if (mkdtemp(templ.data()) == nullptr) {
    std::cerr << "mkdtemp failed for " << templ << "\n";
    std::abort();
  }
  path_ = templ;
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string ScratchDir::WriteFile(std::string_view name, std::string_view content) const {
  const std::string full = (std::filesystem::path(path_) / name).string();
  std::ofstream out(full, std::ios::binary | std::ios::trunc);
  out << content;
  return full;
}

}  // namespace rilon::validation::screening::testing
