#include "client/client_settings.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/cli_args.h"
#include "client/exit_codes.h"
#include "client/file_reading.h"
#include "client/string_views.h"

namespace rilon::client {
namespace {

using rilon::config::v1::ClientConfig;

constexpr size_t kMaxSettingsBytes = 64 * 1024;
constexpr char kDocsHint[] = "see docs/client.md for an example settings file";

// Where a value came from; decides the error category and how the message names it.
enum class Source { kFile, kEnvironment, kFlag };

struct Value {
  std::string text;
  Source source = Source::kFile;
  std::string origin;  // "--endpoint", "RILON_ENDPOINT" or "<file>: endpoint"
};

absl::Status SourceError(const Value& value, absl::string_view problem) {
  switch (value.source) {
    case Source::kFlag:
      return UsageError(absl::StrCat(value.origin, ": ", problem));
    case Source::kEnvironment:
      return absl::FailedPreconditionError(absl::StrCat("environment variable ", value.origin, "='",
                                                        value.text, "': ", problem,
                                                        ": fix or unset it"));
    case Source::kFile:
      break;
  }
  return absl::FailedPreconditionError(
      absl::StrCat(value.origin, ": ", problem, ": fix the settings file (", kDocsHint, ")"));
}

// Collects the first parse error with its 1-based position.
class FirstErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (!has_error_) {
      has_error_ = true;
      line_ = line + 1;
      column_ = column + 1;
      message_ = message;
    }
  }
  bool has_error() const { return has_error_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& message() const { return message_; }

 private:
  bool has_error_ = false;
  int line_ = 0;
  int column_ = 0;
  std::string message_;
};

// The name in protobuf's "Message type ... has no field named "x"." (empty for other errors).
std::string UnknownFieldName(const std::string& message) {
  constexpr std::string_view kMarker = "has no field named \"";
  size_t at = message.find(kMarker);
  if (at == std::string::npos) return "";
  size_t start = at + kMarker.size();
  size_t end = message.find('"', start);
  if (end == std::string::npos) return "";
  return message.substr(start, end - start);
}

// Protobuf points after an unknown field's name; people look for its start.
int ColumnOfName(const std::string& text, int line, int reported_column, const std::string& name) {
  size_t start = 0;
  for (int i = 1; i < line && start != std::string::npos; ++i) {
    start = text.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (start == std::string::npos) return reported_column;
  size_t end = std::min(text.find('\n', start), text.size());
  size_t at = text.substr(start, end - start).find(name);
  return at == std::string::npos ? reported_column : static_cast<int>(at) + 1;
}

// Replaces protobuf's message for a misspelt field name with "did you mean".
std::string ExplainParseError(const std::string& message) {
  const std::string name = UnknownFieldName(message);
  if (name.empty()) return message;
  const google::protobuf::Descriptor* descriptor = ClientConfig::descriptor();
  std::vector<std::string> fields;
  for (int i = 0; i < descriptor->field_count(); ++i)
    fields.push_back(descriptor->field(i)->name());
  std::string out = absl::StrCat("unknown setting '", name, "'");
  std::string near = ClosestMatch(name, fields);
  if (!near.empty()) absl::StrAppend(&out, " (did you mean '", near, "'?)");
  absl::StrAppend(&out, "; known settings: ", absl::StrJoin(fields, ", "));
  return out;
}

std::optional<std::string> Lookup(const Environment& env, const std::string& name) {
  std::optional<std::string> value = env(name);
  if (value.has_value() && value->empty()) return std::nullopt;
  return value;
}

// A path from the settings file, made independent of the current directory.
std::string ResolveFilePath(const std::string& value, const std::string& config_file,
                            const Environment& env) {
  if (absl::StartsWith(value, "~/")) {
    std::optional<std::string> home = Lookup(env, "HOME");
    if (home.has_value()) return (std::filesystem::path(*home) / value.substr(2)).string();
    return value;
  }
  std::filesystem::path path(value);
  if (path.is_absolute()) return value;
  return (std::filesystem::path(config_file).parent_path() / path).lexically_normal().string();
}

struct Candidates {
  std::optional<Value> endpoint, ca, cert, key, timeout;
  std::string server_name;
};

void Override(std::optional<Value>& slot, const std::optional<std::string>& text, Source source,
              std::string origin) {
  if (text.has_value()) slot = Value{*text, source, std::move(origin)};
}

// The settings file to read (empty: none); `explicitly_named` when it must exist.
std::string ChooseConfigFile(const SettingsFlags& flags, const Environment& env,
                             bool* explicitly_named) {
  *explicitly_named = true;
  if (flags.config.has_value()) return *flags.config;
  if (std::optional<std::string> path = Lookup(env, "RILON_CONFIG")) return *path;
  *explicitly_named = false;
  return DefaultConfigPath(env);
}

absl::Status ApplyConfigFile(const SettingsFlags& flags, const Environment& env, Candidates* out,
                             std::string* config_file) {
  bool explicitly_named = false;
  const std::string path = ChooseConfigFile(flags, env, &explicitly_named);
  if (path.empty()) return absl::OkStatus();
  std::error_code ec;
  if (!explicitly_named && !std::filesystem::exists(path, ec)) return absl::OkStatus();
  absl::StatusOr<ClientConfig> config = LoadClientConfigFile(path);
  if (!config.ok()) return config.status();
  *config_file = path;
  auto file_value = [&](const char* field, std::string text, bool is_path) {
    if (is_path) text = ResolveFilePath(text, path, env);
    return Value{std::move(text), Source::kFile, absl::StrCat(path, ": ", field)};
  };
  if (!config->endpoint().empty())
    out->endpoint = file_value("endpoint", config->endpoint(), false);
  if (!config->ca_file().empty()) out->ca = file_value("ca_file", config->ca_file(), true);
  if (!config->cert_file().empty()) out->cert = file_value("cert_file", config->cert_file(), true);
  if (!config->key_file().empty()) out->key = file_value("key_file", config->key_file(), true);
  if (config->timeout_ms() != 0) {
    out->timeout = file_value("timeout_ms", absl::StrCat(config->timeout_ms(), "ms"), false);
  }
  out->server_name = config->server_name();
  return absl::OkStatus();
}

// Lists the settings nobody supplied, with the three ways to supply each.
absl::Status CheckComplete(const Candidates& c, const std::string& config_file,
                           const Environment& env) {
  struct Required {
    const std::optional<Value>& value;
    const char* field;
    const char* env;
    const char* flag;
  };
  const Required required[] = {
      {c.endpoint, "endpoint", "RILON_ENDPOINT", "--endpoint HOST:PORT"},
      {c.ca, "ca_file", "RILON_CA_FILE", "--ca FILE"},
      {c.cert, "cert_file", "RILON_CERT_FILE", "--cert FILE"},
      {c.key, "key_file", "RILON_KEY_FILE", "--key FILE"},
  };
  std::vector<std::string> missing;
  for (const Required& r : required) {
    if (!r.value.has_value()) {
      missing.push_back(absl::StrCat(r.field, " (or ", r.env, ", or ", r.flag, ")"));
    }
  }
  if (missing.empty()) return absl::OkStatus();
  std::string file = config_file.empty() ? DefaultConfigPath(env) : config_file;
  return absl::FailedPreconditionError(
      absl::StrCat("missing connection settings: ", absl::StrJoin(missing, "; "), ": put them in ",
                   file.empty() ? "a settings file" : file, " (", kDocsHint,
                   ") or ask your agency's RILON administrator for your settings file"));
}

}  // namespace

Environment ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::string DefaultConfigPath(const Environment& env) {
  if (std::optional<std::string> xdg = Lookup(env, "XDG_CONFIG_HOME")) {
    return (std::filesystem::path(*xdg) / "rilon" / "client.textproto").string();
  }
  if (std::optional<std::string> home = Lookup(env, "HOME")) {
    return (std::filesystem::path(*home) / ".config" / "rilon" / "client.textproto").string();
  }
  return "";
}

absl::StatusOr<ClientConfig> LoadClientConfigFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFileCapped(path, kMaxSettingsBytes);
  if (!text.ok()) {
    std::string what = std::string(text.status().message());
    if (text.status().code() == absl::StatusCode::kNotFound) {
      return absl::FailedPreconditionError(absl::StrCat(
          "settings file ", what, ": check the path given by --config or RILON_CONFIG"));
    }
    return absl::FailedPreconditionError(absl::StrCat("settings file: ", what, ": ", kDocsHint));
  }
  ClientConfig config;
  FirstErrorCollector errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(*text, &config) || errors.has_error()) {
    if (!errors.has_error()) {
      return absl::FailedPreconditionError(
          absl::StrCat(path, ": not a valid settings file: ", kDocsHint));
    }
    const std::string name = UnknownFieldName(errors.message());
    const int column =
        name.empty() ? errors.column() : ColumnOfName(*text, errors.line(), errors.column(), name);
    return absl::FailedPreconditionError(absl::StrCat(path, ":", errors.line(), ":", column, ": ",
                                                      ExplainParseError(errors.message()),
                                                      ": fix the settings file (", kDocsHint, ")"));
  }
  return config;
}

absl::StatusOr<absl::Duration> ParseTimeout(std::string_view text) {
  absl::Duration d;
  constexpr char kForm[] = "write a duration with a unit, e.g. 10s, 500ms or 2m";
  if (!absl::ParseDuration(ToAbsl(text), &d)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", ToAbsl(text), "' is not a duration: ", kForm));
  }
  if (d <= absl::ZeroDuration() || d == absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the timeout must be greater than zero and finite: ", kForm));
  }
  if (d > absl::Hours(24)) {
    return absl::InvalidArgumentError("the timeout must be at most 24h");
  }
  return d;
}

absl::Status CheckEndpoint(std::string_view endpoint) {
  constexpr char kForm[] = "write HOST:PORT, e.g. rilon.agency.example:7443 or 127.0.0.1:7443";
  const absl::string_view shown = ToAbsl(endpoint);
  if (absl::StrContains(shown, "://")) {
    return absl::InvalidArgumentError(absl::StrCat("'", shown, "' has a scheme: ", kForm));
  }
  size_t colon = endpoint.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return absl::InvalidArgumentError(absl::StrCat("'", shown, "' has no host or port: ", kForm));
  }
  std::string_view host = endpoint.substr(0, colon);
  std::string_view port = endpoint.substr(colon + 1);
  bool bracketed = host.front() == '[' && host.back() == ']';
  if (!bracketed && host.find(':') != std::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", shown, "': put an IPv6 address in brackets, e.g. [::1]:7443"));
  }
  int number = 0;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (port.empty() || ec != std::errc() || ptr != port.data() + port.size() || number < 1 ||
      number > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", shown, "' has no valid port (1-65535): ", kForm));
  }
  return absl::OkStatus();
}

absl::StatusOr<ClientSettings> ResolveSettings(const SettingsFlags& flags, const Environment& env) {
  Candidates c;
  ClientSettings settings;
  absl::Status file_status = ApplyConfigFile(flags, env, &c, &settings.config_file);
  if (!file_status.ok()) return file_status;

  Override(c.endpoint, Lookup(env, "RILON_ENDPOINT"), Source::kEnvironment, "RILON_ENDPOINT");
  Override(c.ca, Lookup(env, "RILON_CA_FILE"), Source::kEnvironment, "RILON_CA_FILE");
  Override(c.cert, Lookup(env, "RILON_CERT_FILE"), Source::kEnvironment, "RILON_CERT_FILE");
  Override(c.key, Lookup(env, "RILON_KEY_FILE"), Source::kEnvironment, "RILON_KEY_FILE");
  Override(c.timeout, Lookup(env, "RILON_TIMEOUT"), Source::kEnvironment, "RILON_TIMEOUT");

  Override(c.endpoint, flags.endpoint, Source::kFlag, "--endpoint");
  Override(c.ca, flags.ca, Source::kFlag, "--ca");
  Override(c.cert, flags.cert, Source::kFlag, "--cert");
  Override(c.key, flags.key, Source::kFlag, "--key");
  Override(c.timeout, flags.timeout, Source::kFlag, "--timeout");

  if (c.timeout.has_value()) {
    absl::StatusOr<absl::Duration> timeout = ParseTimeout(c.timeout->text);
    if (!timeout.ok()) return SourceError(*c.timeout, timeout.status().message());
    settings.timeout = *timeout;
  }
  if (c.endpoint.has_value()) {
    absl::Status endpoint = CheckEndpoint(c.endpoint->text);
    if (!endpoint.ok()) return SourceError(*c.endpoint, endpoint.message());
  }
  absl::Status complete = CheckComplete(c, settings.config_file, env);
  if (!complete.ok()) return complete;
  settings.endpoint = c.endpoint->text;
  settings.ca_file = c.ca->text;
  settings.cert_file = c.cert->text;
  settings.key_file = c.key->text;
  settings.server_name = std::move(c.server_name);
  return settings;
}

}  // namespace rilon::client
