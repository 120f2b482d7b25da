#include "node/config/internal/defaults.h"

#include <filesystem>
#include <system_error>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "node/config/internal/config_schema.h"

namespace rilon::config::internal {

std::string DefaultDataFilesDir() { return RILON_DATA_FILES_DIR; }

absl::Status FillDefaults(rilon::config::v1::NodeConfig& config) {
  for (const NumericKey& key : NumericKeys()) {
    absl::StatusOr<FieldRef<google::protobuf::Message>> ref = FindMutableField(config, key.key);
    if (!ref.ok()) return ref.status();
    absl::StatusOr<uint64_t> value =
        GetUnsigned(FieldRef<const google::protobuf::Message>{ref->message, ref->field});
    if (!value.ok()) return value.status();
    if (*value == 0) {
      if (absl::Status s = SetUnsigned(*ref, key.default_value); !s.ok()) return s;
    }
  }
  if (config.log_level().empty()) config.set_log_level(std::string(LogLevels().front()));
  // A peer node's identity follows from its agency unless the operator names another one.
  for (rilon::config::v1::Peer& peer : *config.mutable_federation()->mutable_peers()) {
    if (peer.node_id().empty() && !peer.agency_id().empty() && !config.trust_domain().empty()) {
      peer.set_node_id(
          absl::StrCat("spiffe://", config.trust_domain(), "/agency/", peer.agency_id(), "/node"));
    }
  }
  rilon::config::v1::Reporting& reporting = *config.mutable_reporting();
  if (reporting.codebook_dir().empty()) {
    reporting.set_codebook_dir(absl::StrCat(DefaultDataFilesDir(), "/codebook"));
  }
  if (reporting.screening_pattern_files().empty()) {
    reporting.add_screening_pattern_files(
        absl::StrCat(DefaultDataFilesDir(), "/screening/nominal_patterns.textproto"));
  }
  return absl::OkStatus();
}

absl::Status ResolvePaths(rilon::config::v1::NodeConfig& config, const std::string& base_dir) {
  std::error_code error;
  std::filesystem::path base = std::filesystem::absolute(base_dir.empty() ? "." : base_dir, error);
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat("cannot make the configuration directory \"",
                                                      base_dir, "\" absolute: ", error.message()));
  }
  for (const StringKey& key : StringKeys()) {
    if (!key.is_path) continue;
    absl::StatusOr<FieldRef<google::protobuf::Message>> ref = FindMutableField(config, key.key);
    if (!ref.ok()) return ref.status();
    const auto* reflection = ref->message->GetReflection();
    std::filesystem::path path(reflection->GetString(*ref->message, ref->field));
    if (path.empty()) continue;
    if (path.is_relative()) path = base / path;
    reflection->SetString(ref->message, ref->field, path.lexically_normal().string());
  }
  for (auto* files : {config.mutable_reporting()->mutable_screening_pattern_files(),
                      config.mutable_signing()->mutable_previous_cert_files()}) {
    for (std::string& file : *files) {
      std::filesystem::path path(file);
      if (path.empty()) continue;
      if (path.is_relative()) path = base / path;
      file = path.lexically_normal().string();
    }
  }
  return absl::OkStatus();
}

}  // namespace rilon::config::internal
