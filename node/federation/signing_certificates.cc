#include "node/federation/signing_certificates.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <vector>

#include "absl/strings/str_cat.h"
#include "node/security/identity.h"
#include "node/security/internal/openssl_util.h"

namespace rilon::federation {
namespace {

using ::rilon::security::internal::Asn1TimeToAbsl;
using ::rilon::security::internal::Sha256;
using ::rilon::security::internal::TakeOpenSslErrors;
using ::rilon::security::internal::UriSans;

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;
struct StoreFree {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
struct StoreCtxFree {
  void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
};
struct FileClose {
  void operator()(FILE* f) const { fclose(f); }
};

}  // namespace

struct SigningCertificates::Roots {
  std::unique_ptr<X509_STORE, StoreFree> store;
};

SigningCertificates::SigningCertificates(std::unique_ptr<Roots> roots, std::string trust_domain)
    : roots_(std::move(roots)), trust_domain_(std::move(trust_domain)) {}

SigningCertificates::~SigningCertificates() = default;

absl::StatusOr<std::unique_ptr<SigningCertificates>> SigningCertificates::Load(
    const std::string& ca_file, std::string trust_domain) {
  std::unique_ptr<FILE, FileClose> file(fopen(ca_file.c_str(), "r"));
  if (!file) {
    return absl::FailedPreconditionError(
        absl::StrCat("tls.ca_file ", ca_file, " cannot be read to verify signing certificates"));
  }
  auto roots = std::make_unique<Roots>();
  roots->store.reset(X509_STORE_new());
  int count = 0;
  for (;;) {
    X509Ptr cert(PEM_read_X509(file.get(), nullptr, nullptr, nullptr));
    if (!cert) break;
    if (X509_STORE_add_cert(roots->store.get(), cert.get()) == 1) ++count;
  }
  TakeOpenSslErrors();  // PEM_read_X509 reports the end of the file as an error
  if (count == 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "tls.ca_file ", ca_file, " holds no certificate: it must hold the federation root"));
  }
  return std::unique_ptr<SigningCertificates>(
      new SigningCertificates(std::move(roots), std::move(trust_domain)));
}

absl::StatusOr<std::shared_ptr<const SigningCertificate>> SigningCertificates::Admit(
    std::string_view der) {
  std::string key_id = Sha256(der);
  if (auto known = Find(key_id); known != nullptr) return known;

  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert || p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
    TakeOpenSslErrors();
    return absl::InvalidArgumentError("signing certificate is not a single DER certificate");
  }
  if (EVP_PKEY_get_base_id(X509_get0_pubkey(cert.get())) != EVP_PKEY_ED25519) {
    TakeOpenSslErrors();
    return absl::InvalidArgumentError("signing certificate does not hold an Ed25519 key");
  }
  std::vector<std::string> uris = UriSans(cert.get());
  if (uris.size() != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("signing certificate has ", uris.size(), " URI SANs; exactly one expected"));
  }
  absl::StatusOr<security::Principal> principal = security::ParseSpiffeId(uris[0]);
  if (!principal.ok() || principal->role != security::Role::kSigning ||
      principal->trust_domain != trust_domain_) {
    return absl::InvalidArgumentError(absl::StrCat("signing certificate names ", uris[0],
                                                   ", not spiffe://", trust_domain_,
                                                   "/agency/<agency>/signing"));
  }

  std::unique_ptr<X509_STORE_CTX, StoreCtxFree> ctx(X509_STORE_CTX_new());
  int verified = 0;
  int error = X509_V_OK;
  if (ctx && X509_STORE_CTX_init(ctx.get(), roots_->store.get(), cert.get(), nullptr) == 1) {
    // Time is judged per record (signed within the validity), not now.
    X509_STORE_CTX_set_flags(ctx.get(), X509_V_FLAG_NO_CHECK_TIME);
    verified = X509_verify_cert(ctx.get());
    error = X509_STORE_CTX_get_error(ctx.get());
  }
  std::string reasons = TakeOpenSslErrors();
  if (verified != 1) {
    return absl::UnauthenticatedError(absl::StrCat(
        "signing certificate of ", principal->agency_id, " does not chain to the federation root: ",
        error != X509_V_OK ? X509_verify_cert_error_string(error) : reasons));
  }

  std::string public_key(32, '\0');
  size_t public_key_len = public_key.size();
  if (EVP_PKEY_get_raw_public_key(X509_get0_pubkey(cert.get()),
                                  reinterpret_cast<unsigned char*>(public_key.data()),
                                  &public_key_len) != 1 ||
      public_key_len != public_key.size()) {
    TakeOpenSslErrors();
    return absl::InvalidArgumentError("signing certificate's Ed25519 key cannot be read");
  }

  auto entry = std::make_shared<SigningCertificate>();
  entry->key_id = key_id;
  entry->der = std::string(der);
  entry->public_key = std::move(public_key);
  entry->agency = principal->agency_id;
  entry->not_before = Asn1TimeToAbsl(X509_get0_notBefore(cert.get()));
  entry->not_after = Asn1TimeToAbsl(X509_get0_notAfter(cert.get()));
  absl::MutexLock lock(&mu_);
  if (cache_.size() >= kMaxCached && !admitted_order_.empty()) {
    cache_.erase(admitted_order_.front());
    admitted_order_.pop_front();
  }
  if (cache_.emplace(key_id, entry).second) admitted_order_.push_back(key_id);
  return std::shared_ptr<const SigningCertificate>(entry);
}

std::shared_ptr<const SigningCertificate> SigningCertificates::Find(std::string_view key_id) const {
  absl::MutexLock lock(&mu_);
  auto it = cache_.find(std::string(key_id));
  return it == cache_.end() ? nullptr : it->second;
}

}  // namespace rilon::federation
