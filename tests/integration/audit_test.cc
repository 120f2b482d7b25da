// The audit log end to end (docs/audit.md): a real rilond audits an accepted submission, a read
// and a refused submission; an admin exports the log with the CLI and the export verifies
// offline against the node's signing certificate; a tampered export fails naming the entry; an
// officer may not export; a clean shutdown signs the chain head.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "node/audit/export_format.h"
#include "tests/integration/harness/federation_cluster.h"
#include "tests/integration/harness/node_process.h"
#include "tests/integration/harness/subprocess.h"

namespace rilon::testing {
namespace {

using ::testing::HasSubstr;

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

void WriteLines(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream out(path);
  for (const std::string& line : lines) out << line << "\n";
}

std::vector<rilon::v1::AuditExportLine> Parse(const std::vector<std::string>& lines) {
  std::vector<rilon::v1::AuditExportLine> parsed;
  for (size_t i = 0; i < lines.size(); ++i) {
    absl::StatusOr<rilon::v1::AuditExportLine> line = audit::ParseExportLine(lines[i], i + 1);
    EXPECT_TRUE(line.ok()) << line.status();
    if (line.ok()) parsed.push_back(*std::move(line));
  }
  return parsed;
}

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    node_ = std::make_unique<NodeProcess>(pki_, "au.abf", work_.path() + "/node");
    node_->Start();
    officer_ = Config("officer", "jlee");
    analyst_ = Config("analyst", "asmith");
    admin_ = Config("admin", "ops");
  }

  std::string Config(const std::string& role, const std::string& name) {
    const Identity who = pki_.Person(role, "au.abf", name);
    const std::string path = work_.path() + "/" + role + ".textproto";
    std::ofstream(path) << "endpoint: \"" << node_->endpoint() << "\"\nca_file: \""
                        << pki_.ca_file() << "\"\ncert_file: \"" << who.cert_file
                        << "\"\nkey_file: \"" << who.key_file << "\"\n";
    return path;
  }
  std::string WriteInput(const std::string& name, const std::string& text) {
    const std::string path = work_.path() + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  RunResult Rilon(const std::string& config, std::vector<std::string> args) {
    std::vector<std::string> argv = {RilonCliPath()};
    if (!config.empty()) argv.insert(argv.end(), {"--config", config});
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv, "", {}, std::chrono::seconds(60));
  }
  RunResult Verify(const std::string& file) {
    return Rilon("", {"audit", "verify", file, "--signing-cert", pki_.Signing("au.abf").cert_file});
  }
  static std::string Report(const std::string& narrative) {
    return R"({"report": {"period": {"quarter": {"year": 2026, "quarter": 3}},
      "geography": {"countries": ["ID"]}, "theme": "PEOPLE_SMUGGLING", "mode": "SEA",
      "codebookVersion": "1", "confidence": "CONFIDENCE_MEDIUM",
      "measures": [{"indicator": "vessels_intercepted", "value": 3, "unit": "vessels"}],
      "narrative": ")" +
           narrative + R"("}, "marking": "TLP_GREEN", "audience": {"agencies": ["id.polri"]}})";
  }

  PkiFixture pki_;
  ScratchDir work_{"rilon-audit"};
  std::unique_ptr<NodeProcess> node_;
  std::string officer_, analyst_, admin_;
};

TEST_F(AuditTest, SubmitReadRefuseExportVerifyAndTamper) {
  RunResult submit =
      Rilon(officer_, {"report", "submit", WriteInput("ok.json", Report("Night departures."))});
  ASSERT_EQ(submit.exit_code, 0) << submit.err;
  const std::string id = submit.out.substr(submit.out.find("Accepted: ") + 10, 64);
  ASSERT_EQ(Rilon(analyst_, {"report", "get", id}).exit_code, 0);
  RunResult nominal = Rilon(
      officer_, {"report", "submit",
                 WriteInput("nominal.json", Report("The agent Rahim used +62 812-3456-7890."))});
  ASSERT_EQ(nominal.exit_code, 4) << nominal.err;
  RunResult unknown = Rilon(officer_, {"report", "retract", std::string(64, '0'), "--reason",
                                       "double counted with the Q2 report"});
  ASSERT_NE(unknown.exit_code, 0) << unknown.out;

  RunResult denied = Rilon(officer_, {"audit", "export"});
  EXPECT_EQ(denied.exit_code, 5) << denied.err;

  const std::string file = work_.path() + "/audit.ndjson";
  RunResult exported = Rilon(admin_, {"audit", "export", "--out", file});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_THAT(exported.out, HasSubstr("exported 4 entries (seq 1..4)"));

  const std::vector<std::string> lines = ReadLines(file);
  const std::vector<rilon::v1::AuditExportLine> parsed = Parse(lines);
  ASSERT_EQ(parsed.size(), 5u);  // certificate, then the four entries
  ASSERT_TRUE(parsed[0].has_signing_certificate());
  const rilon::v1::AuditEntry& accept = parsed[1].entry().entry();
  EXPECT_EQ(accept.action(), rilon::v1::AUDIT_ACTION_ACCEPT);
  EXPECT_EQ(accept.party(), "spiffe://rilon.test/agency/au.abf/officer/jlee");
  const rilon::v1::AuditEntry& read = parsed[2].entry().entry();
  EXPECT_EQ(read.action(), rilon::v1::AUDIT_ACTION_READ);
  EXPECT_EQ(read.party(), "spiffe://rilon.test/agency/au.abf/analyst/asmith");
  EXPECT_EQ(read.channel(), "NodeApi.GetRecord");
  EXPECT_EQ(read.record_ids(0), accept.record_ids(0));
  const rilon::v1::AuditEntry& refused = parsed[3].entry().entry();
  EXPECT_EQ(refused.action(), rilon::v1::AUDIT_ACTION_REFUSE);
  EXPECT_EQ(refused.reason_code(), "INVALID_ARGUMENT");
  EXPECT_EQ(refused.channel(), "NodeApi.SubmitReport");
  EXPECT_THAT(lines[3], ::testing::Not(HasSubstr("Rahim")));
  const rilon::v1::AuditEntry& refused_retraction = parsed[4].entry().entry();
  EXPECT_EQ(refused_retraction.action(), rilon::v1::AUDIT_ACTION_REFUSE);
  EXPECT_EQ(refused_retraction.channel(), "NodeApi.RetractReport");
  EXPECT_EQ(refused_retraction.reason_code(), "NOT_FOUND");
  EXPECT_EQ(refused_retraction.party(), "spiffe://rilon.test/agency/au.abf/officer/jlee");

  RunResult ok = Verify(file);
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_THAT(ok.out, HasSubstr("OK: 4 entries, seq 1..4"));

  // Tampering: the analyst's read attributed to someone else, then a deleted entry.
  std::vector<std::string> changed = lines;
  const size_t at = changed[2].find("asmith");
  ASSERT_NE(at, std::string::npos);
  changed[2].replace(at, 6, "nobody");
  WriteLines(work_.path() + "/changed.ndjson", changed);
  RunResult bad = Verify(work_.path() + "/changed.ndjson");
  EXPECT_EQ(bad.exit_code, 4) << bad.out;
  EXPECT_THAT(bad.err, HasSubstr("line 3 (seq 2): changed"));

  std::vector<std::string> deleted = lines;
  deleted.erase(deleted.begin() + 2);
  WriteLines(work_.path() + "/deleted.ndjson", deleted);
  RunResult gap = Verify(work_.path() + "/deleted.ndjson");
  EXPECT_EQ(gap.exit_code, 4) << gap.out;
  EXPECT_THAT(gap.err, HasSubstr("line 3 (seq 3): deleted"));
}

TEST_F(AuditTest, ACleanShutdownSignsTheHeadAndTheExportCarriesIt) {
  ASSERT_EQ(
      Rilon(officer_, {"report", "submit", WriteInput("ok.json", Report("Night departures."))})
          .exit_code,
      0);
  ASSERT_EQ(node_->Stop(), 0);
  node_->Start();
  const std::string file = work_.path() + "/audit.ndjson";
  RunResult exported = Rilon(admin_, {"audit", "export", "--out", file});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_THAT(exported.out, HasSubstr("1 signed heads"));
  RunResult ok = Verify(file);
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_THAT(ok.out, HasSubstr("1 signed heads verified"));

  // A head signed by another key (the analyst's certificate is not the signing certificate).
  RunResult wrong = Rilon("", {"audit", "verify", file, "--signing-cert",
                               pki_.Person("analyst", "au.abf", "other").cert_file});
  EXPECT_EQ(wrong.exit_code, 4) << wrong.out;
  EXPECT_THAT(wrong.err, HasSubstr("bad head signature"));
}

// Two nodes: the origin's log has the SEND to the peer, the peer's the ACCEPT from the origin,
// both naming the same record.
TEST(AuditFederationTest, SendOnOneSideAndAcceptFromThePeerOnTheOther) {
  PkiFixture pki;
  ScratchDir work("rilon-audit-fed");
  FederationCluster cluster(pki, work.path(), {"au.abf", "id.polri"});
  cluster.Start();
  const rilon::v1::Record record = cluster.Submit("au.abf", {"id.polri"}, "audit-fed-1");
  std::string id_bytes;
  for (size_t i = 0; i + 1 < record.id().size(); i += 2) {
    id_bytes.push_back(static_cast<char>(std::stoi(record.id().substr(i, 2), nullptr, 16)));
  }

  // Exports `agency`'s log until it has an entry of `action` for the record (bounded wait: the
  // peer pulls, then the SEND entry is written within one group commit).
  auto find = [&](const std::string& agency, rilon::v1::AuditAction action) {
    const Identity admin = pki.Person("admin", agency, "ops");
    const std::string config = work.path() + "/" + agency + "-admin.textproto";
    std::ofstream(config) << "endpoint: \"" << cluster.node(agency).endpoint() << "\"\nca_file: \""
                          << pki.ca_file() << "\"\ncert_file: \"" << admin.cert_file
                          << "\"\nkey_file: \"" << admin.key_file << "\"\n";
    const std::string file = work.path() + "/" + agency + ".ndjson";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      RunResult exported =
          RunCommand({RilonCliPath(), "--config", config, "audit", "export", "--out", file}, "", {},
                     std::chrono::seconds(60));
      EXPECT_EQ(exported.exit_code, 0) << exported.err;
      for (const rilon::v1::AuditExportLine& line : Parse(ReadLines(file))) {
        if (!line.has_entry() || line.entry().entry().action() != action) continue;
        for (const std::string& id : line.entry().entry().record_ids()) {
          if (id == id_bytes) return line.entry().entry();
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "no " << rilon::v1::AuditAction_Name(action) << " entry for record "
                  << record.id() << " on " << agency;
    return rilon::v1::AuditEntry();
  };
  const rilon::v1::AuditEntry accepted = find("id.polri", rilon::v1::AUDIT_ACTION_ACCEPT);
  EXPECT_EQ(accepted.party(), "au.abf");
  EXPECT_EQ(accepted.party_role(), "node");
  EXPECT_EQ(accepted.origin_agency(), "au.abf");
  const rilon::v1::AuditEntry sent = find("au.abf", rilon::v1::AUDIT_ACTION_SEND);
  EXPECT_EQ(sent.party(), "id.polri");
  EXPECT_EQ(sent.channel(), "Federation.Replicate");
}

}  // namespace
}  // namespace rilon::testing
