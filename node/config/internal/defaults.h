// Completes a parsed configuration: zero values get the defaults from config_schema, relative
// paths are made absolute against the config file's directory. Runs before validation, so that
// validation sees exactly what the node will use.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "rilon/config/v1/node_config.pb.h"

namespace rilon::config::internal {

// Sets every numeric key that is zero to its default, an empty log_level to "info", and an empty
// federation.peers[i].node_id to spiffe://<trust_domain>/agency/<peer agency>/node.
// INTERNAL only if the schema table does not match the proto (caught by the schema test).
absl::Status FillDefaults(rilon::config::v1::NodeConfig& config);

// Makes every non-empty relative path key absolute against `base_dir` (itself made absolute
// against the working directory when relative) and normalises it ("a/../b" -> "b").
absl::Status ResolvePaths(rilon::config::v1::NodeConfig& config, const std::string& base_dir);

}  // namespace rilon::config::internal
