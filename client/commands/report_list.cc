// `rilon report list`: one page (or, with --all, every page) of records, as a table for people
// or NDJSON for scripts. Tables of several pages are printed once, aligned, at the end; NDJSON
// streams page by page.
#include <google/protobuf/struct.pb.h>

#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/commands/commands.h"
#include "client/commands/record_filters.h"
#include "client/connection.h"
#include "client/exit_codes.h"
#include "client/printer.h"

namespace rilon::client {
namespace {

constexpr int64_t kMaxPageSize = 1000;

// The command that fetches the next page: the same filters plus the token.
std::string NextPageCommand(const ParsedArgs& args, const std::string& token) {
  std::vector<std::string> parts = {"rilon report list"};
  for (const char* flag : {"kind", "origin", "limit"}) {
    if (std::optional<std::string> value = args.Get(flag)) {
      parts.push_back(absl::StrCat("--", flag, " ", *value));
    }
  }
  if (args.Has("all-versions")) parts.push_back("--all-versions");
  parts.push_back(absl::StrCat("--page-token ", token));
  return absl::StrJoin(parts, " ");
}

}  // namespace

absl::Status RunReportList(const CommandContext& context) {
  absl::StatusOr<RecordFilters> filters = RecordFiltersFrom(context.args);
  if (!filters.ok()) return filters.status();
  const int64_t limit = context.args.GetInt("limit").value_or(0);
  if (limit > kMaxPageSize) {
    return UsageError(absl::StrCat("--limit ", limit, " is too large: a page holds at most ",
                                   kMaxPageSize, " records; add --all to get every page"));
  }
  const bool all = context.args.Has("all");

  absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(context.settings);
  if (!connection.ok()) return connection.status();
  Connection& node = **connection;

  rilon::v1::ListRecordsRequest request;
  request.set_kind(filters->kind);
  request.set_origin_agency(filters->origin_agency);
  request.set_page_size(static_cast<int32_t>(limit));
  request.set_page_token(context.args.Get("page-token").value_or(""));
  request.set_include_superseded(context.args.Has("all-versions"));
  std::vector<std::vector<std::string>> rows;
  rilon::v1::ListRecordsResponse response;
  while (true) {
    response.Clear();
    absl::Status status = node.Unary("list records", [&](grpc::ClientContext* call) {
      return node.stub().ListRecords(call, request, &response);
    });
    if (!status.ok()) return status;
    for (const rilon::v1::Record& record : response.records()) {
      if (context.json) {
        Emit(context.out, ToJsonLine(record));
      } else {
        rows.push_back(RecordListRow(record));
      }
    }
    if (!all || response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  if (!context.json) {
    Emit(context.out, rows.empty() ? "No records.\n" : FormatTable(RecordListColumns(), rows));
  }
  const std::string& token = response.next_page_token();
  if (!all && !token.empty()) {
    google::protobuf::Struct hint;
    (*hint.mutable_fields())["nextPageToken"].set_string_value(token);
    Emit(context.err, context.json
                          ? ToJsonLine(hint)
                          : absl::StrCat("More records: ", NextPageCommand(context.args, token),
                                         " (or add --all)\n"));
  }
  return absl::OkStatus();
}

}  // namespace rilon::client
