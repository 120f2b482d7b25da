// Operating the sharing policy of a real rilond: reload on file change and on SIGHUP without
// dropping a feed, an invalid file that keeps the old policy and is reported, ExplainPolicy
// naming the deciding rule, DiffPolicy listing exactly the records that change, who may call
// them, and the `rilon policy` commands against the node.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <thread>

#include "tests/integration/harness/api_client.h"
#include "tests/integration/harness/cli_runner.h"
#include "tests/integration/harness/node_process.h"
#include "tests/integration/harness/paths.h"

namespace rilon::testing {
namespace {

using ::testing::HasSubstr;

// it.1: GREEN goes to id.polri; every reader reads. it.2 also sends GREEN to th.rtp.
std::string PolicyText(const std::string& version, bool to_thailand) {
  std::string text = "version: \"" + version + R"("
agencies: ["id.polri", "th.rtp"]
rule {
  id: "green-to-polri"
  description: "Polri receives GREEN reports"
  effect: ALLOW
  directions: [EGRESS]
  record { markings: [TLP_GREEN] }
  party { agencies: ["id.polri"] }
}
rule {
  id: "readers"
  effect: ALLOW
  directions: [READ]
}
)";
  if (to_thailand) {
    text += R"(rule {
  id: "green-to-thailand"
  effect: ALLOW
  directions: [EGRESS]
  record { markings: [TLP_GREEN] }
  party { agencies: ["th.rtp"] }
  form { withhold_fields: ["narrative"] }
}
)";
  }
  return text;
}

// An unknown agency in the rule that starts on line 3.
constexpr char kInvalidPolicy[] = R"(version: "broken.1"
agencies: ["id.polri"]
rule {
  id: "send"
  effect: ALLOW
  party { agencies: ["th.rpt"] }
}
)";

class PolicyOpsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    RestrictToTls13ForTests();
    pki_ = new PkiFixture();
    work_ = new ScratchDir("rilon-policy-ops");
    policy_path_ = work_->path() + "/policy.textproto";
    WritePolicy(PolicyText("it.1", false));
    node_ = new NodeProcess(*pki_, "au.abf", work_->path() + "/node");
    // Two peers that never answer: the dry run decides for every configured peer.
    node_->set_extra_config("policy { file: \"" + policy_path_ +
                            "\" }\n"
                            "federation {\n"
                            "  peers { agency_id: \"id.polri\" address: \"127.0.0.1:1\" }\n"
                            "  peers { agency_id: \"th.rtp\" address: \"127.0.0.1:1\" }\n"
                            "}\n");
    node_->Start();
    officer_ = new Identity(pki_->Person("officer", "au.abf", "jlee"));
    analyst_ = new Identity(pki_->Person("analyst", "au.abf", "asmith"));
    admin_ = new Identity(pki_->Person("admin", "au.abf", "ops"));
  }
  static void TearDownTestSuite() {
    delete node_;
    delete officer_;
    delete analyst_;
    delete admin_;
    delete work_;
    delete pki_;
  }
  void TearDown() override {
    // Every test starts from it.1 in force.
    WritePolicy(PolicyText("it.1", false));
    ::kill(node_->pid(), SIGHUP);
    WaitForStatus("it.1 back in force", [](const rilon::v1::PolicyStatus& p) {
      return p.version() == "it.1" && p.last_reload_ok();
    });
  }

  // Replaces the file as config management does: a new file renamed over the old one.
  static void WritePolicy(const std::string& text) {
    const std::string tmp = policy_path_ + ".tmp";
    std::ofstream(tmp, std::ios::trunc) << text;
    std::filesystem::rename(tmp, policy_path_);
  }
  static ApiClient Client(const Identity& who) {
    return ApiClient(node_->endpoint(), pki_->ca_file(), who, node_->node_id());
  }
  static grpc::Status Explain(const Identity& who, const rilon::v1::ExplainPolicyRequest& request,
                              rilon::v1::PolicyExplanation* explanation) {
    return Client(who).stub().ExplainPolicy(ApiClient::Context().get(), request, explanation);
  }
  // ExplainPolicy of `record_id` for egress to `agency`.
  static grpc::Status ExplainTo(const Identity& who, const std::string& record_id,
                                const std::string& agency,
                                rilon::v1::PolicyExplanation* explanation) {
    rilon::v1::ExplainPolicyRequest request;
    request.set_record_id(record_id);
    request.set_agency(agency);
    return Explain(who, request, explanation);
  }
  static rilon::v1::NodeStatus Status() {
    rilon::v1::NodeStatus status;
    grpc::Status s = Client(*admin_).stub().GetNodeStatus(
        ApiClient::Context().get(), rilon::v1::GetNodeStatusRequest(), &status);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return status;
  }
  // Polls the node's status until `done` holds (bounded; never an assertion on timing).
  static rilon::v1::PolicyStatus WaitForStatus(
      const std::string& what, const std::function<bool(const rilon::v1::PolicyStatus&)>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    rilon::v1::PolicyStatus policy;
    while (std::chrono::steady_clock::now() < deadline) {
      policy = Status().policy();
      if (done(policy)) return policy;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "timed out waiting for: " << what << "; last status:\n"
                  << policy.DebugString();
    return policy;
  }
  static rilon::v1::Record Submit(const std::string& tag, rilon::v1::Marking marking,
                                  const std::vector<std::string>& audience) {
    rilon::v1::SubmitReportRequest request = SampleReport(tag);
    request.set_marking(marking);
    request.mutable_audience()->clear_agencies();
    for (const std::string& a : audience) request.mutable_audience()->add_agencies(a);
    rilon::v1::SubmitReportResponse response;
    grpc::Status s = Client(*officer_).Submit(request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response.record();
  }
  static std::string ClientConfig(const std::string& name, const Identity& who) {
    return WriteClientConfig(work_->path(), name, node_->endpoint(), pki_->ca_file(), who);
  }

  static PkiFixture* pki_;
  static ScratchDir* work_;
  static NodeProcess* node_;
  static Identity *officer_, *analyst_, *admin_;
  static std::string policy_path_;
};
PkiFixture* PolicyOpsTest::pki_ = nullptr;
ScratchDir* PolicyOpsTest::work_ = nullptr;
NodeProcess* PolicyOpsTest::node_ = nullptr;
Identity* PolicyOpsTest::officer_ = nullptr;
Identity* PolicyOpsTest::analyst_ = nullptr;
Identity* PolicyOpsTest::admin_ = nullptr;
std::string PolicyOpsTest::policy_path_;

TEST_F(PolicyOpsTest, StatusShowsThePolicyLoadedAtStart) {
  rilon::v1::PolicyStatus policy = Status().policy();
  EXPECT_EQ(policy.file(), policy_path_);
  EXPECT_EQ(policy.version(), "it.1");
  EXPECT_TRUE(policy.last_reload_ok());
  EXPECT_TRUE(policy.has_loaded_at());
}

TEST_F(PolicyOpsTest, ChangedFileIsReloadedWhileAFeedStaysOpenAndDelivering) {
  ApiClient analyst = Client(*analyst_);
  grpc::ClientContext feed_context;
  rilon::v1::SubscribeRequest request;
  request.set_start_at_end(true);
  std::unique_ptr<grpc::ClientReader<rilon::v1::SubscribeResponse>> feed =
      analyst.stub().Subscribe(&feed_context, request);
  const rilon::v1::Record before = Submit("before-reload", rilon::v1::TLP_GREEN, {"id.polri"});
  rilon::v1::SubscribeResponse message;
  ASSERT_TRUE(feed->Read(&message));
  ASSERT_EQ(message.events(0).record().id(), before.id());

  const uint64_t reloads = Status().policy().reloads();
  WritePolicy(PolicyText("it.2", true));
  rilon::v1::PolicyStatus policy = WaitForStatus(
      "it.2 in force", [](const rilon::v1::PolicyStatus& p) { return p.version() == "it.2"; });
  EXPECT_EQ(policy.last_reload_trigger(), "file_change");
  EXPECT_TRUE(policy.last_reload_ok());
  EXPECT_EQ(policy.reloads(), reloads + 1);
  EXPECT_THAT(node_->ReadLog(), HasSubstr("old_version=it.1 new_version=it.2"));

  // The same stream, still open, delivers the next record.
  const rilon::v1::Record after = Submit("after-reload", rilon::v1::TLP_GREEN, {"id.polri"});
  ASSERT_TRUE(feed->Read(&message)) << "the feed was closed by the reload";
  EXPECT_EQ(message.events(0).record().id(), after.id());
  feed_context.TryCancel();
}

TEST_F(PolicyOpsTest, SighupReloadsAnUnchangedFile) {
  const uint64_t reloads = Status().policy().reloads();
  ASSERT_EQ(::kill(node_->pid(), SIGHUP), 0);
  rilon::v1::PolicyStatus policy =
      WaitForStatus("a reload by signal",
                    [reloads](const rilon::v1::PolicyStatus& p) { return p.reloads() > reloads; });
  EXPECT_EQ(policy.last_reload_trigger(), "signal");
  EXPECT_EQ(policy.version(), "it.1");
}

TEST_F(PolicyOpsTest, InvalidFileKeepsTheOldPolicyAndStatusSaysWhy) {
  WritePolicy(kInvalidPolicy);
  ASSERT_EQ(::kill(node_->pid(), SIGHUP), 0);
  rilon::v1::PolicyStatus policy = WaitForStatus(
      "the refusal", [](const rilon::v1::PolicyStatus& p) { return !p.last_reload_ok(); });
  EXPECT_EQ(policy.version(), "it.1");
  EXPECT_THAT(policy.last_reload_error(), HasSubstr(policy_path_ + ":3: error:"));
  EXPECT_THAT(policy.last_reload_error(), HasSubstr("th.rpt"));
  EXPECT_GE(policy.reload_failures(), 1u);
  EXPECT_THAT(node_->ReadLog(), HasSubstr("version_in_force=it.1"));

  // Still deciding with it.1: th.rtp is not a receiver of GREEN records.
  const rilon::v1::Record record = Submit("while-broken", rilon::v1::TLP_GREEN, {"id.polri"});
  rilon::v1::PolicyExplanation explanation;
  ASSERT_TRUE(ExplainTo(*officer_, record.id(), "th.rtp", &explanation).ok());
  EXPECT_EQ(explanation.policy_version(), "it.1");

  RunResult status = RunRilon(ClientConfig("admin", *admin_), {"node", "status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_THAT(status.out, HasSubstr("it.1 (" + policy_path_ + ")"));
  EXPECT_THAT(status.out, HasSubstr("REFUSED, the policy above stays in force"));
  EXPECT_THAT(status.out, HasSubstr("th.rpt"));
}

TEST_F(PolicyOpsTest, ExplainNamesTheDecidingRule) {
  const rilon::v1::Record record = Submit("explain", rilon::v1::TLP_GREEN, {"id.polri"});
  rilon::v1::ExplainPolicyRequest request;
  request.set_record_id(record.id());
  request.set_agency("id.polri");
  rilon::v1::PolicyExplanation explanation;
  grpc::Status s = Explain(*admin_, request, &explanation);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(explanation.allowed());
  EXPECT_EQ(explanation.basis(), "allow_rule");
  EXPECT_EQ(explanation.direction(), rilon::v1::POLICY_EGRESS);
  EXPECT_EQ(explanation.policy_version(), "it.1");
  ASSERT_EQ(explanation.rules_size(), 1);
  EXPECT_EQ(explanation.rules(0).id(), "green-to-polri");
  EXPECT_EQ(explanation.rules(0).line(), 3);
  EXPECT_EQ(explanation.rules(0).disposition(), "decided");
  EXPECT_EQ(explanation.rules(0).description(), "Polri receives GREEN reports");

  // Outside the audience: the ceiling denies before any rule.
  request.set_agency("th.rtp");
  ASSERT_TRUE(Explain(*officer_, request, &explanation).ok());
  EXPECT_FALSE(explanation.allowed());
  EXPECT_EQ(explanation.basis(), "ceiling");
  EXPECT_EQ(explanation.ceiling(), "outside_audience");

  RunResult cli = RunRilon(ClientConfig("officer", *officer_),
                           {"policy", "explain", "--record", record.id(), "--to", "id.polri"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_THAT(cli.out, HasSubstr("ALLOW by allow rule \"green-to-polri\" (line 3), policy it.1"));
  EXPECT_THAT(cli.out, HasSubstr("green-to-polri  line 3  allow  decided"));

  RunResult reader =
      RunRilon(ClientConfig("officer", *officer_),
               {"policy", "explain", "--record", record.id(), "--reader", "analyst"});
  ASSERT_EQ(reader.exit_code, 0) << reader.err;
  EXPECT_THAT(reader.out, HasSubstr("read by analyst of au.abf"));
  EXPECT_THAT(reader.out, HasSubstr("\"readers\""));
}

TEST_F(PolicyOpsTest, DiffListsExactlyTheRecordsThatChange) {
  // Only GREEN records with th.rtp in their audience change (th.rtp gains them); every other
  // record this suite stores is addressed to id.polri alone.
  const rilon::v1::Record gains =
      Submit("diff-gains", rilon::v1::TLP_GREEN, {"id.polri", "th.rtp"});
  Submit("diff-amber", rilon::v1::TLP_AMBER, {"th.rtp"});
  Submit("diff-polri", rilon::v1::TLP_GREEN, {"id.polri"});

  rilon::v1::DiffPolicyRequest request;
  request.set_old_policy_text(PolicyText("it.1", false));
  request.set_new_policy_text(PolicyText("it.2", true));
  rilon::v1::DiffPolicyResponse diff;
  grpc::Status s = Client(*admin_).stub().DiffPolicy(ApiClient::Context().get(), request, &diff);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(diff.old_version(), "it.1");
  EXPECT_EQ(diff.new_version(), "it.2");
  EXPECT_THAT(diff.receivers(), ::testing::ElementsAre("id.polri", "th.rtp", "reader:officer",
                                                       "reader:analyst", "reader:admin"));
  EXPECT_EQ(diff.records_examined(), Status().records_stored());
  ASSERT_EQ(diff.records_changed(), 1u);
  ASSERT_EQ(diff.changes_size(), 1);
  EXPECT_EQ(diff.changes(0).record_id(), gains.id());
  EXPECT_THAT(diff.changes(0).gained(), ::testing::ElementsAre("th.rtp"));
  EXPECT_EQ(diff.changes(0).lost_size(), 0);

  // The same through the client, from two files.
  const std::string old_file = work_->path() + "/old.textproto";
  const std::string new_file = work_->path() + "/new.textproto";
  std::ofstream(old_file) << PolicyText("it.1", false);
  std::ofstream(new_file) << PolicyText("it.2", true);
  RunResult cli = RunRilon(ClientConfig("admin", *admin_), {"policy", "diff", old_file, new_file});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_THAT(cli.out, HasSubstr("Policy it.1 -> it.2: 1 of "));
  EXPECT_THAT(cli.out, HasSubstr(gains.id().substr(0, 12)));

  // An invalid NEW: INVALID_ARGUMENT with the file's line, exit code 4.
  std::ofstream(new_file, std::ios::trunc) << kInvalidPolicy;
  RunResult invalid =
      RunRilon(ClientConfig("admin", *admin_), {"policy", "diff", old_file, new_file});
  EXPECT_EQ(invalid.exit_code, 4);
  EXPECT_THAT(invalid.err, HasSubstr(new_file + ":3: error:"));
}

TEST_F(PolicyOpsTest, OnlyAdminsDiffAndAnalystsDoNotExplain) {
  rilon::v1::DiffPolicyRequest diff_request;
  diff_request.set_old_policy_text(PolicyText("it.1", false));
  diff_request.set_new_policy_text(PolicyText("it.2", true));
  rilon::v1::DiffPolicyResponse diff;
  EXPECT_EQ(Client(*analyst_)
                .stub()
                .DiffPolicy(ApiClient::Context().get(), diff_request, &diff)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Client(*officer_)
                .stub()
                .DiffPolicy(ApiClient::Context().get(), diff_request, &diff)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  const rilon::v1::Record record = Submit("authz", rilon::v1::TLP_GREEN, {"id.polri"});
  rilon::v1::PolicyExplanation explanation;
  EXPECT_EQ(ExplainTo(*analyst_, record.id(), "id.polri", &explanation).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  const std::string file = work_->path() + "/authz.textproto";
  std::ofstream(file) << PolicyText("it.1", false);
  RunResult cli = RunRilon(ClientConfig("analyst", *analyst_), {"policy", "diff", file, file});
  EXPECT_EQ(cli.exit_code, 5) << cli.err;
}

TEST_F(PolicyOpsTest, ExplainRefusesAMalformedRequest) {
  rilon::v1::ExplainPolicyRequest request;
  request.set_record_id(std::string(64, 'a'));
  rilon::v1::PolicyExplanation explanation;
  grpc::Status no_party = Explain(*officer_, request, &explanation);
  EXPECT_EQ(no_party.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(no_party.error_message(), HasSubstr("party"));
  request.set_agency("id.polri");
  EXPECT_EQ(Explain(*officer_, request, &explanation).error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace rilon::testing
