// OpenSSL plumbing shared by the node's modules that handle X.509 (security, and federation's
// signing-certificate cache); not part of the security module's public surface: owning
// pointers for OpenSSL objects, PEM parsing that never prompts for a pass phrase, and turning
// OpenSSL's thread-local error queue into a message.
//
// Contract: every function that fails leaves the calling thread's OpenSSL error queue empty.
// This matters because gRPC's TLS code reads that queue on the same threads; a stale entry left
// by us would be reported as the cause of an unrelated handshake failure.
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace rilon::security::internal {

template <auto Free>
struct OpenSslDeleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO_free_all>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY_free>>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, OpenSslDeleter<EVP_MD_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509_free>>;
using X509StorePtr = std::unique_ptr<X509_STORE, OpenSslDeleter<X509_STORE_free>>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, OpenSslDeleter<X509_STORE_CTX_free>>;
using SslCtxPtr = std::unique_ptr<SSL_CTX, OpenSslDeleter<SSL_CTX_free>>;

// Empties this thread's OpenSSL error queue and returns its reasons ("" when it was empty).
std::string TakeOpenSslErrors();

// The whole file. FAILED_PRECONDITION "<what> <path> cannot be read: <errno text>" otherwise.
absl::StatusOr<std::string> ReadWholeFile(const std::string& path, const char* what);

// Every certificate in a PEM file, in order; FAILED_PRECONDITION naming the file when it holds
// none or a block does not parse.
absl::StatusOr<std::vector<X509Ptr>> ReadCertificatesPem(const std::string& path);

// The private key of a PEM file (PKCS#8 or traditional). Encrypted keys are refused instead of
// prompting on the terminal. FAILED_PRECONDITION naming the file otherwise. Does not check the
// file's permissions (see CheckPrivateKeyFile).
absl::StatusOr<EvpPkeyPtr> ReadPrivateKeyPem(const std::string& path);

// Certificate times as absl::Time; InfinitePast() if OpenSSL cannot read the time.
absl::Time Asn1TimeToAbsl(const ASN1_TIME* time);

// "2026-01-31 00:00:00 UTC".
std::string FormatUtc(absl::Time time);

// DER encoding of a certificate ("" on failure, which cannot happen for a parsed certificate).
std::string CertificateDer(X509* cert);

// For operations that cannot fail short of memory exhaustion or a broken OpenSSL installation,
// where the contract promises success: prints what failed and OpenSSL's reasons, then aborts.
[[noreturn]] void DieOnOpenSslFailure(std::string_view what);

// SHA-256 of `data`, 32 raw bytes.
std::string Sha256(std::string_view data);

// The URI subjectAltNames of a certificate, in order.
std::vector<std::string> UriSans(X509* cert);

}  // namespace rilon::security::internal
