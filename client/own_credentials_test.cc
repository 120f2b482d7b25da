#include "client/own_credentials.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "client/exit_codes.h"
#include "tests/testing/test_pki.h"

namespace rilon::client {
namespace {

using rilon::testing::TestPki;
using ::testing::HasSubstr;

constexpr char kOfficer[] = "spiffe://rilon.test/agency/au.abf/officer/jlee";

class OwnCredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestPki>> pki = TestPki::Create();
    ASSERT_TRUE(pki.ok()) << pki.status();
    pki_ = *std::move(pki);
  }

  ClientSettings Issue(const std::string& stem, const rilon::testing::LeafSpec& spec) {
    absl::StatusOr<rilon::testing::IssuedFiles> files = pki_->root().Issue(stem, spec);
    EXPECT_TRUE(files.ok()) << files.status();
    ClientSettings settings;
    settings.endpoint = "127.0.0.1:7443";
    settings.ca_file = pki_->root().ca_file();
    if (files.ok()) {
      settings.cert_file = files->cert_file;
      settings.key_file = files->key_file;
    }
    return settings;
  }

  // The refusal's message; it must be a configuration problem (exit 3).
  std::string Refusal(const ClientSettings& settings) {
    absl::StatusOr<OwnCredentials> own = CheckOwnCredentials(settings, absl::Now());
    EXPECT_FALSE(own.ok());
    if (own.ok()) return "";
    EXPECT_EQ(own.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(ExitCodeOf(own.status()), ExitCode::kConfiguration);
    return std::string(own.status().message());
  }

  std::unique_ptr<TestPki> pki_;
};

TEST_F(OwnCredentialsTest, ExpectedServerIdComesFromOwnCertificate) {
  ClientSettings settings = Issue("jlee", rilon::testing::UserLeaf(kOfficer));
  absl::StatusOr<OwnCredentials> own = CheckOwnCredentials(settings, absl::Now());
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_EQ(own->expected_server_id, "spiffe://rilon.test/agency/au.abf/node");
  EXPECT_EQ(own->principal.agency_id, "au.abf");
  EXPECT_EQ(own->principal.name, "jlee");
}

TEST_F(OwnCredentialsTest, ExpiredCertificateSaysWhenAndWhatToDo) {
  rilon::testing::LeafSpec spec = rilon::testing::UserLeaf(kOfficer);
  spec.not_before = absl::FromUnixSeconds(1767225600);  // 2026-01-01 00:00:00 UTC
  spec.not_after = absl::FromUnixSeconds(1769817600);   // 2026-01-31 00:00:00 UTC
  ClientSettings settings = Issue("old", spec);
  absl::StatusOr<OwnCredentials> own =
      CheckOwnCredentials(settings, absl::FromUnixSeconds(1769817600) + absl::Hours(1));
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(ExitCodeOf(own.status()), ExitCode::kConfiguration);
  EXPECT_EQ(std::string(own.status().message()),
            "your certificate " + settings.cert_file +
                " expired on 2026-01-31 00:00:00 UTC: ask your agency's RILON administrator for "
                "a new one (deploy/pki.sh officer --agency au.abf --name jlee --force)");
}

TEST_F(OwnCredentialsTest, NotYetValidCertificateMentionsTheClock) {
  ClientSettings settings =
      Issue("early", rilon::testing::NotYetValid(rilon::testing::UserLeaf(kOfficer)));
  std::string message = Refusal(settings);
  EXPECT_THAT(message, HasSubstr("is not valid before"));
  EXPECT_THAT(message, HasSubstr("check that this computer's clock is right"));
}

TEST_F(OwnCredentialsTest, CertificateWithoutRilonIdentity) {
  rilon::testing::LeafSpec spec = rilon::testing::UserLeaf("https://example.org/jlee");
  std::string message = Refusal(Issue("web", spec));
  EXPECT_THAT(message, HasSubstr("carries no RILON identity"));
}

TEST_F(OwnCredentialsTest, KeyReadableByOthers) {
  ClientSettings settings = Issue("open", rilon::testing::UserLeaf(kOfficer));
  ASSERT_EQ(::chmod(settings.key_file.c_str(), 0644), 0);
  std::string message = Refusal(settings);
  EXPECT_THAT(message, HasSubstr("cannot use your private key: "));
  EXPECT_THAT(message, HasSubstr(settings.key_file));
}

TEST_F(OwnCredentialsTest, MissingCertificateFile) {
  ClientSettings settings = Issue("gone", rilon::testing::UserLeaf(kOfficer));
  settings.cert_file = pki_->dir() + "/missing.crt";
  std::string message = Refusal(settings);
  EXPECT_THAT(message, HasSubstr("cannot use your certificate: "));
  EXPECT_THAT(message, HasSubstr("missing.crt"));
}

}  // namespace
}  // namespace rilon::client
