// The one place that says, per configuration key, whether it is required, whether it is a path,
// and for numeric limits their default and allowed range. Defaults, path resolution and
// validation all read these tables, so adding a key to the proto means adding one line here
// (a test fails when a numeric key of the schema has no entry).
//
// Keys are dotted field paths of rilon.config.v1.NodeConfig ("limits.max_message_bytes"); they
// are resolved through protobuf reflection, so a key name can never drift from the field it
// names without the schema test noticing.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace rilon::config::internal {

struct StringKey {
  std::string_view key;
  bool required;
  bool is_path;  // resolved against the config file's directory when relative
  // Shown with "required key is missing": what the operator should put there.
  std::string_view hint;
};

struct NumericKey {
  std::string_view key;
  uint64_t default_value;  // used when the key is absent or zero
  uint64_t min;
  uint64_t max;
};

std::span<const StringKey> StringKeys();
std::span<const NumericKey> NumericKeys();

// The allowed values of log_level; the first one is the default.
std::span<const std::string_view> LogLevels();

// A field reached through a dotted key: the message that holds it and its descriptor.
template <typename MessageT>
struct FieldRef {
  MessageT* message;
  const google::protobuf::FieldDescriptor* field;
};

// Resolves a dotted key against a message, for reading. Nested messages that are not set are
// read as their defaults. INTERNAL when the key does not name a singular field.
absl::StatusOr<FieldRef<const google::protobuf::Message>> FindField(
    const google::protobuf::Message& root, std::string_view key);

// The same, for writing; nested messages are created as needed.
absl::StatusOr<FieldRef<google::protobuf::Message>> FindMutableField(
    google::protobuf::Message& root, std::string_view key);

// Reads a uint32/uint64 field as uint64. INTERNAL for any other type.
absl::StatusOr<uint64_t> GetUnsigned(const FieldRef<const google::protobuf::Message>& ref);
absl::Status SetUnsigned(const FieldRef<google::protobuf::Message>& ref, uint64_t value);

}  // namespace rilon::config::internal
