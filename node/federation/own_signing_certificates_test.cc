#include "node/federation/own_signing_certificates.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "node/security/certificate_files.h"
#include "tests/testing/test_pki.h"

namespace rilon::federation {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::SigningLeaf;

constexpr char kTd[] = "rilon.test";

std::string SigningId(const std::string& agency) {
  return std::string("spiffe://") + kTd + "/agency/" + agency + "/signing";
}

class OwnSigningCertificatesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pki = testing::TestPki::Create();
    ASSERT_TRUE(pki.ok()) << pki.status();
    pki_ = std::move(*pki);
    auto admitter = SigningCertificates::Load(pki_->root().ca_file(), kTd);
    ASSERT_TRUE(admitter.ok()) << admitter.status();
    admitter_ = std::move(*admitter);
  }

  // Issues a certificate from `ca`; returns {file, der}.
  std::pair<std::string, std::string> Issue(testing::TestCa& ca, const std::string& stem,
                                            const testing::LeafSpec& spec) {
    auto files = ca.Issue(stem, spec);
    EXPECT_TRUE(files.ok()) << files.status();
    auto info = security::ReadCertificate(files->cert_file);
    EXPECT_TRUE(info.ok()) << info.status();
    return {files->cert_file, info->der};
  }

  absl::StatusOr<std::unique_ptr<OwnSigningCertificates>> Load(
      const std::string& current_der, const std::vector<std::string>& previous) {
    return OwnSigningCertificates::Load("au.abf", current_der, previous, *admitter_);
  }

  std::unique_ptr<testing::TestPki> pki_;
  std::unique_ptr<SigningCertificates> admitter_;
};

TEST_F(OwnSigningCertificatesTest, FindsCurrentAndRetiredCertificatesByKeyId) {
  auto [current_file, current_der] = Issue(pki_->root(), "now", SigningLeaf(SigningId("au.abf")));
  // A retired certificate may have expired: records are judged by when they were signed.
  auto [old_file, old_der] =
      Issue(pki_->root(), "old", testing::Expired(SigningLeaf(SigningId("au.abf"))));
  auto own = Load(current_der, {old_file});
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_EQ((*own)->size(), 2u);
  for (const std::string& der : {current_der, old_der}) {
    auto admitted = admitter_->Admit(der);
    ASSERT_TRUE(admitted.ok());
    const std::string* found = (*own)->Find((*admitted)->key_id);
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(*found, der);
  }
  EXPECT_EQ((*own)->Find(std::string(32, 'x')), nullptr);
}

TEST_F(OwnSigningCertificatesTest, AnotherAgencysCertificateIsRefusedNamingTheKeyAndFile) {
  auto [current_file, current_der] = Issue(pki_->root(), "now", SigningLeaf(SigningId("au.abf")));
  auto [other_file, other_der] = Issue(pki_->root(), "id", SigningLeaf(SigningId("id.polri")));
  auto own = Load(current_der, {other_file});
  ASSERT_EQ(own.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(own.status().message(),
              AllOf(HasSubstr("signing.previous_cert_files[0] " + other_file),
                    HasSubstr("signing certificate of id.polri, not of this agency (au.abf)")));
}

TEST_F(OwnSigningCertificatesTest, ACertificateOfAnotherRootOrANodeIdentityIsRefused) {
  auto [current_file, current_der] = Issue(pki_->root(), "now", SigningLeaf(SigningId("au.abf")));
  auto [rogue_file, rogue_der] = Issue(pki_->other_ca(), "rogue", SigningLeaf(SigningId("au.abf")));
  auto rogue = Load(current_der, {rogue_file});
  ASSERT_EQ(rogue.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(rogue.status().message(), HasSubstr("signing.previous_cert_files[0] "));

  auto [node_file, node_der] =
      Issue(pki_->root(), "node", SigningLeaf("spiffe://rilon.test/agency/au.abf/node"));
  auto node = Load(current_der, {current_file, node_file});
  ASSERT_EQ(node.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(node.status().message(), HasSubstr("signing.previous_cert_files[1] " + node_file));
}

TEST_F(OwnSigningCertificatesTest, AnUnreadableFileIsRefusedNamingIt) {
  auto own = Load("", {pki_->dir() + "/absent.crt"});
  ASSERT_EQ(own.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(own.status().message(),
              AllOf(HasSubstr("signing.previous_cert_files[0] "), HasSubstr("absent.crt")));
}

}  // namespace
}  // namespace rilon::federation
