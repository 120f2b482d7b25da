#include "client/commands/record_id.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/exit_codes.h"
#include "client/printer.h"

namespace rilon::client {
namespace {

constexpr size_t kIdLength = 64;

}  // namespace

absl::StatusOr<std::string> RecordIdArgument(const std::string& argument) {
  const std::string id = absl::AsciiStrToLower(argument);
  bool hex = !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return absl::ascii_isxdigit(static_cast<unsigned char>(c));
  });
  if (hex && id.size() == kIdLength) return id;
  if (hex && id.size() < kIdLength) {
    return UsageError(
        absl::StrCat("'", id, "' is only the start of a record id (", id.size(),
                     " of 64 hex characters): "
                     "copy the full id from 'rilon report list --json' (field \"id\")"));
  }
  return UsageError(absl::StrCat("'", SanitizeForTerminal(id),
                                 "' is not a record id: an id is 64 hex characters, as shown by "
                                 "'rilon report list --json' (field \"id\")"));
}

}  // namespace rilon::client
