// RestrictProcessToTls13 must notice when it ran too late to take effect. This lives in the unit
// test binary, where nothing ever restricts OpenSSL; the positive case is in the TLS integration
// test binary, which restricts OpenSSL before anything else runs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <stdlib.h>

#include <filesystem>

#include "node/security/tls_credentials.h"

namespace rilon::security {
namespace {

using ::testing::HasSubstr;

TEST(RestrictProcessToTls13Test, RefusesWhenOpenSslWasInitialisedFirst) {
  // Any TLS context makes OpenSSL load its default configuration, after which ours is ignored.
  SSL_CTX* ctx = SSL_CTX_new(TLS_method());
  ASSERT_NE(ctx, nullptr);
  SSL_CTX_free(ctx);

  std::string dir = (std::filesystem::temp_directory_path() / "rilon-tls13-XXXXXX").string();
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  absl::Status s = RestrictProcessToTls13(dir);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("call RestrictProcessToTls13 first"));
}

TEST(RestrictProcessToTls13Test, RefusesAnUnwritableScratchDirectory) {
  absl::Status s = RestrictProcessToTls13("/nonexistent-rilon-dir");
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("/nonexistent-rilon-dir"));
}

}  // namespace
}  // namespace rilon::security
