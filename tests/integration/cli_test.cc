// The `rilon` thin client end to end against a real rilond: what officers and scripts see —
// output, --json, exit codes (docs/client.md) and errors that say what to do.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/integration/harness/node_process.h"
#include "tests/integration/harness/subprocess.h"

namespace rilon::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

int CountLines(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_ = new PkiFixture();
    work_ = new ScratchDir("rilon-cli");
    node_ = new NodeProcess(*pki_, "au.abf", work_->path() + "/node");
    node_->Start();
    officer_config_ = ClientConfig("officer", "jlee", pki_->Person("officer", "au.abf", "jlee"));
    analyst_config_ =
        ClientConfig("analyst", "asmith", pki_->Person("analyst", "au.abf", "asmith"));
  }
  static void TearDownTestSuite() {
    delete node_;
    delete work_;
    delete pki_;
  }
  static std::string ClientConfig(const std::string& role, const std::string& name,
                                  const Identity& who, const std::string& endpoint = "") {
    const std::string path = work_->path() + "/" + role + "-" + name + ".textproto";
    std::ofstream(path) << "endpoint: \"" << (endpoint.empty() ? node_->endpoint() : endpoint)
                        << "\"\nca_file: \"" << pki_->ca_file() << "\"\ncert_file: \""
                        << who.cert_file << "\"\nkey_file: \"" << who.key_file << "\"\n";
    return path;
  }
  static std::string WriteInput(const std::string& name, const std::string& text) {
    const std::string path = work_->path() + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  static RunResult Rilon(const std::string& config, std::vector<std::string> args) {
    std::vector<std::string> argv = {RilonCliPath(), "--config", config};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv, "", {}, std::chrono::seconds(60));
  }
  static std::string SampleJson(const std::string& extra_measure = "") {
    return R"({"report": {"period": {"quarter": {"year": 2026, "quarter": 3}},
      "geography": {"countries": ["ID"]}, "theme": "PEOPLE_SMUGGLING", "mode": "SEA",
      "codebookVersion": "1", "confidence": "CONFIDENCE_MEDIUM",
      "measures": [{"indicator": "vessels_intercepted", "value": 3, "unit": "vessels"})" +
           extra_measure + R"(], "narrative": "Night departures."},
      "marking": "TLP_GREEN", "audience": {"agencies": ["id.polri"]}})";
  }

  static PkiFixture* pki_;
  static ScratchDir* work_;
  static NodeProcess* node_;
  static std::string officer_config_, analyst_config_;
};
PkiFixture* CliTest::pki_ = nullptr;
ScratchDir* CliTest::work_ = nullptr;
NodeProcess* CliTest::node_ = nullptr;
std::string CliTest::officer_config_, CliTest::analyst_config_;

TEST_F(CliTest, SubmitGetListFollowAndStatus) {
  RunResult submit =
      Rilon(officer_config_, {"report", "submit", WriteInput("ok.json", SampleJson())});
  ASSERT_EQ(submit.exit_code, 0) << submit.err;
  EXPECT_THAT(submit.out, HasSubstr("Accepted: "));
  const std::string id = submit.out.substr(submit.out.find("Accepted: ") + 10, 64);

  RunResult get = Rilon(analyst_config_, {"--json", "report", "get", id});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_THAT(get.out, HasSubstr("\"id\": \"" + id + "\""));

  RunResult list = Rilon(analyst_config_, {"--json", "report", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_GE(CountLines(list.out), 1);
  EXPECT_THAT(list.out, HasSubstr(id));

  ASSERT_EQ(
      Rilon(officer_config_, {"report", "submit", WriteInput("ok2.json", SampleJson())}).exit_code,
      0);
  RunResult follow =
      Rilon(analyst_config_, {"--json", "feed", "follow", "--from", "0", "--limit", "2"});
  ASSERT_EQ(follow.exit_code, 0) << follow.err;
  EXPECT_EQ(CountLines(follow.out), 2) << follow.out;
  EXPECT_THAT(follow.out, HasSubstr(id));
  EXPECT_THAT(follow.out, Not(HasSubstr("\"signed\"")));
  RunResult follow_signed = Rilon(
      analyst_config_, {"--json", "feed", "follow", "--from", "0", "--limit", "2", "--signed"});
  ASSERT_EQ(follow_signed.exit_code, 0) << follow_signed.err;
  EXPECT_EQ(CountLines(follow_signed.out), 2) << follow_signed.out;
  EXPECT_THAT(follow_signed.out, HasSubstr("\"signed\""));

  RunResult status = Rilon(analyst_config_, {"node", "status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_THAT(status.out, HasSubstr("au.abf"));
}

TEST_F(CliTest, MalformedInputFileNamesTheField) {
  RunResult wrong_type = Rilon(
      officer_config_,
      {"report", "submit",
       WriteInput("type.json",
                  SampleJson(R"(, {"indicator": "x", "value": "three", "unit": "persons"})"))});
  EXPECT_EQ(wrong_type.exit_code, 4);
  EXPECT_THAT(wrong_type.err, HasSubstr("value"));
  EXPECT_THAT(wrong_type.err, HasSubstr("type.json"));

  RunResult unknown =
      Rilon(officer_config_,
            {"report", "submit",
             WriteInput("unknown.json",
                        R"({"report": {"theme": "PEOPLE_SMUGGLING", "colour": "red"}})")});
  EXPECT_EQ(unknown.exit_code, 4);
  EXPECT_THAT(unknown.err, HasSubstr("colour"));

  RunResult refused = Rilon(
      officer_config_,
      {"report", "submit",
       WriteInput(
           "negative.json",
           SampleJson(R"(, {"indicator": "persons_detected", "value": -5, "unit": "persons"})"))});
  EXPECT_EQ(refused.exit_code, 4);
  EXPECT_THAT(refused.err, HasSubstr("report.measures[1].value"));

  RunResult missing = Rilon(officer_config_, {"report", "submit", work_->path() + "/nope.json"});
  EXPECT_EQ(missing.exit_code, 4) << missing.err;
  EXPECT_THAT(missing.err, HasSubstr("nope.json"));
}

TEST_F(CliTest, AnalystCannotSubmit) {
  RunResult r = Rilon(analyst_config_, {"report", "submit", WriteInput("a.json", SampleJson())});
  EXPECT_EQ(r.exit_code, 5) << r.err;
}

TEST_F(CliTest, ExpiredCertificateNamesTheFileAndTheDate) {
  Identity expired = pki_->Person("officer", "au.abf", "old", "20240101000000Z", "20250101000000Z");
  RunResult r = Rilon(ClientConfig("officer", "old", expired), {"node", "status"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr(expired.cert_file));
  EXPECT_THAT(r.err, HasSubstr("2025-01-01"));
}

TEST_F(CliTest, UnreachableNodeIsUnavailable) {
  // Port 1 on loopback is privileged and never served on these machines.
  RunResult r = Rilon(
      ClientConfig("officer", "jlee2", pki_->Person("officer", "au.abf", "jlee2"), "127.0.0.1:1"),
      {"--timeout", "2s", "node", "status"});
  EXPECT_EQ(r.exit_code, 7) << r.err;
  EXPECT_THAT(r.err, HasSubstr("127.0.0.1:1"));
}

TEST_F(CliTest, UsageErrors) {
  RunResult r = Rilon(officer_config_, {"report", "frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  RunResult missing = Rilon(officer_config_, {"report", "get"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.out + missing.err, Not(HasSubstr("Segmentation")));
}

}  // namespace
}  // namespace rilon::testing
