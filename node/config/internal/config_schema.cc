#include "node/config/internal/config_schema.h"

#include <limits>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "node/config/internal/string_view_compat.h"

namespace rilon::config::internal {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

constexpr uint64_t kKiB = 1024;
constexpr uint64_t kMiB = 1024 * kKiB;
constexpr uint64_t kGiB = 1024 * kMiB;

constexpr StringKey kStringKeys[] = {
    {"agency_id", true, false, "this agency's id, e.g. \"au.abf\""},
    {"trust_domain", true, false, "the federation's trust domain, e.g. \"rilon.example\""},
    {"listen_address", true, false, "host:port to serve on, e.g. \"0.0.0.0:7443\""},
    {"tls.ca_file", true, true, "the federation root bundle, e.g. \"pki/ca/ca.crt\""},
    {"tls.cert_file", true, true, "this node's certificate, from deploy/pki.sh node"},
    {"tls.key_file", true, true, "this node's private key, from deploy/pki.sh node"},
    {"signing.cert_file", true, true, "the agency signing certificate, from deploy/pki.sh signing"},
    {"signing.key_file", true, true, "the agency signing key, from deploy/pki.sh signing"},
    {"storage.data_dir", true, true, "the database directory, e.g. \"/var/lib/rilond\""},
    {"log_level", false, false, "one of info, debug, warning, error"},
    {"reporting.codebook_dir", false, true, "the codebook directory, e.g. \"deploy/codebook\""},
    {"policy.file", false, true, "the sharing policy file, e.g. \"/etc/rilon/policy.textproto\""},
};

// Ranges keep an operator's typo from becoming either a denial of service against ourselves
// (a limit so low nothing works) or an opening for peers (a limit so high it protects nothing).
constexpr NumericKey kNumericKeys[] = {
    {"limits.max_message_bytes", 1 * kMiB, 1 * kKiB, 16 * kMiB},
    {"limits.max_concurrent_streams", 64, 1, 1000},
    {"limits.handshake_timeout_ms", 10000, 1000, 60000},
    {"limits.max_connection_age_s", 3600, 60, 604800},
    {"limits.max_metadata_bytes", 16 * kKiB, 1 * kKiB, 64 * kKiB},
    {"limits.memory_quota_bytes", 256 * kMiB, 16 * kMiB, 16 * kGiB},
    {"limits.max_subscribers", 256, 1, 10000},
    {"storage.max_commit_batch", 256, 1, 4096},
    {"feed.live_window", 8192, 16, 1000000},
    {"feed.max_events_per_message", 256, 1, 4096},
    {"federation.retry_initial_ms", 500, 10, 60000},
    {"federation.retry_max_ms", 30000, 100, 3600000},
    {"federation.connect_timeout_ms", 10000, 100, 600000},
    {"reporting.small_cell_threshold", 5, 2, 100},
    {"audit.head_signing_interval_s", 60, 1, 86400},
};

constexpr std::string_view kLogLevels[] = {"info", "debug", "warning", "error"};

// Walks all but the last component of `key`; `step` descends into a nested message field.
template <typename MessageT, typename Step>
absl::StatusOr<FieldRef<MessageT>> Walk(MessageT& root, std::string_view key, Step step) {
  std::vector<absl::string_view> parts = absl::StrSplit(ToAbsl(key), '.');
  MessageT* message = &root;
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* field = message->GetDescriptor()->FindFieldByName(std::string(parts[i]));
    if (field == nullptr || field->is_repeated()) {
      return absl::InternalError(absl::StrCat("configuration schema: \"", ToAbsl(key),
                                              "\" is not a singular field of ",
                                              root.GetDescriptor()->full_name()));
    }
    if (i + 1 == parts.size()) return FieldRef<MessageT>{message, field};
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      return absl::InternalError(absl::StrCat("configuration schema: \"", parts[i], "\" in \"",
                                              ToAbsl(key), "\" is not a message"));
    }
    message = step(*message, field);
  }
  return absl::InternalError("configuration schema: empty key");
}

}  // namespace

std::span<const StringKey> StringKeys() { return kStringKeys; }
std::span<const NumericKey> NumericKeys() { return kNumericKeys; }
std::span<const std::string_view> LogLevels() { return kLogLevels; }

absl::StatusOr<FieldRef<const Message>> FindField(const Message& root, std::string_view key) {
  return Walk<const Message>(root, key, [](const Message& m, const FieldDescriptor* f) {
    return &m.GetReflection()->GetMessage(m, f);
  });
}

absl::StatusOr<FieldRef<Message>> FindMutableField(Message& root, std::string_view key) {
  return Walk<Message>(root, key, [](Message& m, const FieldDescriptor* f) {
    return m.GetReflection()->MutableMessage(&m, f);
  });
}

absl::StatusOr<uint64_t> GetUnsigned(const FieldRef<const Message>& ref) {
  const auto* reflection = ref.message->GetReflection();
  switch (ref.field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_UINT32:
      return reflection->GetUInt32(*ref.message, ref.field);
    case FieldDescriptor::CPPTYPE_UINT64:
      return reflection->GetUInt64(*ref.message, ref.field);
    default:
      return absl::InternalError(
          absl::StrCat("configuration schema: ", ref.field->full_name(), " is not unsigned"));
  }
}

absl::Status SetUnsigned(const FieldRef<Message>& ref, uint64_t value) {
  const auto* reflection = ref.message->GetReflection();
  switch (ref.field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_UINT32:
      if (value > std::numeric_limits<uint32_t>::max()) {
        return absl::InternalError(absl::StrCat("configuration schema: ", value, " does not fit ",
                                                ref.field->full_name()));
      }
      reflection->SetUInt32(ref.message, ref.field, static_cast<uint32_t>(value));
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_UINT64:
      reflection->SetUInt64(ref.message, ref.field, value);
      return absl::OkStatus();
    default:
      return absl::InternalError(
          absl::StrCat("configuration schema: ", ref.field->full_name(), " is not unsigned"));
  }
}

}  // namespace rilon::config::internal
