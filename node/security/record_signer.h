// Ed25519 signatures over record bytes (PureEdDSA, one shot; see docs/architecture.md "Records").
// Keys are read and checked with OpenSSL; the arithmetic is libsodium's (internal/ed25519.h).
//
// Contract: Sign() is thread-safe and never fails for a loaded key. Verify() returns OK only for a
// valid signature by the key of the given certificate; UNAUTHENTICATED for a bad signature;
// INVALID_ARGUMENT for an unusable certificate. Private keys never appear in messages or logs.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace rilon::security {

class RecordSigner {
 public:
  // Loads an Ed25519 private key and its certificate (PEM). Refuses a key file with loose
  // permissions, a non-Ed25519 key, and a key that does not match the certificate.
  static absl::StatusOr<std::unique_ptr<RecordSigner>> LoadFromFiles(const std::string& key_file,
                                                                     const std::string& cert_file);
  // For tests: a fresh random key with no certificate (key_id is the SHA-256 of the raw public
  // key).
  static std::unique_ptr<RecordSigner> GenerateForTesting();

  ~RecordSigner();
  RecordSigner(const RecordSigner&) = delete;
  RecordSigner& operator=(const RecordSigner&) = delete;

  // 64-byte Ed25519 signature of `message`.
  std::string Sign(std::string_view message) const;
  // SHA-256 of the signing certificate's DER (32 raw bytes).
  const std::string& key_id() const { return key_id_; }
  // DER of the signing certificate (empty for GenerateForTesting).
  const std::string& certificate_der() const { return certificate_der_; }
  // Raw 32-byte public key.
  std::string public_key() const;

 private:
  struct Key;
  RecordSigner(std::unique_ptr<Key> key, std::string key_id, std::string certificate_der);
  std::unique_ptr<Key> key_;
  std::string key_id_;
  std::string certificate_der_;
};

// Verifies an Ed25519 signature with a raw 32-byte public key.
absl::Status VerifyWithPublicKey(std::string_view public_key, std::string_view message,
                                 std::string_view signature);

// Verifies an Ed25519 signature with the public key of a DER certificate.
absl::Status VerifyWithCertificate(std::string_view certificate_der, std::string_view message,
                                   std::string_view signature);

}  // namespace rilon::security
