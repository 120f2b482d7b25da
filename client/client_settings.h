// Connection settings of `rilon`: where the node is, which certificates to use, and the default
// deadline, merged from three sources with increasing priority: the settings file (textproto of
// rilon.config.v1.ClientConfig), RILON_* environment variables, and command-line flags.
//
// Contract:
//   - Settings file: --config, else $RILON_CONFIG, else $XDG_CONFIG_HOME/rilon/client.textproto,
//     else ~/.config/rilon/client.textproto. A file named by --config or RILON_CONFIG must exist;
//     a missing default file is fine when env and flags supply everything.
//   - Relative paths and "~/" in the settings file are resolved against the file's directory and
//     $HOME; paths from the environment and flags are taken as given (relative to the cwd).
//   - Empty environment variables count as unset.
//   - Errors name the source and say what to do: a bad flag value is a UsageError (exit 2); a bad
//     environment variable or settings file is FAILED_PRECONDITION (exit 3), with
//     "<file>:<line>:<column>: " for parse errors in the file.
//   - A resolved ClientSettings has every field set (endpoint, ca, cert, key, timeout > 0).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "rilon/config/v1/client_config.pb.h"

namespace rilon::client {

inline constexpr absl::Duration kDefaultTimeout = absl::Seconds(10);

struct ClientSettings {
  std::string endpoint;   // host:port
  std::string ca_file;    // federation root(s)
  std::string cert_file;  // own certificate
  std::string key_file;   // own private key
  absl::Duration timeout = kDefaultTimeout;
  std::string server_name;  // optional TLS name override (settings file only)
  std::string config_file;  // the settings file read; empty when none was
};

// The command-line values, as given (unset when the flag was absent).
struct SettingsFlags {
  std::optional<std::string> config = std::nullopt;
  std::optional<std::string> endpoint = std::nullopt;
  std::optional<std::string> ca = std::nullopt;
  std::optional<std::string> cert = std::nullopt;
  std::optional<std::string> key = std::nullopt;
  std::optional<std::string> timeout = std::nullopt;
};

// Reads an environment variable; injected so that tests do not touch the process environment.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment (getenv).
Environment ProcessEnvironment();

absl::StatusOr<ClientSettings> ResolveSettings(const SettingsFlags& flags, const Environment& env);

// Parses a settings file. FAILED_PRECONDITION "<path>:<line>:<col>: <problem>: <what to do>".
absl::StatusOr<rilon::config::v1::ClientConfig> LoadClientConfigFile(const std::string& path);

// The default settings file location (without RILON_CONFIG / --config); empty when neither
// XDG_CONFIG_HOME nor HOME is set.
std::string DefaultConfigPath(const Environment& env);

// "10s", "500ms", "1.5s", "2m": positive and at most 24 hours. INVALID_ARGUMENT otherwise,
// with an example of the expected form.
absl::StatusOr<absl::Duration> ParseTimeout(std::string_view text);

// "host:port" or "[v6-address]:port" with a port in 1..65535. INVALID_ARGUMENT otherwise.
absl::Status CheckEndpoint(std::string_view endpoint);

}  // namespace rilon::client
