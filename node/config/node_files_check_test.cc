#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "node/config/node_config_loader.h"
#include "tests/testing/test_pki.h"

namespace rilon::config {
namespace {

using ::rilon::config::v1::NodeConfig;
using ::rilon::testing::Expired;
using ::rilon::testing::IssuedFiles;
using ::rilon::testing::NodeLeaf;
using ::rilon::testing::SigningLeaf;
using ::rilon::testing::TestPki;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kNodeId[] = "spiffe://rilon.test/agency/au.abf/node";
constexpr char kSigningId[] = "spiffe://rilon.test/agency/au.abf/signing";

class CheckNodeFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestPki>> pki = TestPki::Create();
    ASSERT_TRUE(pki.ok()) << pki.status();
    pki_ = std::move(*pki);
    IssuedFiles node = Issue("node", NodeLeaf(kNodeId));
    IssuedFiles signing = Issue("signing", SigningLeaf(kSigningId));
    config_.set_agency_id("au.abf");
    config_.set_trust_domain("rilon.test");
    config_.mutable_tls()->set_ca_file(pki_->root().ca_file());
    UseTls(node);
    config_.mutable_signing()->set_cert_file(signing.cert_file);
    config_.mutable_signing()->set_key_file(signing.key_file);
  }

  IssuedFiles Issue(const std::string& stem, const rilon::testing::LeafSpec& spec) {
    absl::StatusOr<IssuedFiles> files = pki_->root().Issue(stem, spec);
    EXPECT_TRUE(files.ok()) << files.status();
    return files.ok() ? *files : IssuedFiles{};
  }

  void UseTls(const IssuedFiles& files) {
    config_.mutable_tls()->set_cert_file(files.cert_file);
    config_.mutable_tls()->set_key_file(files.key_file);
  }

  std::string FailureMessage() {
    absl::Status status = CheckNodeFiles(config_);
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
    return std::string(status.message());
  }

  std::unique_ptr<TestPki> pki_;
  NodeConfig config_;
};

TEST_F(CheckNodeFilesTest, GoodFilesPass) {
  absl::Status status = CheckNodeFiles(config_);
  EXPECT_TRUE(status.ok()) << status;
}

TEST_F(CheckNodeFilesTest, WorldReadableKeyIsRefused) {
  ASSERT_EQ(chmod(config_.tls().key_file().c_str(), 0644), 0);
  EXPECT_THAT(FailureMessage(), AllOf(HasSubstr("tls.key_file: "), HasSubstr("chmod 600")));
}

TEST_F(CheckNodeFilesTest, MissingKeyIsRefused) {
  config_.mutable_signing()->set_key_file(pki_->dir() + "/absent.key");
  EXPECT_THAT(FailureMessage(), AllOf(HasSubstr("signing.key_file: "), HasSubstr("absent.key")));
}

TEST_F(CheckNodeFilesTest, PolicyFileMustExistAndNotBeWorldWritable) {
  const std::string policy = pki_->dir() + "/policy.textproto";
  config_.mutable_policy()->set_file(policy);
  EXPECT_THAT(FailureMessage(),
              AllOf(HasSubstr("policy.file: " + policy), HasSubstr("does not exist")));
  {
    std::FILE* f = std::fopen(policy.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("version: \"v.1\"\n", f);
    std::fclose(f);
  }
  ASSERT_EQ(chmod(policy.c_str(), 0644), 0);
  EXPECT_TRUE(CheckNodeFiles(config_).ok());
  ASSERT_EQ(chmod(policy.c_str(), 0666), 0);
  EXPECT_THAT(FailureMessage(), AllOf(HasSubstr("policy.file: "), HasSubstr("chmod o-w")));
}

TEST_F(CheckNodeFilesTest, CertificateForAnotherAgencyIsRefused) {
  UseTls(Issue("other-node", NodeLeaf("spiffe://rilon.test/agency/my.rmp/node")));
  EXPECT_THAT(FailureMessage(),
              HasSubstr(absl::StrCat("tls.cert_file ", config_.tls().cert_file(),
                                     " is for spiffe://rilon.test/agency/my.rmp/node, but "
                                     "agency_id is au.abf: point tls.cert_file at au.abf's "
                                     "certificate, or issue one with deploy/pki.sh node --dir "
                                     "PKI_DIR --agency au.abf")));
}

TEST_F(CheckNodeFilesTest, CertificateOfAnotherTrustDomainIsRefused) {
  UseTls(Issue("foreign", NodeLeaf("spiffe://elsewhere.test/agency/au.abf/node")));
  EXPECT_THAT(FailureMessage(), HasSubstr("but trust_domain is rilon.test"));
}

TEST_F(CheckNodeFilesTest, SigningCertificateUsedForTlsIsRefused) {
  UseTls({config_.signing().cert_file(), config_.signing().key_file()});
  EXPECT_THAT(FailureMessage(),
              AllOf(HasSubstr(absl::StrCat("tls.cert_file ", config_.signing().cert_file(),
                                           " is for ", kSigningId)),
                    HasSubstr(absl::StrCat("but it must be for ", kNodeId))));
}

TEST_F(CheckNodeFilesTest, CertificateWithSeveralUriSansIsRefused) {
  rilon::testing::LeafSpec spec = NodeLeaf(kNodeId);
  spec.uri_sans.push_back("spiffe://rilon.test/agency/my.rmp/node");
  UseTls(Issue("two-sans", spec));
  EXPECT_THAT(FailureMessage(),
              AllOf(HasSubstr("carries 2 URI SANs"), HasSubstr(absl::StrCat("exactly ", kNodeId))));
}

TEST_F(CheckNodeFilesTest, CertificateWithoutUriSanIsRefused) {
  rilon::testing::LeafSpec spec = NodeLeaf(kNodeId);
  spec.uri_sans.clear();
  UseTls(Issue("no-san", spec));
  EXPECT_THAT(FailureMessage(), HasSubstr("has no URI SAN"));
}

TEST_F(CheckNodeFilesTest, ExpiredCertificateIsRefused) {
  UseTls(Issue("expired", Expired(NodeLeaf(kNodeId))));
  EXPECT_THAT(FailureMessage(), AllOf(HasSubstr("tls.cert_file: "), HasSubstr("expired")));
}

TEST_F(CheckNodeFilesTest, KeyOfAnotherCertificateIsRefused) {
  IssuedFiles other = Issue("other", NodeLeaf(kNodeId));
  config_.mutable_tls()->set_key_file(other.key_file);
  EXPECT_THAT(FailureMessage(),
              AllOf(HasSubstr("tls.key_file: "), HasSubstr(config_.tls().cert_file())));
}

TEST_F(CheckNodeFilesTest, CertificateFromAnUntrustedCaIsRefused) {
  absl::StatusOr<IssuedFiles> rogue = pki_->other_ca().Issue("rogue", NodeLeaf(kNodeId));
  ASSERT_TRUE(rogue.ok()) << rogue.status();
  UseTls(*rogue);
  EXPECT_THAT(FailureMessage(), AllOf(HasSubstr("tls.cert_file: "), HasSubstr(rogue->cert_file)));
}

TEST_F(CheckNodeFilesTest, MissingCaFileIsRefused) {
  config_.mutable_tls()->set_ca_file(pki_->dir() + "/absent-ca.crt");
  EXPECT_THAT(FailureMessage(), AllOf(HasSubstr("tls.ca_file: "), HasSubstr("absent-ca.crt")));
}

TEST_F(CheckNodeFilesTest, CaBundleHoldingALeafIsReportedOnceAgainstCaFile) {
  config_.mutable_tls()->set_ca_file(config_.tls().cert_file());
  std::string message = FailureMessage();
  EXPECT_THAT(message, HasSubstr("tls.ca_file: "));
  EXPECT_THAT(message, Not(HasSubstr("tls.cert_file")));
  EXPECT_THAT(message, Not(HasSubstr("signing.cert_file")));
}

TEST_F(CheckNodeFilesTest, ExpiredCertificateIsReportedOnce) {
  UseTls(Issue("expired-once", Expired(NodeLeaf(kNodeId))));
  std::string message = FailureMessage();
  EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 0) << message;
}

TEST_F(CheckNodeFilesTest, AllProblemsAreReportedTogether) {
  ASSERT_EQ(chmod(config_.tls().key_file().c_str(), 0640), 0);
  config_.set_agency_id("id.bnp");
  std::string message = FailureMessage();
  EXPECT_THAT(message, AllOf(HasSubstr("tls.key_file: "), HasSubstr("chmod 600"),
                             HasSubstr("tls.cert_file "), HasSubstr("signing.cert_file "),
                             HasSubstr("but agency_id is id.bnp")));
}

}  // namespace
}  // namespace rilon::config
