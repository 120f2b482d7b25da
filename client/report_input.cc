#include "client/report_input.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>
#include <unistd.h>

#include <cstdint>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/cli_args.h"
#include "client/file_reading.h"
#include "client/string_views.h"

namespace rilon::client {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using rilon::v1::SubmitReportRequest;

constexpr char kFixHint[] = "fix the file and submit again (see 'rilon report submit --help')";
constexpr char kExample[] =
    R"({"report": {...}, "marking": "TLP_GREEN", "audience": {"agencies": ["id.polri"]}})";

absl::Status Invalid(std::string_view name, std::string_view location, std::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(ToAbsl(name), location.empty() ? "" : ": ",
                                                 ToAbsl(location), ": ", ToAbsl(problem), ": ",
                                                 kFixHint));
}

// A field by its .proto name or its JSON (lowerCamelCase) name; both are accepted in input.
const FieldDescriptor* FindField(const Descriptor& descriptor, const std::string& name) {
  if (const FieldDescriptor* field = descriptor.FindFieldByName(name)) return field;
  for (int i = 0; i < descriptor.field_count(); ++i) {
    if (descriptor.field(i)->json_name() == name) return descriptor.field(i);
  }
  return nullptr;
}

// The message type reached by a field path such as "report.measures[0]" (null if unknown).
const Descriptor* DescriptorAtPath(std::string_view path) {
  const Descriptor* descriptor = SubmitReportRequest::descriptor();
  if (path.empty()) return descriptor;
  for (absl::string_view segment : absl::StrSplit(ToAbsl(path), '.')) {
    std::string name(segment.substr(0, segment.find('[')));
    const FieldDescriptor* field = FindField(*descriptor, name);
    if (field == nullptr || field->message_type() == nullptr) return nullptr;
    descriptor = field->message_type();
  }
  return descriptor;
}

std::vector<std::string> FieldNames(const Descriptor& descriptor) {
  std::vector<std::string> names;
  for (int i = 0; i < descriptor.field_count(); ++i) names.push_back(descriptor.field(i)->name());
  return names;
}

std::vector<std::string> EnumValueNames(const EnumDescriptor& e) {
  std::vector<std::string> names;
  for (int i = 0; i < e.value_count(); ++i) {
    if (e.value(i)->number() != 0) names.push_back(e.value(i)->name());
  }
  return names;
}

// What a value of protobuf's type name should look like, in the words of the JSON file.
std::string ExpectedValue(std::string_view type) {
  constexpr std::string_view kUrlPrefix = "type.googleapis.com/";
  if (type.substr(0, kUrlPrefix.size()) == kUrlPrefix) {
    std::string full_name(type.substr(kUrlPrefix.size()));
    const DescriptorPool* pool = DescriptorPool::generated_pool();
    if (const EnumDescriptor* e = pool->FindEnumTypeByName(full_name)) {
      return absl::StrCat("one of ", absl::StrJoin(EnumValueNames(*e), ", "));
    }
    if (const Descriptor* m = pool->FindMessageTypeByName(full_name)) {
      return absl::StrCat("an object {...} with fields ", absl::StrJoin(FieldNames(*m), ", "));
    }
    return absl::StrCat("a value of type ", full_name);
  }
  if (type == "TYPE_DOUBLE" || type == "TYPE_FLOAT") return "a number";
  if (type == "TYPE_STRING") return "a string in double quotes";
  if (type == "TYPE_BOOL") return "true or false";
  if (type == "TYPE_BYTES") return "base64 text";
  return "a whole number";
}

// "(report.measures[0].value): invalid value "abc" for type TYPE_DOUBLE"
bool ExplainInvalidValue(std::string_view message, std::string_view name, absl::Status* out) {
  constexpr std::string_view kInvalid = "): invalid value ";
  constexpr std::string_view kForType = " for type ";
  size_t close = message.find(kInvalid);
  size_t for_type = message.rfind(kForType);
  if (message.empty() || message[0] != '(' || close == std::string_view::npos ||
      for_type == std::string_view::npos || for_type < close) {
    return false;
  }
  std::string_view path = message.substr(1, close - 1);
  size_t value_start = close + kInvalid.size();
  std::string_view value = message.substr(value_start, for_type - value_start);
  std::string_view type = message.substr(for_type + kForType.size());
  *out = Invalid(name, path,
                 absl::StrCat("invalid value ", ToAbsl(value), ", expected ", ExpectedValue(type)));
  return true;
}

// "(report.measures[0]) zzz: Cannot find field." or "foo: Cannot find field."
bool ExplainUnknownField(std::string_view message, std::string_view name, absl::Status* out) {
  constexpr std::string_view kSuffix = ": Cannot find field.";
  if (message.size() < kSuffix.size() ||
      message.substr(message.size() - kSuffix.size()) != kSuffix) {
    return false;
  }
  std::string_view head = message.substr(0, message.size() - kSuffix.size());
  std::string_view parent;
  if (!head.empty() && head[0] == '(') {
    size_t close = head.find(") ");
    if (close == std::string_view::npos) return false;
    parent = head.substr(1, close - 1);
    head = head.substr(close + 2);
  }
  std::string location =
      parent.empty() ? std::string(head) : absl::StrCat(ToAbsl(parent), ".", ToAbsl(head));
  std::string problem = "unknown field";
  if (const Descriptor* descriptor = DescriptorAtPath(parent)) {
    std::vector<std::string> names = FieldNames(*descriptor);
    std::string near = ClosestMatch(head, names);
    if (!near.empty()) absl::StrAppend(&problem, " (did you mean '", near, "'?)");
    absl::StrAppend(&problem, "; ", parent.empty() ? "the top level" : ToAbsl(parent), " may have ",
                    absl::StrJoin(names, ", "));
  }
  *out = Invalid(name, location, problem);
  return true;
}

// Protobuf reports JSON syntax errors as "<problem>\n<up to 40 bytes around the error>\n<caret>".
// Recovers the line and column by finding that excerpt in the input (when it is unambiguous).
bool ExplainSyntaxError(std::string_view message, std::string_view json, std::string_view name,
                        absl::Status* out) {
  size_t first_newline = message.find('\n');
  size_t last_newline = message.rfind('\n');
  if (first_newline == std::string_view::npos || first_newline == last_newline) return false;
  std::string_view problem = message.substr(0, first_newline);
  std::string_view excerpt = message.substr(first_newline + 1, last_newline - first_newline - 1);
  size_t caret = message.size() - last_newline - 2;  // spaces before '^'
  std::string position;
  size_t found = json.find(excerpt);
  if (!excerpt.empty() && found != std::string_view::npos &&
      json.find(excerpt, found + 1) == std::string_view::npos) {
    size_t offset = std::min(found + caret, json.size());
    std::string_view before = json.substr(0, offset);
    size_t line = 1 + std::count(before.begin(), before.end(), '\n');
    size_t line_start = before.rfind('\n');
    size_t column = offset - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
    position = absl::StrCat(":", line, ":", column);
  }
  std::string text(problem);
  while (!text.empty() && text.back() == '.') text.pop_back();
  if (!text.empty()) text[0] = absl::ascii_tolower(static_cast<unsigned char>(text[0]));
  *out = absl::InvalidArgumentError(
      absl::StrCat(ToAbsl(name), position, ": not valid JSON: ", text, ": ", kFixHint));
  return true;
}

std::string_view StripBom(std::string_view json) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (json.substr(0, kBom.size()) == kBom) json.remove_prefix(kBom.size());
  return json;
}

}  // namespace

absl::StatusOr<SubmitReportRequest> ParseReportJson(std::string_view json, std::string_view name) {
  json = StripBom(json);
  size_t first = json.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(ToAbsl(name), " is empty: it must hold one JSON object such as ", kExample,
                     " (see 'rilon report submit --help')"));
  }
  if (json[first] != '{') {
    return absl::InvalidArgumentError(
        absl::StrCat(ToAbsl(name), " must hold one JSON object such as ", kExample,
                     ", but it starts with '", ToAbsl(json.substr(first, 1)), "'"));
  }
  SubmitReportRequest request;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &request, options);
  if (status.ok()) return request;
  const std::string full_message(status.message().data(), status.message().size());
  std::string_view message = full_message;
  absl::Status explained;
  if (ExplainInvalidValue(message, name, &explained) ||
      ExplainUnknownField(message, name, &explained) ||
      ExplainSyntaxError(message, json, name, &explained)) {
    return explained;
  }
  return Invalid(name, "", message);
}

absl::StatusOr<SubmitReportRequest> ReadReportFile(const std::string& path) {
  const bool from_stdin = path == "-";
  const std::string name = from_stdin ? "<stdin>" : path;
  absl::StatusOr<std::string> json = from_stdin
                                         ? ReadDescriptorCapped(STDIN_FILENO, name, kMaxReportBytes)
                                         : ReadFileCapped(path, kMaxReportBytes);
  if (!json.ok()) {
    const bool too_large = json.status().code() == absl::StatusCode::kResourceExhausted;
    return absl::InvalidArgumentError(absl::StrCat(
        json.status().message(), ": ",
        too_large ? "a report must be smaller than 4 MiB" : "check the report file name"));
  }
  return ParseReportJson(*json, name);
}

bool EnsureRequestId(SubmitReportRequest* request) {
  if (!request->request_id().empty()) return false;
  absl::BitGen gen;  // seeded from the OS entropy source
  uint64_t high = absl::Uniform<uint64_t>(gen);
  uint64_t low = absl::Uniform<uint64_t>(gen);
  request->set_request_id(
      absl::StrCat(absl::Hex(high, absl::kZeroPad16), absl::Hex(low, absl::kZeroPad16)));
  return true;
}

}  // namespace rilon::client
