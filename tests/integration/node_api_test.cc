// End-to-end tests of one real rilond over mutual TLS: the API, its errors, authorization by
// role and agency, transport refusals and limits.
#include <gmock/gmock.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "tests/integration/harness/api_client.h"
#include "tests/integration/harness/node_process.h"
#include "tests/integration/harness/subprocess.h"
#include "tests/testing/sample_reports.h"

namespace rilon::testing {
namespace {

using ::testing::HasSubstr;

class NodeApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    RestrictToTls13ForTests();
    pki_ = new PkiFixture();
    work_ = new ScratchDir("rilon-node");
    node_ = new NodeProcess(*pki_, "au.abf", work_->path() + "/au.abf");
    node_->set_extra_config("limits { max_message_bytes: 65536 }");
    node_->Start();
    officer_ = pki_->Person("officer", "au.abf", "jlee");
    analyst_ = pki_->Person("analyst", "au.abf", "asmith");
  }
  static void TearDownTestSuite() {
    delete node_;
    delete work_;
    delete pki_;
  }
  ApiClient Client(const Identity& who) {
    return ApiClient(node_->endpoint(), pki_->ca_file(), who, node_->node_id());
  }

  static PkiFixture* pki_;
  static ScratchDir* work_;
  static NodeProcess* node_;
  static Identity officer_, analyst_;
};
PkiFixture* NodeApiTest::pki_ = nullptr;
ScratchDir* NodeApiTest::work_ = nullptr;
NodeProcess* NodeApiTest::node_ = nullptr;
Identity NodeApiTest::officer_, NodeApiTest::analyst_;

TEST_F(NodeApiTest, SubmitThenGetListAndStatus) {
  ApiClient officer = Client(officer_);
  rilon::v1::SubmitReportResponse submitted;
  ASSERT_TRUE(officer.Submit(SampleReport("get"), &submitted).ok());
  const rilon::v1::Record& record = submitted.record();
  EXPECT_EQ(record.id().size(), 64u);
  EXPECT_EQ(record.origin_agency(), "au.abf");
  EXPECT_GE(record.origin_seq(), 1u);
  EXPECT_FALSE(record.has_trend_report()) << "the submitter gets a receipt, not its content back";
  EXPECT_FALSE(record.has_signed_());

  ApiClient analyst = Client(analyst_);
  rilon::v1::GetRecordRequest get;
  get.set_id(record.id());
  rilon::v1::GetRecordResponse got;
  ASSERT_TRUE(analyst.stub().GetRecord(ApiClient::Context().get(), get, &got).ok());
  EXPECT_EQ(got.record().id(), record.id());
  EXPECT_EQ(got.record().cursor(), record.cursor());
  EXPECT_EQ(got.record().trend_report().period().quarter().quarter(), 3);
  // The node fills in the reporting agency and flags small cells before signing.
  EXPECT_EQ(got.record().trend_report().reporting_agency(), "au.abf");
  EXPECT_EQ(got.record().trend_report().small_cell_threshold(), 5u);
  EXPECT_EQ(got.record().trend_report().small_cell_count(),
            static_cast<uint32_t>(kSampleSmallCellsAtK5));
  EXPECT_EQ(got.record().trend_report().narrative(), SampleReport("get").report().narrative());
  EXPECT_FALSE(got.record().signed_().signature().empty());

  rilon::v1::ListRecordsRequest list;
  list.set_origin_agency("au.abf");
  rilon::v1::ListRecordsResponse listed;
  ASSERT_TRUE(analyst.stub().ListRecords(ApiClient::Context().get(), list, &listed).ok());
  ASSERT_FALSE(listed.records().empty());
  EXPECT_EQ(listed.records(listed.records_size() - 1).id(), record.id());

  rilon::v1::NodeStatus status;
  ASSERT_TRUE(analyst.stub().GetNodeStatus(ApiClient::Context().get(), {}, &status).ok());
  EXPECT_EQ(status.agency_id(), "au.abf");
  EXPECT_EQ(status.node_id(), node_->node_id());
  EXPECT_GE(status.records_stored(), 1u);
  EXPECT_EQ(status.head_cursor(), std::to_string(status.records_stored()));
}

TEST_F(NodeApiTest, ListPagesWithTokensWithoutGapsOrRepeats) {
  ApiClient officer = Client(officer_);
  for (int i = 0; i < 7; ++i) {
    rilon::v1::SubmitReportResponse r;
    ASSERT_TRUE(officer.Submit(SampleReport("page" + std::to_string(i)), &r).ok());
  }
  std::vector<std::string> cursors;
  rilon::v1::ListRecordsRequest req;
  req.set_page_size(3);
  for (int pages = 0; pages < 100; ++pages) {
    rilon::v1::ListRecordsResponse resp;
    ASSERT_TRUE(officer.stub().ListRecords(ApiClient::Context().get(), req, &resp).ok());
    for (const auto& r : resp.records()) cursors.push_back(r.cursor());
    if (resp.next_page_token().empty()) break;
    EXPECT_LE(resp.records_size(), 3);
    req.set_page_token(resp.next_page_token());
  }
  ASSERT_GE(cursors.size(), 7u);
  for (size_t i = 0; i < cursors.size(); ++i) EXPECT_EQ(cursors[i], std::to_string(i + 1));
}

TEST_F(NodeApiTest, RequestIdMakesRetriesIdempotent) {
  ApiClient officer = Client(officer_);
  auto request = SampleReport("idem");
  request.set_request_id("retry-test-1");
  rilon::v1::SubmitReportResponse first, second;
  ASSERT_TRUE(officer.Submit(request, &first).ok());
  ASSERT_TRUE(officer.Submit(request, &second).ok());
  EXPECT_FALSE(first.duplicate());
  EXPECT_TRUE(second.duplicate());
  EXPECT_EQ(first.record().id(), second.record().id());
}

TEST_F(NodeApiTest, InvalidRequestsNameTheField) {
  ApiClient officer = Client(officer_);
  auto request = SampleReport("bad");
  request.mutable_report()->mutable_measures(0)->set_value(-1);
  rilon::v1::SubmitReportResponse response;
  grpc::Status s = officer.Submit(request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("report.measures[0].value"));

  rilon::v1::GetRecordRequest get;
  get.set_id("not-an-id");
  rilon::v1::GetRecordResponse got;
  s = officer.stub().GetRecord(ApiClient::Context().get(), get, &got);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  get.set_id(std::string(64, 'e'));
  s = officer.stub().GetRecord(ApiClient::Context().get(), get, &got);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(NodeApiTest, AnalystMayReadButNotSubmit) {
  ApiClient analyst = Client(analyst_);
  rilon::v1::SubmitReportResponse response;
  grpc::Status s = analyst.Submit(SampleReport("analyst"), &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), HasSubstr("analyst"));
}

TEST_F(NodeApiTest, OfficerOfAnotherAgencyIsRefused) {
  ApiClient foreign = Client(pki_->Person("officer", "id.polri", "budi"));
  rilon::v1::NodeStatus status;
  grpc::Status s = foreign.stub().GetNodeStatus(ApiClient::Context().get(), {}, &status);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  rilon::v1::SubmitReportResponse response;
  EXPECT_EQ(foreign.Submit(SampleReport("foreign"), &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(NodeApiTest, AdminMaySeeStatusOnly) {
  ApiClient admin = Client(pki_->Person("admin", "au.abf", "ops"));
  rilon::v1::NodeStatus status;
  EXPECT_TRUE(admin.stub().GetNodeStatus(ApiClient::Context().get(), {}, &status).ok());
  rilon::v1::ListRecordsResponse listed;
  EXPECT_EQ(admin.stub().ListRecords(ApiClient::Context().get(), {}, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(NodeApiTest, CertificateFromAnotherCaIsRefusedAtTheHandshake) {
  PkiFixture rogue;
  ApiClient impostor = ApiClient::Unchecked(node_->endpoint(), pki_->ca_file(),
                                            rogue.Person("officer", "au.abf", "jlee"));
  rilon::v1::NodeStatus status;
  EXPECT_EQ(impostor.stub().GetNodeStatus(ApiClient::Context().get(), {}, &status).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(NodeApiTest, ExpiredCertificateIsRefusedAtTheHandshake) {
  Identity expired =
      pki_->Person("officer", "au.abf", "expired", "20240101000000Z", "20250101000000Z");
  ApiClient old = ApiClient::Unchecked(node_->endpoint(), pki_->ca_file(), expired);
  rilon::v1::NodeStatus status;
  EXPECT_EQ(old.stub().GetNodeStatus(ApiClient::Context().get(), {}, &status).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(NodeApiTest, TheUncheckedClientWorksWithAGoodCertificate) {
  // Guards the two tests above: their refusals must come from the certificate, not the client.
  ApiClient plain = ApiClient::Unchecked(node_->endpoint(), pki_->ca_file(), officer_);
  rilon::v1::NodeStatus status;
  EXPECT_TRUE(plain.stub().GetNodeStatus(ApiClient::Context().get(), {}, &status).ok());
}

TEST_F(NodeApiTest, NoClientCertificateIsRefused) {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = [] {
    std::ifstream in(pki_->ca_file());
    return std::string(std::istreambuf_iterator<char>(in), {});
  }();
  grpc::ChannelArguments args;
  args.SetSslTargetNameOverride("localhost");
  auto channel = grpc::CreateCustomChannel(node_->endpoint(), grpc::SslCredentials(options), args);
  auto stub = rilon::v1::NodeApi::NewStub(channel);
  rilon::v1::NodeStatus status;
  EXPECT_EQ(stub->GetNodeStatus(ApiClient::Context().get(), {}, &status).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(NodeApiTest, PlaintextIsRefused) {
  auto channel = grpc::CreateChannel(node_->endpoint(), grpc::InsecureChannelCredentials());
  auto stub = rilon::v1::NodeApi::NewStub(channel);
  rilon::v1::NodeStatus status;
  EXPECT_EQ(stub->GetNodeStatus(ApiClient::Context().get(), {}, &status).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(NodeApiTest, WrongServerIdentityIsRefusedByTheClient) {
  ApiClient confused(node_->endpoint(), pki_->ca_file(), officer_,
                     "spiffe://rilon.test/agency/my.rmp/node");
  rilon::v1::NodeStatus status;
  EXPECT_EQ(confused.stub().GetNodeStatus(ApiClient::Context().get(), {}, &status).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(NodeApiTest, OversizedRequestIsResourceExhaustedAndTheConnectionStaysUsable) {
  ApiClient officer = Client(officer_);
  auto huge = SampleReport("huge");
  for (int i = 0; i < 400; ++i) {
    auto* m = huge.mutable_report()->add_measures();
    m->set_indicator("persons_detected");
    m->set_value(i);
    m->set_unit(std::string(30, 'x'));
    m->mutable_indicator()->append(std::string(200, 'y'));
  }
  ASSERT_GT(huge.ByteSizeLong(), 65536u);
  rilon::v1::SubmitReportResponse response;
  grpc::Status s = officer.Submit(huge, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
  EXPECT_TRUE(officer.Submit(SampleReport("after-huge"), &response).ok());
}

TEST_F(NodeApiTest, CompressedRequestsAreRefused) {
  ApiClient officer = Client(officer_);
  auto ctx = ApiClient::Context();
  ctx->set_compression_algorithm(GRPC_COMPRESS_GZIP);
  rilon::v1::SubmitReportResponse response;
  grpc::Status s = officer.stub().SubmitReport(ctx.get(), SampleReport("gzip"), &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNIMPLEMENTED) << s.error_message();
}

TEST_F(NodeApiTest, OnlyTls13IsNegotiated) {
  auto handshake = [&](const std::string& version) {
    return RunCommand(
        {"/usr/bin/openssl", "s_client", "-connect", node_->endpoint(), version, "-CAfile",
         pki_->ca_file(), "-cert", officer_.cert_file, "-key", officer_.key_file, "-alpn", "h2"},
        "", {}, std::chrono::seconds(30));
  };
  RunResult tls12 = handshake("-tls1_2");
  EXPECT_NE(tls12.exit_code, 0) << tls12.out;
  RunResult tls13 = handshake("-tls1_3");
  EXPECT_EQ(tls13.exit_code, 0) << tls13.err;
  EXPECT_THAT(tls13.out, HasSubstr("TLSv1.3"));
}

// All or nothing, through a real node: reports refused by validation or by nominal-data
// screening leave nothing behind (no record, no sequence number), on a node of their own so that
// nothing else was stored before.
TEST(RefusedReportTest, StoresNothing) {
  RestrictToTls13ForTests();
  PkiFixture pki;
  ScratchDir work("rilon-refused");
  NodeProcess node(pki, "au.abf", work.path() + "/au.abf");
  node.Start();
  ApiClient officer(node.endpoint(), pki.ca_file(), pki.Person("officer", "au.abf", "jlee"),
                    node.node_id());
  rilon::v1::SubmitReportResponse response;

  auto unknown_indicator = SampleReport("typo");
  unknown_indicator.mutable_report()->mutable_measures(0)->set_indicator("vessel_intercepted");
  grpc::Status s = officer.Submit(unknown_indicator, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::StartsWith("report.measures[0].indicator: "));
  EXPECT_THAT(s.error_message(), HasSubstr("did you mean \"vessels_intercepted\"?"));

  auto nominal = SampleReport("nominal");
  nominal.mutable_report()->set_narrative(
      "Departures at night. The boat captain Abdul Karim collected the fees.");
  s = officer.Submit(nominal, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("report.narrative, character 38:"));
  EXPECT_THAT(s.error_message(), HasSubstr("personal_name"));

  auto unknown_version = SampleReport("version");
  unknown_version.mutable_report()->set_codebook_version("9");
  s = officer.Submit(unknown_version, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("this node knows \"1\""));

  auto too_many = SampleReport("sum");
  too_many.mutable_report()->mutable_measures(1)->mutable_disaggregations(3)->set_value(999);
  s = officer.Submit(too_many, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("report.measures[1].disaggregations[3].value"));

  rilon::v1::ListRecordsResponse listed;
  ASSERT_TRUE(officer.stub().ListRecords(ApiClient::Context().get(), {}, &listed).ok());
  EXPECT_EQ(listed.records_size(), 0);
  rilon::v1::NodeStatus status;
  ASSERT_TRUE(officer.stub().GetNodeStatus(ApiClient::Context().get(), {}, &status).ok());
  EXPECT_EQ(status.records_stored(), 0u);
  EXPECT_EQ(status.origin_seq(), 0u);

  // The refusals consumed no sequence number: the first accepted report is number 1.
  ASSERT_TRUE(officer.Submit(SampleReport("ok"), &response).ok());
  EXPECT_EQ(response.record().origin_seq(), 1u);
}

}  // namespace
}  // namespace rilon::testing
