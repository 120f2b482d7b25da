// Strict textproto parsing for configuration files: every syntax error and unknown key is
// reported as "FILE:LINE:COL: message" (1-based), and the position of every key that was set is
// kept so that later checks can point at the line an operator has to fix.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"

namespace rilon::config::internal {

// Larger files are refused unread: a configuration file is a few KiB, and anything this big is
// a wrong path (a log, a database) rather than a configuration.
inline constexpr size_t kMaxConfigBytes = 1024 * 1024;

// Where each key of a parsed file was written. Owned by the caller of ParseTextProto.
class KeyLocations {
 public:
  explicit KeyLocations(std::string source_name) : source_name_(std::move(source_name)) {}
  KeyLocations(const KeyLocations&) = delete;
  KeyLocations& operator=(const KeyLocations&) = delete;

  // "FILE:LINE:COL" of a dotted key ("limits.max_message_bytes") of `root`'s type, or just
  // "FILE" when the key was not written in the file (e.g. a missing required key).
  std::string Where(const google::protobuf::Message& root, std::string_view key) const;

  // "FILE:LINE:COL" of `field` inside element `index` of the repeated message field at the
  // dotted key `list_key` ("federation.peers"); of the element itself when `field` is empty or
  // was not written; just "FILE" when neither can be found.
  std::string WhereInList(const google::protobuf::Message& root, std::string_view list_key,
                          int index, std::string_view field) const;

  const std::string& source_name() const { return source_name_; }
  google::protobuf::TextFormat::ParseInfoTree* tree() { return &tree_; }

 private:
  std::string source_name_;
  google::protobuf::TextFormat::ParseInfoTree tree_;
};

// Parses `text` into `message` (cleared first). Empty or oversized text, syntax errors and
// unknown keys: INVALID_ARGUMENT with one "FILE:LINE:COL: message" line per error.
absl::Status ParseTextProto(std::string_view text, google::protobuf::Message* message,
                            KeyLocations* locations);

}  // namespace rilon::config::internal
