// Mutual-TLS credentials for every gRPC endpoint of RILON: the node's server port, and outbound
// channels of the thin client and of node-to-node federation.
//
// Contract:
//   - Only TLS 1.3 is negotiated: call RestrictProcessToTls13() once, before any gRPC object is
//     created (it loads an OpenSSL config with "Protocol = -ALL, TLSv1.3"; gRPC 1.51 has no API
//     for a minimum version and overrides MinProtocol).
//   - Servers always require and verify a client certificate chained to the federation root;
//     there is no option to turn this off.
//   - Files are read and checked (parseable PEM, private key matches certificate, certificate not
//     expired) before credentials are built; a bad file is refused with FAILED_PRECONDITION
//     naming the file and what to do.
#pragma once

#include <grpcpp/security/auth_metadata_processor.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace rilon::security {

struct TlsFilePaths {
  std::string ca_file;    // federation root(s) only
  std::string cert_file;  // own certificate (PEM, leaf first)
  std::string key_file;   // own private key (PEM)
};

// Loads an OpenSSL configuration that disables every protocol but TLS 1.3 for all SSL_CTX of
// this process. The config is written to `scratch_dir` (mode 0600). Idempotent.
absl::Status RestrictProcessToTls13(const std::string& scratch_dir);

// Server credentials: TLS 1.3 only, client certificate required and verified, `authorizer`
// (may be null only in tests) run before every call.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TlsFilePaths& files, std::shared_ptr<grpc::AuthMetadataProcessor> authorizer);

// Channel credentials for calling a RILON node: presents our certificate and verifies the
// server's chain against the federation root. The server must present exactly the URI SAN
// `expected_server_id` (e.g. "spiffe://rilon.example/agency/au.abf/node"); the host name in the
// target is not what identifies a node. A mismatch fails the handshake (the call gets
// UNAVAILABLE) and is logged with both ids.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const TlsFilePaths& files, const std::string& expected_server_id);

}  // namespace rilon::security
