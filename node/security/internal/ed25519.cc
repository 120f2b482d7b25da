#include "node/security/internal/ed25519.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>

namespace rilon::security::internal {
namespace {

static_assert(kEd25519SeedBytes == crypto_sign_SEEDBYTES);
static_assert(kEd25519PublicKeyBytes == crypto_sign_PUBLICKEYBYTES);
static_assert(kEd25519SignatureBytes == crypto_sign_BYTES);
static_assert(kEd25519SecretKeyBytes == crypto_sign_SECRETKEYBYTES);

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// libsodium picks its implementations once per process; sodium_init() is thread-safe and may be
// called any number of times.
void EnsureSodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) {
    std::fputs("rilond: libsodium failed to initialise (sodium_init)\n", stderr);
    std::abort();
  }
}

}  // namespace

Ed25519SecretKey::Ed25519SecretKey(std::string_view seed) {
  EnsureSodium();
  if (seed.size() != kEd25519SeedBytes) {
    std::fputs("rilond: an Ed25519 seed must be 32 bytes\n", stderr);
    std::abort();
  }
  unsigned char public_key[kEd25519PublicKeyBytes];
  crypto_sign_seed_keypair(public_key, secret_.data(), Bytes(seed));
}

Ed25519SecretKey::~Ed25519SecretKey() { sodium_memzero(secret_.data(), secret_.size()); }

std::string Ed25519SecretKey::Sign(std::string_view message) const {
  std::string signature(kEd25519SignatureBytes, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr, Bytes(message),
                       message.size(), secret_.data());
  return signature;
}

bool Ed25519Verify(std::string_view public_key, std::string_view message,
                   std::string_view signature) {
  EnsureSodium();
  if (public_key.size() != kEd25519PublicKeyBytes || signature.size() != kEd25519SignatureBytes) {
    return false;
  }
  return crypto_sign_verify_detached(Bytes(signature), Bytes(message), message.size(),
                                     Bytes(public_key)) == 0;
}

}  // namespace rilon::security::internal
