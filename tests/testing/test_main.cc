// The main() of every GoogleTest binary: GoogleTest's own, preceded by
// KeepOpenSslUntilProcessExit (node/security/openssl_lifetime.h), so that a gRPC thread still
// exiting when a test process ends does not leak OpenSSL's per-thread state.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "node/security/openssl_lifetime.h"

int main(int argc, char** argv) {
  rilon::security::KeepOpenSslUntilProcessExit();
  ::testing::InitGoogleMock(&argc, argv);
  return RUN_ALL_TESTS();
}
