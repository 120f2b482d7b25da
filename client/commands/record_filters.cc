#include "client/commands/record_filters.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/exit_codes.h"
#include "client/printer.h"
#include "node/security/identity.h"

namespace rilon::client {

absl::StatusOr<RecordFilters> RecordFiltersFrom(const ParsedArgs& args) {
  RecordFilters filters;
  if (std::optional<std::string> kind = args.Get("kind")) {
    // The parser admits only the choices listed in client/command_specs.cc, which are the
    // enum's names in lower case.
    if (!rilon::v1::RecordKind_Parse(absl::AsciiStrToUpper(*kind), &filters.kind)) {
      return UsageError(absl::StrCat("--kind ", *kind, " is not a record kind"));
    }
  }
  if (std::optional<std::string> origin = args.Get("origin")) {
    if (!security::IsValidAgencyId(*origin)) {
      return UsageError(absl::StrCat("--origin '", SanitizeForTerminal(*origin),
                                     "' is not an agency id: write <country code>.<agency>, "
                                     "lower case, e.g. id.polri or au.abf"));
    }
    filters.origin_agency = *origin;
  }
  return filters;
}

}  // namespace rilon::client
