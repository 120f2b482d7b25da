#include "client/embedded_codebooks.h"

#include <google/protobuf/text_format.h>

#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/string_views.h"

namespace rilon::client {
namespace {

// Versions are "1", "2", ...; anything else sorts first.
int64_t VersionNumber(const std::string& version) {
  int64_t number = -1;
  return absl::SimpleAtoi(version, &number) ? number : -1;
}

}  // namespace

absl::StatusOr<rilon::codebook::v1::Codebook> NewestEmbeddedCodebook() {
  std::optional<rilon::codebook::v1::Codebook> newest;
  for (const EmbeddedFile& file : EmbeddedCodebookFiles()) {
    rilon::codebook::v1::Codebook codebook;
    if (!google::protobuf::TextFormat::ParseFromString(std::string(file.text), &codebook)) {
      return absl::InternalError(absl::StrCat("the codebook ", ToAbsl(file.name),
                                              " built into rilon does not parse; rebuild rilon"));
    }
    if (!newest.has_value() ||
        VersionNumber(codebook.version()) > VersionNumber(newest->version())) {
      newest = std::move(codebook);
    }
  }
  if (!newest.has_value()) {
    return absl::InternalError(
        "no codebook is built into rilon; rebuild it from a source tree "
        "with deploy/codebook/codebook-v*.textproto");
  }
  return *std::move(newest);
}

}  // namespace rilon::client
