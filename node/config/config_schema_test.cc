// The schema table against the proto (nothing left out, nothing misnamed) and against the ranges
// the operators' documentation promises.
#include "node/config/internal/config_schema.h"

#include <map>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "rilon/config/v1/node_config.pb.h"

namespace rilon::config::internal {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

// Collects the dotted keys of every singular scalar field, by C++ type. Repeated messages
// (federation.peers) are lists of entries with their own validation (internal/validate.cc), not
// keys of the schema table.
void CollectKeys(const Descriptor* descriptor, const std::string& prefix,
                 std::map<std::string, FieldDescriptor::CppType>& keys) {
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->is_repeated()) continue;
    std::string key = prefix + field->name();
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      CollectKeys(field->message_type(), key + ".", keys);
    } else {
      keys[key] = field->cpp_type();
    }
  }
}

TEST(ConfigSchemaTest, EveryScalarKeyOfTheProtoHasExactlyOneEntry) {
  std::map<std::string, FieldDescriptor::CppType> keys;
  CollectKeys(rilon::config::v1::NodeConfig::descriptor(), "", keys);
  std::set<std::string> listed;
  for (const StringKey& key : StringKeys()) {
    EXPECT_TRUE(listed.insert(std::string(key.key)).second) << key.key;
    EXPECT_EQ(keys[std::string(key.key)], FieldDescriptor::CPPTYPE_STRING) << key.key;
  }
  for (const NumericKey& key : NumericKeys()) {
    EXPECT_TRUE(listed.insert(std::string(key.key)).second) << key.key;
    FieldDescriptor::CppType type = keys[std::string(key.key)];
    EXPECT_TRUE(type == FieldDescriptor::CPPTYPE_UINT32 || type == FieldDescriptor::CPPTYPE_UINT64)
        << key.key;
  }
  for (const auto& [key, type] : keys) EXPECT_EQ(listed.count(key), 1u) << key << " has no entry";
  EXPECT_EQ(listed.size(), keys.size());
}

TEST(ConfigSchemaTest, RangesAndDefaultsAreTheDocumentedOnes) {
  struct Range {
    uint64_t default_value, min, max;
  };
  const std::map<std::string, Range> documented = {
      {"limits.max_message_bytes", {1048576, 1024, 16777216}},
      {"limits.max_concurrent_streams", {64, 1, 1000}},
      {"limits.handshake_timeout_ms", {10000, 1000, 60000}},
      {"limits.max_connection_age_s", {3600, 60, 604800}},
      {"limits.max_metadata_bytes", {16384, 1024, 65536}},
      {"limits.memory_quota_bytes", {268435456, 16777216, 17179869184}},
      {"limits.max_subscribers", {256, 1, 10000}},
      {"storage.max_commit_batch", {256, 1, 4096}},
      {"feed.live_window", {8192, 16, 1000000}},
      {"feed.max_events_per_message", {256, 1, 4096}},
      {"federation.retry_initial_ms", {500, 10, 60000}},
      {"federation.retry_max_ms", {30000, 100, 3600000}},
      {"federation.connect_timeout_ms", {10000, 100, 600000}},
      {"reporting.small_cell_threshold", {5, 2, 100}},
      {"audit.head_signing_interval_s", {60, 1, 86400}},
  };
  ASSERT_EQ(NumericKeys().size(), documented.size());
  for (const NumericKey& key : NumericKeys()) {
    auto it = documented.find(std::string(key.key));
    ASSERT_NE(it, documented.end()) << key.key;
    EXPECT_EQ(key.default_value, it->second.default_value) << key.key;
    EXPECT_EQ(key.min, it->second.min) << key.key;
    EXPECT_EQ(key.max, it->second.max) << key.key;
    EXPECT_LE(key.min, key.default_value) << key.key;
    EXPECT_LE(key.default_value, key.max) << key.key;
  }
}

TEST(ConfigSchemaTest, FindFieldRefusesUnknownAndNonMessagePaths) {
  rilon::config::v1::NodeConfig config;
  EXPECT_EQ(FindField(config, "limits.no_such_key").status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(FindField(config, "agency_id.x").status().code(), absl::StatusCode::kInternal);
  EXPECT_TRUE(FindField(config, "tls.ca_file").ok());
}

TEST(ConfigSchemaTest, SetUnsignedRefusesValuesThatDoNotFit) {
  rilon::config::v1::NodeConfig config;
  auto field = FindMutableField(config, "limits.max_subscribers");
  ASSERT_TRUE(field.ok());
  EXPECT_EQ(SetUnsigned(*field, uint64_t{1} << 32).code(), absl::StatusCode::kInternal);
  EXPECT_TRUE(SetUnsigned(*field, 7).ok());
  EXPECT_EQ(config.limits().max_subscribers(), 7u);
}

}  // namespace
}  // namespace rilon::config::internal
