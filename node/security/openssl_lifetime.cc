#include "node/security/openssl_lifetime.h"

#include <openssl/crypto.h>

namespace rilon::security {

void KeepOpenSslUntilProcessExit() {
  // Fails only when memory is exhausted at start-up; OpenSSL then reinitialises on first use.
  (void)OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr);
}

}  // namespace rilon::security
