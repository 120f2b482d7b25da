// Test-only helpers for node/config tests: a temporary directory removed with everything in it,
// file writing, and a minimal valid configuration to vary.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace rilon::config::testing {

class ScopedTempDir {
 public:
  ScopedTempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "rilon-config-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
    EXPECT_FALSE(path_.empty()) << "mkdtemp failed";
  }
  ~ScopedTempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Join(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

// Every required key, with relative paths in the layout deploy/pki.sh creates.
// 13 lines. The raw-string delimiter is not "pb" so that clang-format leaves the text alone.
inline constexpr char kMinimalConfig[] = R"cfg(agency_id: "au.abf"
trust_domain: "rilon.example"
listen_address: "127.0.0.1:7443"
tls {
  ca_file: "pki/ca/ca.crt"
  cert_file: "pki/agencies/au.abf/node/node.crt"
  key_file: "pki/agencies/au.abf/node/node.key"
}
signing {
  cert_file: "pki/agencies/au.abf/signing/signing.crt"
  key_file: "pki/agencies/au.abf/signing/signing.key"
}
storage { data_dir: "data" }
)cfg";

}  // namespace rilon::config::testing
