// A process for openssl_lifetime_test. Its first exit handler, registered before OpenSSL is
// touched, runs after any handler OpenSSL registers and reports whether OpenSSL was torn down:
// exit status 0 if OpenSSL is still usable there, 3 if its state was already freed.
//   openssl_lifetime_probe keep      calls KeepOpenSslUntilProcessExit first
//   openssl_lifetime_probe default   does not
#include <openssl/crypto.h>
#include <openssl/err.h>

#include <cstdlib>
#include <string_view>

#include "node/security/openssl_lifetime.h"

namespace {

void ReportWhetherOpenSslSurvived() { std::_Exit(OPENSSL_init_crypto(0, nullptr) == 1 ? 0 : 3); }

}  // namespace

int main(int argc, char** argv) {
  std::atexit(ReportWhetherOpenSslSurvived);
  if (argc > 1 && std::string_view(argv[1]) == "keep") {
    rilon::security::KeepOpenSslUntilProcessExit();
  }
  // A thread's first use of its error queue, as gRPC's threads make: this is what registers
  // OpenSSL's exit handler unless KeepOpenSslUntilProcessExit came first.
  ERR_clear_error();
  return 0;
}
