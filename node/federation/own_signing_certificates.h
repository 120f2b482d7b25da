// This agency's record-signing certificates, the current one and the retired ones kept after a
// key rotation (config `signing.previous_cert_files`), by key id. The sender offers a peer the
// certificate of the key that signed each record it streams, so records signed before a
// rotation — queued for a peer that was offline, or pulled again by anti-entropy — still verify
// at the receiver, which only knows the certificates it is offered.
//
// Contract:
//   - Load() admits every retired certificate exactly as a receiver would
//     (SigningCertificates::Admit: chains to the federation root, Ed25519, a signing identity of
//     this trust domain; expiry does not matter, records are judged by their creation time) and
//     also requires it to be this agency's. Any failure is FAILED_PRECONDITION naming the config
//     key with its index and the file, so rilond refuses to start rather than strand records.
//   - Find() returns the DER of the certificate whose SHA-256 is `key_id`, or nullptr.
//   - Immutable after Load(); safe to share between threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "node/federation/signing_certificates.h"

namespace rilon::federation {

class OwnSigningCertificates {
 public:
  // `current_der`: the certificate of the key signing now (RecordSigner::certificate_der(); may
  // be empty in tests that sign with a generated key). `previous_files`: PEM files, in config
  // order. `admitter` checks them as receivers do.
  static absl::StatusOr<std::unique_ptr<OwnSigningCertificates>> Load(
      std::string_view own_agency, std::string_view current_der,
      const std::vector<std::string>& previous_files, SigningCertificates& admitter);

  const std::string* Find(std::string_view key_id) const;
  size_t size() const { return by_key_id_.size(); }

 private:
  OwnSigningCertificates() = default;
  absl::flat_hash_map<std::string, std::string> by_key_id_;  // SHA-256 of DER -> DER
};

}  // namespace rilon::federation
