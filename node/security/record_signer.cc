#include "node/security/record_signer.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "node/security/certificate_files.h"
#include "node/security/internal/ed25519.h"
#include "node/security/internal/openssl_util.h"

namespace rilon::security {
namespace {

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

absl::Status Verify(std::string_view public_key, std::string_view message,
                    std::string_view signature) {
  if (signature.size() != internal::kEd25519SignatureBytes) {
    return absl::UnauthenticatedError(
        absl::StrCat("an Ed25519 signature is 64 bytes, this one is ", signature.size()));
  }
  if (!internal::Ed25519Verify(public_key, message, signature)) {
    return absl::UnauthenticatedError("the Ed25519 signature does not verify");
  }
  return absl::OkStatus();
}

// The raw 32-byte public key of an Ed25519 EVP_PKEY.
std::string RawPublicKey(EVP_PKEY* key) {
  std::string raw(internal::kEd25519PublicKeyBytes, '\0');
  size_t len = raw.size();
  if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(raw.data()), &len) != 1 ||
      len != internal::kEd25519PublicKeyBytes) {
    internal::DieOnOpenSslFailure("EVP_PKEY_get_raw_public_key (Ed25519)");
  }
  return raw;
}

// libsodium's form of an Ed25519 EVP_PKEY's private key.
std::unique_ptr<internal::Ed25519SecretKey> SodiumKey(EVP_PKEY* key) {
  std::string seed(internal::kEd25519SeedBytes, '\0');
  size_t len = seed.size();
  if (EVP_PKEY_get_raw_private_key(key, reinterpret_cast<unsigned char*>(seed.data()), &len) != 1 ||
      len != internal::kEd25519SeedBytes) {
    internal::DieOnOpenSslFailure("EVP_PKEY_get_raw_private_key (Ed25519)");
  }
  auto sodium_key = std::make_unique<internal::Ed25519SecretKey>(seed);
  OPENSSL_cleanse(seed.data(), seed.size());
  return sodium_key;
}

}  // namespace

struct RecordSigner::Key {
  internal::EvpPkeyPtr pkey;
  std::unique_ptr<internal::Ed25519SecretKey> sodium;  // the same key, for signing
};

RecordSigner::RecordSigner(std::unique_ptr<Key> key, std::string key_id,
                           std::string certificate_der)
    : key_(std::move(key)),
      key_id_(std::move(key_id)),
      certificate_der_(std::move(certificate_der)) {}

RecordSigner::~RecordSigner() = default;

absl::StatusOr<std::unique_ptr<RecordSigner>> RecordSigner::LoadFromFiles(
    const std::string& key_file, const std::string& cert_file) {
  if (auto s = CheckPrivateKeyFile(key_file); !s.ok()) return s;
  auto pkey = internal::ReadPrivateKeyPem(key_file);
  if (!pkey.ok()) return pkey.status();
  if (EVP_PKEY_get_id(pkey->get()) != EVP_PKEY_ED25519) {
    return absl::FailedPreconditionError(absl::StrCat(
        "record-signing key file ", key_file, " holds a ", EVP_PKEY_get0_type_name(pkey->get()),
        " key; records are signed with Ed25519 (openssl genpkey -algorithm ed25519)"));
  }
  auto certs = internal::ReadCertificatesPem(cert_file);
  if (!certs.ok()) return certs.status();
  X509* cert = certs->front().get();
  if (X509_check_private_key(cert, pkey->get()) != 1) {
    internal::TakeOpenSslErrors();
    return absl::FailedPreconditionError(absl::StrCat(
        "record-signing key file ", key_file, " does not belong to the certificate in ", cert_file,
        "; install the key that was generated with this certificate"));
  }
  std::string der = internal::CertificateDer(cert);
  std::string key_id = internal::Sha256(der);
  auto key = std::make_unique<Key>();
  key->pkey = std::move(*pkey);
  key->sodium = SodiumKey(key->pkey.get());
  return std::unique_ptr<RecordSigner>(
      new RecordSigner(std::move(key), std::move(key_id), std::move(der)));
}

std::unique_ptr<RecordSigner> RecordSigner::GenerateForTesting() {
  auto key = std::make_unique<Key>();
  key->pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!key->pkey) internal::DieOnOpenSslFailure("Ed25519 key generation");
  key->sodium = SodiumKey(key->pkey.get());
  auto* signer = new RecordSigner(std::move(key), "", "");
  signer->key_id_ = internal::Sha256(signer->public_key());
  return std::unique_ptr<RecordSigner>(signer);
}

std::string RecordSigner::Sign(std::string_view message) const {
  return key_->sodium->Sign(message);
}

std::string RecordSigner::public_key() const { return RawPublicKey(key_->pkey.get()); }

absl::Status VerifyWithPublicKey(std::string_view public_key, std::string_view message,
                                 std::string_view signature) {
  if (public_key.size() != internal::kEd25519PublicKeyBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("an Ed25519 public key is 32 bytes, this one is ", public_key.size()));
  }
  return Verify(public_key, message, signature);
}

absl::Status VerifyWithCertificate(std::string_view certificate_der, std::string_view message,
                                   std::string_view signature) {
  const unsigned char* p = Bytes(certificate_der);
  internal::X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(certificate_der.size())));
  if (!cert || p != Bytes(certificate_der) + certificate_der.size()) {
    internal::TakeOpenSslErrors();
    return absl::InvalidArgumentError("the signer certificate is not one DER X.509 certificate");
  }
  EVP_PKEY* key = X509_get0_pubkey(cert.get());
  if (key == nullptr || EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
    internal::TakeOpenSslErrors();
    return absl::InvalidArgumentError("the signer certificate does not hold an Ed25519 key");
  }
  return Verify(RawPublicKey(key), message, signature);
}

}  // namespace rilon::security
