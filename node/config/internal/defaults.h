// Completes a parsed configuration: zero values get the defaults from config_schema, relative
// paths are made absolute against the config file's directory. Runs before validation, so that
// validation sees exactly what the node will use.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "rilon/config/v1/node_config.pb.h"

namespace rilon::config::internal {

// Sets every numeric key that is zero to its default, an empty log_level to "info", an empty
// federation.peers[i].node_id to spiffe://<trust_domain>/agency/<peer agency>/node, and the
// reporting files left out to the shipped ones below DefaultDataFilesDir().
// INTERNAL only if the schema table does not match the proto (caught by the schema test).
absl::Status FillDefaults(rilon::config::v1::NodeConfig& config);

// Where rilond finds its shipped data files (codebook/, screening/) when the configuration names
// none: the CMake option RILON_DATA_FILES_DIR, deploy/ of the source tree unless a package sets
// it (e.g. /usr/share/rilon).
std::string DefaultDataFilesDir();

// Makes every non-empty relative path key (and every reporting.screening_pattern_files entry)
// absolute against `base_dir` (itself made absolute against the working directory when relative)
// and normalises it ("a/../b" -> "b").
absl::Status ResolvePaths(rilon::config::v1::NodeConfig& config, const std::string& base_dir);

}  // namespace rilon::config::internal
