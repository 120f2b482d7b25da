#include "node/config/internal/text_parse.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/io/tokenizer.h"
#include "node/config/internal/string_view_compat.h"

namespace rilon::config::internal {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::TextFormat;

class LineErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  explicit LineErrorCollector(const std::string& source_name) : source_name_(source_name) {}

  // protobuf reports 0-based positions; editors and operators count from 1.
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    errors_.push_back(absl::StrCat(source_name_, ":", line + 1, ":", column + 1, ": ", message));
  }

  const std::vector<std::string>& errors() const { return errors_; }

 private:
  const std::string& source_name_;
  std::vector<std::string> errors_;
};

}  // namespace

std::string KeyLocations::Where(const google::protobuf::Message& root, std::string_view key) const {
  const google::protobuf::Descriptor* descriptor = root.GetDescriptor();
  const TextFormat::ParseInfoTree* tree = &tree_;
  std::vector<absl::string_view> parts = absl::StrSplit(ToAbsl(key), '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* field =
        descriptor == nullptr ? nullptr : descriptor->FindFieldByName(std::string(parts[i]));
    if (field == nullptr || tree == nullptr) break;
    if (i + 1 == parts.size()) {
      TextFormat::ParseLocation location = tree->GetLocation(field, -1);
      if (location.line < 0) break;
      return absl::StrCat(source_name_, ":", location.line + 1, ":", location.column + 1);
    }
    tree = tree->GetTreeForNested(field, -1);
    descriptor = field->message_type();
  }
  return source_name_;
}

std::string KeyLocations::WhereInList(const google::protobuf::Message& root,
                                      std::string_view list_key, int index,
                                      std::string_view field) const {
  const google::protobuf::Descriptor* descriptor = root.GetDescriptor();
  const TextFormat::ParseInfoTree* tree = &tree_;
  std::vector<absl::string_view> parts = absl::StrSplit(ToAbsl(list_key), '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* f =
        descriptor == nullptr ? nullptr : descriptor->FindFieldByName(std::string(parts[i]));
    if (f == nullptr || tree == nullptr) return source_name_;
    const bool last = i + 1 == parts.size();
    if (last && !f->is_repeated()) return source_name_;
    TextFormat::ParseLocation element = tree->GetLocation(f, last ? index : -1);
    tree = tree->GetTreeForNested(f, last ? index : -1);
    descriptor = f->message_type();
    if (!last) continue;
    if (!field.empty() && tree != nullptr && descriptor != nullptr) {
      const FieldDescriptor* leaf = descriptor->FindFieldByName(std::string(field));
      if (leaf != nullptr) {
        TextFormat::ParseLocation at = tree->GetLocation(leaf, -1);
        if (at.line >= 0) return absl::StrCat(source_name_, ":", at.line + 1, ":", at.column + 1);
      }
    }
    if (element.line >= 0) {
      return absl::StrCat(source_name_, ":", element.line + 1, ":", element.column + 1);
    }
  }
  return source_name_;
}

absl::Status ParseTextProto(std::string_view text, google::protobuf::Message* message,
                            KeyLocations* locations) {
  const std::string& source = locations->source_name();
  if (text.size() > kMaxConfigBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": the file is larger than the ", kMaxConfigBytes,
                     " bytes allowed for a configuration file: check the path"));
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": the file is empty: start from deploy/rilond.example.textproto"));
  }
  LineErrorCollector collector(source);
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  parser.WriteLocationsTo(locations->tree());
  message->Clear();
  if (!parser.ParseFromString(std::string(text), message)) {
    if (collector.errors().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(source, ": not a valid textproto file"));
    }
    return absl::InvalidArgumentError(absl::StrJoin(collector.errors(), "\n"));
  }
  return absl::OkStatus();
}

}  // namespace rilon::config::internal
