// rilond's start-up refusals: each mistake an operator can make stops the daemon with a message
// naming the key or file and a documented exit code (docs/operations.md).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/integration/harness/node_process.h"
#include "tests/integration/harness/subprocess.h"

namespace rilon::testing {
namespace {

using ::testing::HasSubstr;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

class StartupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    node_ = std::make_unique<NodeProcess>(pki_, "au.abf", work_.path() + "/a");
    node_->Start();
  }
  // Runs a second rilond with `config_text` and returns its result.
  RunResult RunWith(const std::string& config_text) {
    const std::string path = work_.path() + "/second.textproto";
    WriteFile(path, config_text);
    return RunCommand({RilondPath(), "--config", path}, "", {}, std::chrono::seconds(60));
  }
  std::string BaseConfig() { return ReadFile(node_->config_path()); }
  std::string FreshDataDir(const std::string& config) {
    return Replace(config, node_->data_dir(), work_.path() + "/b-data");
  }

  PkiFixture pki_;
  ScratchDir work_{"rilon-startup"};
  std::unique_ptr<NodeProcess> node_;
};

TEST_F(StartupTest, CheckConfigAcceptsAGoodConfiguration) {
  RunResult r = RunCommand({RilondPath(), "--check-config", node_->config_path()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("configuration OK"));
}

TEST_F(StartupTest, UnknownKeyIsRefusedWithItsLine) {
  RunResult r = RunWith(FreshDataDir(BaseConfig()) + "\nlisten_adress: \"127.0.0.1:0\"\n");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr("listen_adress"));
  EXPECT_THAT(r.err, HasSubstr(":"));
}

// The codebook and the screening patterns are loaded before anything is served, by
// --check-config too; a broken one stops the node with the file and the line.
TEST_F(StartupTest, MissingOrBrokenReportingFilesAreRefused) {
  const std::string missing = FreshDataDir(BaseConfig()) + "\nreporting { codebook_dir: \"" +
                              work_.path() + "/nowhere\" }\n";
  const std::string path = work_.path() + "/missing.textproto";
  WriteFile(path, missing);
  RunResult check = RunCommand({RilondPath(), "--check-config", path});
  EXPECT_EQ(check.exit_code, 3) << check.err;
  EXPECT_THAT(check.err, HasSubstr("reporting.codebook_dir"));
  EXPECT_THAT(check.err, HasSubstr("/nowhere"));
  RunResult run = RunWith(missing);
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_THAT(run.err, HasSubstr("reporting.codebook_dir"));

  const std::string patterns = work_.path() + "/site.textproto";
  WriteFile(patterns, "patterns { id: \"site.x\" kind: \"x\" pattern: \"(unclosed\" }\n");
  RunResult broken = RunWith(FreshDataDir(BaseConfig()) +
                             "\nreporting { screening_pattern_files: [\"" + patterns + "\"] }\n");
  EXPECT_EQ(broken.exit_code, 3) << broken.err;
  EXPECT_THAT(broken.err, HasSubstr("site.textproto:1"));
}

TEST_F(StartupTest, PortInUseIsRefused) {
  // The running node was configured with port 0; point the second one at its real port.
  std::string config = FreshDataDir(BaseConfig());
  ASSERT_NE(config.find("127.0.0.1:0\""), std::string::npos);
  config = Replace(config, "127.0.0.1:0\"", "127.0.0.1:" + std::to_string(node_->port()) + "\"");
  RunResult r = RunWith(config);
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_THAT(r.err, HasSubstr("in use"));
}

TEST_F(StartupTest, DataDirectoryHeldByAnotherRilondIsRefused) {
  std::string config = BaseConfig();
  RunResult r = RunWith(config);
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_THAT(r.err, HasSubstr("in use by another rilond"));
}

TEST_F(StartupTest, WorldReadableKeyIsRefused) {
  const std::string key = pki_.dir() + "/agencies/au.abf/signing/signing.key";
  ASSERT_EQ(chmod(key.c_str(), 0644), 0);
  std::string config = FreshDataDir(BaseConfig());
  RunResult r = RunWith(config);
  chmod(key.c_str(), 0600);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr("signing.key"));
  EXPECT_THAT(r.err, HasSubstr("chmod"));
}

TEST_F(StartupTest, CertificateOfAnotherAgencyIsRefused) {
  pki_.Node("id.polri");
  std::string config = FreshDataDir(BaseConfig());
  config = Replace(config, "/au.abf/node/node.crt", "/id.polri/node/node.crt");
  config = Replace(config, "/au.abf/node/node.key", "/id.polri/node/node.key");
  RunResult r = RunWith(config);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr("id.polri"));
}

TEST_F(StartupTest, SigtermStopsCleanlyAndDataSurvives) {
  EXPECT_EQ(node_->Stop(), 0);
  EXPECT_THAT(node_->ReadLog(), HasSubstr("stopped"));
  node_->Start();  // the lock was released and the store reopens
  EXPECT_GT(node_->port(), 0);
}

}  // namespace
}  // namespace rilon::testing
