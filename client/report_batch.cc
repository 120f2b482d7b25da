#include "client/report_batch.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/string_views.h"

namespace rilon::client {
namespace {

constexpr std::string_view kMeasuresPrefix = "report.measures[";

// Serialization with map entries sorted: stable for one build of the client, which is what a
// re-run of an import needs.
std::string DeterministicBytes(const google::protobuf::Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return bytes;
}

std::string Sha256(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    // SHA-256 fails only when memory is exhausted; an id we cannot compute must not be guessed.
    std::fputs("rilon: fatal: SHA-256 failed\n", stderr);
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(digest), length);
}

}  // namespace

std::string Describe(const ReportInput& input) {
  std::string out = absl::StrCat(input.file, ":", input.first_line);
  if (input.last_line > input.first_line) absl::StrAppend(&out, "-", input.last_line);
  if (!input.ref.empty()) absl::StrAppend(&out, " (report_ref ", input.ref, ")");
  return out;
}

std::string RequestIdOf(const ReportInput& input) {
  if (!input.request.request_id().empty()) return input.request.request_id();
  rilon::v1::SubmitReportRequest content = input.request;
  content.clear_request_id();
  const std::string digest =
      Sha256(absl::StrCat(input.ref.size(), ":", input.ref, "\n", DeterministicBytes(content)));
  return absl::StrCat("imp-", absl::BytesToHexString(digest.substr(0, 16)));
}

int LineOfField(const ReportInput& input, std::string_view node_message) {
  const std::string_view path = node_message.substr(0, node_message.find(':'));
  if (path.substr(0, kMeasuresPrefix.size()) == kMeasuresPrefix) {
    const std::string_view rest = path.substr(kMeasuresPrefix.size());
    size_t index = 0;
    if (absl::SimpleAtoi(ToAbsl(rest.substr(0, rest.find(']'))), &index) &&
        index < input.measure_lines.size()) {
      return input.measure_lines[index];
    }
  }
  // The longest known field path that the message's path starts with.
  int line = input.first_line;
  size_t best = 0;
  for (const auto& [field, field_line] : input.field_lines) {
    const bool matches =
        path.substr(0, field.size()) == field &&
        (path.size() == field.size() || path[field.size()] == '.' || path[field.size()] == '[');
    if (matches && field.size() > best) {
      best = field.size();
      line = field_line;
    }
  }
  return line;
}

}  // namespace rilon::client
