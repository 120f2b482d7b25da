#include "node/security/certificate_files.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "absl/time/clock.h"
#include "tests/testing/test_pki.h"

namespace rilon::security {
namespace {

using rilon::testing::IssuedFiles;
using rilon::testing::TestPki;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

constexpr char kNodeId[] = "spiffe://rilon.example/agency/au.abf/node";

class CertificateFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pki = TestPki::Create();
    ASSERT_TRUE(pki.ok()) << pki.status();
    pki_ = std::move(*pki);
  }
  IssuedFiles Issue(const std::string& stem, const rilon::testing::LeafSpec& spec,
                    bool other_ca = false) {
    auto files = (other_ca ? pki_->other_ca() : pki_->root()).Issue(stem, spec);
    EXPECT_TRUE(files.ok()) << files.status();
    return files.ok() ? *files : IssuedFiles{};
  }
  std::string WriteScratch(const std::string& name, const std::string& content) {
    std::string path = pki_->dir() + "/" + name;
    std::ofstream(path) << content;
    return path;
  }
  std::unique_ptr<TestPki> pki_;
};

TEST_F(CertificateFilesTest, GoodFilesPassEveryCheck) {
  IssuedFiles node = Issue("node", rilon::testing::NodeLeaf(kNodeId));
  EXPECT_TRUE(CheckPrivateKeyFile(node.key_file).ok());
  auto info = ReadCertificate(node.cert_file);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_THAT(info->uri_sans, ElementsAre(kNodeId));
  EXPECT_EQ(info->subject, "CN=rilon test node,O=RILON test PKI");
  EXPECT_THAT(info->sha256_hex, MatchesRegex("[0-9a-f]{64}"));
  EXPECT_FALSE(info->der.empty());
  EXPECT_LT(info->not_before, absl::Now());
  EXPECT_GT(info->not_after, absl::Now());
  EXPECT_TRUE(CheckCertificateValidity(node.cert_file, *info, absl::Now()).ok());
  EXPECT_TRUE(CheckKeyMatchesCertificate(node.cert_file, node.key_file).ok());
  EXPECT_TRUE(CheckCertificateChain(node.cert_file, pki_->root().ca_file()).ok());
  // Ed25519 certificates too.
  IssuedFiles signing =
      Issue("signing", rilon::testing::SigningLeaf("spiffe://rilon.example/agency/au.abf/signing"));
  EXPECT_TRUE(CheckKeyMatchesCertificate(signing.cert_file, signing.key_file).ok());
  EXPECT_TRUE(CheckCertificateChain(signing.cert_file, pki_->root().ca_file()).ok());
}

TEST_F(CertificateFilesTest, KeyReadableByOthersIsRefusedWithTheFix) {
  IssuedFiles node = Issue("node", rilon::testing::NodeLeaf(kNodeId));
  ASSERT_EQ(::chmod(node.key_file.c_str(), 0644), 0);
  absl::Status s = CheckPrivateKeyFile(node.key_file);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("mode 0644"));
  EXPECT_THAT(s.message(), HasSubstr("chmod 600 " + node.key_file));
  ASSERT_EQ(::chmod(node.key_file.c_str(), 0640), 0);
  EXPECT_EQ(CheckPrivateKeyFile(node.key_file).code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_EQ(::chmod(node.key_file.c_str(), 0400), 0);
  EXPECT_TRUE(CheckPrivateKeyFile(node.key_file).ok());
}

TEST_F(CertificateFilesTest, MissingFilesAreNamed) {
  const std::string missing = pki_->dir() + "/nope.key";
  absl::Status s = CheckPrivateKeyFile(missing);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr(missing));
  EXPECT_THAT(s.message(), HasSubstr("No such file"));
  auto info = ReadCertificate(pki_->dir() + "/nope.pem");
  EXPECT_EQ(info.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(info.status().message(), HasSubstr("nope.pem"));
}

TEST_F(CertificateFilesTest, DirectoryAsKeyIsRefused) {
  EXPECT_EQ(CheckPrivateKeyFile(pki_->dir()).code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(CertificateFilesTest, GarbageIsNotACertificate) {
  auto info = ReadCertificate(WriteScratch("garbage.pem", "hello\n"));
  EXPECT_EQ(info.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(info.status().message(), HasSubstr("no PEM certificate"));
  auto broken = ReadCertificate(
      WriteScratch("broken.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
  EXPECT_EQ(broken.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(CertificateFilesTest, MismatchedPairIsRefused) {
  IssuedFiles a = Issue("a", rilon::testing::NodeLeaf(kNodeId));
  IssuedFiles b = Issue("b", rilon::testing::NodeLeaf(kNodeId));
  absl::Status s = CheckKeyMatchesCertificate(a.cert_file, b.key_file);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr(b.key_file));
  EXPECT_THAT(s.message(), HasSubstr("does not belong to the certificate in " + a.cert_file));
}

TEST_F(CertificateFilesTest, KeyFileWithoutKeyIsRefused) {
  IssuedFiles a = Issue("a", rilon::testing::NodeLeaf(kNodeId));
  absl::Status s = CheckKeyMatchesCertificate(a.cert_file, a.cert_file);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("no PEM private key"));
}

TEST_F(CertificateFilesTest, ExpiredCertificateNamesTheDate) {
  IssuedFiles old = Issue("old", rilon::testing::Expired(rilon::testing::NodeLeaf(kNodeId)));
  auto info = ReadCertificate(old.cert_file);
  ASSERT_TRUE(info.ok()) << info.status();
  absl::Status s = CheckCertificateValidity(old.cert_file, *info, absl::Now());
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr(old.cert_file + " expired on "));
  EXPECT_THAT(std::string(s.message()), MatchesRegex(".*expired on [0-9]{4}-[0-9]{2}-[0-9]{2} "
                                                     "[0-9]{2}:[0-9]{2}:[0-9]{2} UTC.*"));
  // The chain check at the current time refuses it as well.
  EXPECT_EQ(CheckCertificateChain(old.cert_file, pki_->root().ca_file()).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(CertificateFilesTest, ValidityUsesTheGivenTime) {
  IssuedFiles node = Issue("node", rilon::testing::NodeLeaf(kNodeId));
  auto info = ReadCertificate(node.cert_file);
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(CheckCertificateValidity(node.cert_file, *info, info->not_before).ok());
  EXPECT_TRUE(CheckCertificateValidity(node.cert_file, *info, info->not_after).ok());
  EXPECT_THAT(
      CheckCertificateValidity(node.cert_file, *info, info->not_after + absl::Seconds(1)).message(),
      HasSubstr("expired on"));
  EXPECT_THAT(CheckCertificateValidity(node.cert_file, *info, info->not_before - absl::Seconds(1))
                  .message(),
              HasSubstr("not valid before"));
}

TEST_F(CertificateFilesTest, NotYetValidCertificateIsRefused) {
  IssuedFiles future =
      Issue("future", rilon::testing::NotYetValid(rilon::testing::NodeLeaf(kNodeId)));
  auto info = ReadCertificate(future.cert_file);
  ASSERT_TRUE(info.ok());
  absl::Status s = CheckCertificateValidity(future.cert_file, *info, absl::Now());
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("is not valid before"));
}

TEST_F(CertificateFilesTest, CertificateFromAnotherCaFailsTheChain) {
  IssuedFiles rogue = Issue("rogue", rilon::testing::NodeLeaf(kNodeId), /*other_ca=*/true);
  absl::Status s = CheckCertificateChain(rogue.cert_file, pki_->root().ca_file());
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("does not chain to a root in " + pki_->root().ca_file()));
  EXPECT_THAT(s.message(), HasSubstr("unable to get local issuer certificate"));
}

TEST_F(CertificateFilesTest, RootBundleMayHoldOnlyRoots) {
  IssuedFiles node = Issue("node", rilon::testing::NodeLeaf(kNodeId));
  // A leaf in the root bundle would become a trust anchor for gRPC: refused.
  std::ifstream root_in(pki_->root().ca_file()), leaf_in(node.cert_file);
  std::string root_pem((std::istreambuf_iterator<char>(root_in)), {});
  std::string leaf_pem((std::istreambuf_iterator<char>(leaf_in)), {});
  std::string bundle = WriteScratch("bundle.pem", root_pem + leaf_pem);
  absl::Status s = CheckCertificateChain(node.cert_file, bundle);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("not a self-signed root CA"));
  // Two real roots are fine.
  std::ifstream other_in(pki_->other_ca().ca_file());
  std::string other_pem((std::istreambuf_iterator<char>(other_in)), {});
  EXPECT_TRUE(
      CheckCertificateChain(node.cert_file, WriteScratch("two.pem", other_pem + root_pem)).ok());
}

}  // namespace
}  // namespace rilon::security
