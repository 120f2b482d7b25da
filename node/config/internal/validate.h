// Checks the values of a completed configuration (after FillDefaults and ResolvePaths) without
// touching the file system or the network. Returns every problem, not just the first, so an
// operator fixes them all in one edit.
#pragma once

#include <string>
#include <vector>

#include "node/config/internal/text_parse.h"
#include "rilon/config/v1/node_config.pb.h"

namespace rilon::config::internal {

// One line per problem, "<where>: <key>: <what is wrong and what to do>", where <where> is the
// FILE:LINE:COL of the key from `locations` (or just FILE for a missing key). Empty when valid.
std::vector<std::string> ValidateNodeConfig(const rilon::config::v1::NodeConfig& config,
                                            const KeyLocations& locations);

}  // namespace rilon::config::internal
