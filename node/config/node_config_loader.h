// Loads rilond's configuration file (textproto of rilon.config.v1.NodeConfig) and checks it
// before anything starts, so that every mistake an operator can make is reported at start-up
// with the key or file it concerns and what to do.
//
// Contract:
//   - Syntax errors and unknown keys: INVALID_ARGUMENT "<file>:<line>:<col>: <what>".
//   - Defaults are filled in for every zero value (see the proto's comments); relative paths are
//     resolved against the config file's directory.
//   - Bad values (agency id, trust domain, listen address, limits out of range): INVALID_ARGUMENT
//     naming the key, e.g. "limits.max_message_bytes: 0x... is above the maximum 16777216".
//   - CheckNodeFiles: key files exist with mode 0600/0400, certificates parse, are within their
//     validity, match their keys, chain to tls.ca_file, and carry the expected URI SANs
//     (spiffe://<trust_domain>/agency/<agency_id>/node and .../signing); the sharing policy file
//     (policy.file), when set, exists, is a regular file and is not world-writable (its content
//     is checked when the node loads it, node/policy/live_policy.h). FAILED_PRECONDITION naming
//     the file and the fix.
//   - directory.group: ids well formed, unique, never the reserved "federation"; member agency
//     ids well formed and unique per group (INVALID_ARGUMENT naming the entry).
//   - There is no setting that turns off client-certificate verification or TLS.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "rilon/config/v1/node_config.pb.h"

namespace rilon::config {

// Parses, fills defaults, resolves paths and validates values (no file checks).
absl::StatusOr<rilon::config::v1::NodeConfig> LoadNodeConfig(const std::string& path);

// The same, from text (paths resolved against base_dir); for tests and `rilond --check-config`.
absl::StatusOr<rilon::config::v1::NodeConfig> ParseNodeConfig(const std::string& text,
                                                              const std::string& source_name,
                                                              const std::string& base_dir);

// Checks the certificate and key files named by a loaded config (see contract).
absl::Status CheckNodeFiles(const rilon::config::v1::NodeConfig& config);

// FAILED_PRECONDITION "listen_address 127.0.0.1:7443 is already in use ..." when the address
// cannot be bound (port 0 always passes).
absl::Status CheckListenAddressAvailable(const std::string& listen_address);

}  // namespace rilon::config
