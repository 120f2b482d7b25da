// Checks on certificate and key files before anything uses them, so that an operator gets a
// message naming the file and what to do instead of a TLS handshake failure later.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace rilon::security {

// A private key file must exist, be a regular file, be readable by us and not be readable or
// writable by group or others (mode 0600 or 0400). FAILED_PRECONDITION naming the file, its
// mode and the chmod that fixes it otherwise.
absl::Status CheckPrivateKeyFile(const std::string& path);

struct CertificateInfo {
  std::string subject;                // RFC 2253
  std::vector<std::string> uri_sans;  // URI subjectAltNames, in order
  absl::Time not_before;
  absl::Time not_after;
  std::string der;         // DER of the leaf
  std::string sha256_hex;  // SHA-256 of der, lower-case hex
};

// Reads the first certificate of a PEM file. FAILED_PRECONDITION naming the file otherwise.
absl::StatusOr<CertificateInfo> ReadCertificate(const std::string& path);

// FAILED_PRECONDITION "<file> expired on <date>" / "not valid before <date>" unless `now` lies
// within the certificate's validity.
absl::Status CheckCertificateValidity(const std::string& path, const CertificateInfo& info,
                                      absl::Time now);

// FAILED_PRECONDITION unless the private key in key_path belongs to the certificate in cert_path.
absl::Status CheckKeyMatchesCertificate(const std::string& cert_path, const std::string& key_path);

// FAILED_PRECONDITION unless the certificate in cert_path chains to a root in ca_path (purpose
// not checked; the roots are the only trust anchors, no partial chains). Certificates after the
// first in cert_path are untrusted intermediates. Also FAILED_PRECONDITION when ca_path holds
// anything but self-signed CA certificates: gRPC treats every certificate in the root bundle as a
// trust anchor, so a stray intermediate or leaf there would silently widen trust.
absl::Status CheckCertificateChain(const std::string& cert_path, const std::string& ca_path);

}  // namespace rilon::security
