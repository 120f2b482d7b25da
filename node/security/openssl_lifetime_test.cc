// KeepOpenSslUntilProcessExit must stop OpenSSL from tearing its state down at exit, which a
// probe process observes from an exit handler that runs after OpenSSL's would have.
#include "node/security/openssl_lifetime.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <string>

namespace rilon::security {
namespace {

int ProbeExitStatus(const std::string& mode) {
  const int status = std::system((std::string(RILON_OPENSSL_LIFETIME_PROBE) + " " + mode).c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(OpenSslLifetimeTest, OpenSslStateOutlivesTheExitHandlers) {
  EXPECT_EQ(ProbeExitStatus("keep"), 0);
}

TEST(OpenSslLifetimeTest, WithoutItOpenSslTearsItselfDownAtExit) {
  // The control: shows the probe can tell the difference.
  EXPECT_EQ(ProbeExitStatus("default"), 3);
}

}  // namespace
}  // namespace rilon::security
