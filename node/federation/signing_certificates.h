// The record-signing certificates of origin agencies, as a receiving node learns them from its
// peers: each is verified once (chain to the federation root, exactly one URI SAN
// spiffe://<trust-domain>/agency/<agency>/signing, an Ed25519 key) and then cached under its key
// id, the SHA-256 of its DER, which is what RecordBody.signer_key_id names.
//
// Contract:
//   - Admit() returns the verified certificate, or INVALID_ARGUMENT (not DER, not Ed25519, SAN
//     not a signing identity of this trust domain) / UNAUTHENTICATED (does not chain to the
//     federation root) with the reason. A refused certificate is never cached.
//   - The chain is checked without regard to the current time: a record is judged by whether
//     it was signed (RecordBody.created_unix_micros) within the certificate's validity, so a
//     backlog signed before a certificate expired still verifies days later.
//   - At most kMaxCached certificates are kept (the oldest admitted are dropped first), so a peer
//     cannot grow memory without bound by offering certificates.
//   - Thread-safe.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace rilon::federation {

struct SigningCertificate {
  std::string key_id;  // SHA-256 of der, 32 raw bytes
  std::string der;
  std::string public_key;  // raw 32-byte Ed25519 key (verifying needs no certificate parsing)
  std::string agency;      // from the URI SAN
  absl::Time not_before;
  absl::Time not_after;
};

class SigningCertificates {
 public:
  static constexpr size_t kMaxCached = 4096;

  // Reads the federation root(s) from `ca_file` (PEM). FAILED_PRECONDITION naming the file.
  static absl::StatusOr<std::unique_ptr<SigningCertificates>> Load(const std::string& ca_file,
                                                                   std::string trust_domain);
  ~SigningCertificates();
  SigningCertificates(const SigningCertificates&) = delete;
  SigningCertificates& operator=(const SigningCertificates&) = delete;

  absl::StatusOr<std::shared_ptr<const SigningCertificate>> Admit(std::string_view der);

  // The cached certificate with this key id, or null.
  std::shared_ptr<const SigningCertificate> Find(std::string_view key_id) const;

 private:
  struct Roots;
  SigningCertificates(std::unique_ptr<Roots> roots, std::string trust_domain);

  std::unique_ptr<Roots> roots_;
  const std::string trust_domain_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<const SigningCertificate>> cache_
      ABSL_GUARDED_BY(mu_);
  std::deque<std::string> admitted_order_ ABSL_GUARDED_BY(mu_);
};

}  // namespace rilon::federation
