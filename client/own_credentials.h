// Checks the officer's or analyst's own key and certificate before connecting, so that the most
// common problems (expired certificate, key readable by others, a file that is not a RILON
// certificate) are reported in plain words instead of as a TLS handshake failure.
//
// Contract: FAILED_PRECONDITION (exit 3) naming the file, what is wrong and what to do. On
// success, the principal from the certificate's URI SAN and the SPIFFE id the node must present:
// spiffe://<trust-domain>/agency/<agency>/node.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/client_settings.h"
#include "node/security/identity.h"

namespace rilon::client {

struct OwnCredentials {
  security::Principal principal;
  std::string expected_server_id;
  absl::Time not_after;
};

absl::StatusOr<OwnCredentials> CheckOwnCredentials(const ClientSettings& settings, absl::Time now);

// The id of the node of `principal`'s agency.
std::string NodeIdOf(const security::Principal& principal);

}  // namespace rilon::client
