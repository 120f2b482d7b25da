// Ed25519 (RFC 8032, PureEdDSA) signing and verification on raw keys, through libsodium: its
// verification is about 1.6 times as fast as OpenSSL 3.0's on the machines we measure
// (docs/benchmarks.md), and verification bounds how fast a node takes in a peer's records.
// Keys still come from and live beside OpenSSL's (certificates, PEM files); only the arithmetic
// is libsodium's. Ed25519 is deterministic, so a signature is the same bytes whichever library
// made it.
//
// Contract: thread-safe; never logs. Ed25519Verify is strict, as libsodium is: besides a bad
// signature it refuses a non-canonical S, a small-order R and a small-order or non-canonical
// public key, none of which an honest signer produces.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace rilon::security::internal {

inline constexpr size_t kEd25519SeedBytes = 32;
inline constexpr size_t kEd25519PublicKeyBytes = 32;
inline constexpr size_t kEd25519SignatureBytes = 64;
inline constexpr size_t kEd25519SecretKeyBytes = 64;  // libsodium's form: seed, then public key

// A signing key in libsodium's form (seed and public key); wiped on destruction.
class Ed25519SecretKey {
 public:
  // `seed` is the 32-byte raw private key (RFC 8032), as OpenSSL exports it.
  explicit Ed25519SecretKey(std::string_view seed);
  ~Ed25519SecretKey();
  Ed25519SecretKey(const Ed25519SecretKey&) = delete;
  Ed25519SecretKey& operator=(const Ed25519SecretKey&) = delete;

  // The 64-byte signature of `message`.
  std::string Sign(std::string_view message) const;

 private:
  std::array<unsigned char, kEd25519SecretKeyBytes> secret_;
};

// True only when `signature` (64 bytes) is a valid signature of `message` by `public_key`
// (32 bytes); false for any other sizes.
bool Ed25519Verify(std::string_view public_key, std::string_view message,
                   std::string_view signature);

}  // namespace rilon::security::internal
