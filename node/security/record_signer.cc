#include "node/security/record_signer.h"

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "node/security/certificate_files.h"
#include "node/security/internal/openssl_util.h"

namespace rilon::security {
namespace {

constexpr size_t kEd25519PublicKeyBytes = 32;
constexpr size_t kEd25519SignatureBytes = 64;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

absl::Status VerifyWithKey(EVP_PKEY* key, std::string_view message, std::string_view signature) {
  if (signature.size() != kEd25519SignatureBytes) {
    return absl::UnauthenticatedError(
        absl::StrCat("an Ed25519 signature is 64 bytes, this one is ", signature.size()));
  }
  internal::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, /*md=*/nullptr, nullptr, key) != 1) {
    internal::DieOnOpenSslFailure("EVP_DigestVerifyInit (Ed25519)");
  }
  const int rc = EVP_DigestVerify(ctx.get(), Bytes(signature), signature.size(), Bytes(message),
                                  message.size());
  if (rc != 1) {
    internal::TakeOpenSslErrors();
    return absl::UnauthenticatedError("the Ed25519 signature does not verify");
  }
  return absl::OkStatus();
}

}  // namespace

struct RecordSigner::Key {
  internal::EvpPkeyPtr pkey;
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
  return std::unique_ptr<RecordSigner>(
      new RecordSigner(std::move(key), std::move(key_id), std::move(der)));
}

std::unique_ptr<RecordSigner> RecordSigner::GenerateForTesting() {
  auto key = std::make_unique<Key>();
  key->pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!key->pkey) internal::DieOnOpenSslFailure("Ed25519 key generation");
  auto* signer = new RecordSigner(std::move(key), "", "");
  signer->key_id_ = internal::Sha256(signer->public_key());
  return std::unique_ptr<RecordSigner>(signer);
}

std::string RecordSigner::Sign(std::string_view message) const {
  // A context per call keeps Sign() free of shared mutable state; Ed25519 is one-shot, so the
  // context cannot be reused for a second message without re-initialising it anyway.
  internal::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx ||
      EVP_DigestSignInit(ctx.get(), nullptr, /*md=*/nullptr, nullptr, key_->pkey.get()) != 1) {
    internal::DieOnOpenSslFailure("EVP_DigestSignInit (Ed25519)");
  }
  std::string signature(kEd25519SignatureBytes, '\0');
  size_t len = signature.size();
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &len,
                     Bytes(message), message.size()) != 1 ||
      len != kEd25519SignatureBytes) {
    internal::DieOnOpenSslFailure("EVP_DigestSign (Ed25519)");
  }
  return signature;
}

std::string RecordSigner::public_key() const {
  std::string raw(kEd25519PublicKeyBytes, '\0');
  size_t len = raw.size();
  if (EVP_PKEY_get_raw_public_key(key_->pkey.get(), reinterpret_cast<unsigned char*>(raw.data()),
                                  &len) != 1 ||
      len != kEd25519PublicKeyBytes) {
    internal::DieOnOpenSslFailure("EVP_PKEY_get_raw_public_key (Ed25519)");
  }
  return raw;
}

absl::Status VerifyWithPublicKey(std::string_view public_key, std::string_view message,
                                 std::string_view signature) {
  if (public_key.size() != kEd25519PublicKeyBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("an Ed25519 public key is 32 bytes, this one is ", public_key.size()));
  }
  internal::EvpPkeyPtr key(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, Bytes(public_key), public_key.size()));
  if (!key) {
    internal::TakeOpenSslErrors();
    return absl::InvalidArgumentError("the Ed25519 public key is not usable");
  }
  return VerifyWithKey(key.get(), message, signature);
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
  return VerifyWithKey(key, message, signature);
}

}  // namespace rilon::security
