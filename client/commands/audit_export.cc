// `rilon audit export`: streams the node's audit log (NodeApi.ExportAudit, admins only) into an
// NDJSON file that `rilon audit verify` checks offline (docs/audit.md).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "client/commands/commands.h"
#include "client/connection.h"
#include "client/exit_codes.h"
#include "node/audit/export_format.h"

namespace rilon::client {
namespace {

// The whole export must finish within this many call timeouts (10 minutes by default): it is a
// bounded stream, unlike the feed.
constexpr int kExportTimeouts = 60;

// Where the lines go: standard output, or FILE written as FILE.partial and renamed when the
// export is complete, so that an interrupted export never looks like a whole one. The file holds
// who read what: it is created 0600.
class ExportSink {
 public:
  static absl::StatusOr<std::unique_ptr<ExportSink>> Open(const std::optional<std::string>& path,
                                                          std::FILE* out) {
    if (!path.has_value() || *path == "-") return std::unique_ptr<ExportSink>(new ExportSink(out));
    const std::string partial = *path + ".partial";
    const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
      return absl::FailedPreconditionError(absl::StrCat("--out: cannot create ", partial, ": ",
                                                        std::strerror(errno),
                                                        "; choose a writable directory"));
    }
    std::FILE* file = ::fdopen(fd, "w");
    if (file == nullptr) {
      ::close(fd);
      return absl::InternalError(absl::StrCat("--out: cannot open ", partial));
    }
    return std::unique_ptr<ExportSink>(new ExportSink(file, *path, partial));
  }

  ~ExportSink() {
    if (!path_.empty() && file_ != nullptr) {
      std::fclose(file_);
      std::remove(partial_.c_str());  // not committed: leave no partial file behind
    }
  }

  absl::Status Write(const std::string& line) {
    if (std::fputs(line.c_str(), file_) < 0 || std::fputc('\n', file_) < 0) {
      return absl::UnavailableError(
          absl::StrCat("writing the export failed: ", std::strerror(errno), "; is the disk full?"));
    }
    return absl::OkStatus();
  }

  // Flushes, syncs and (for a file) renames FILE.partial to FILE.
  absl::Status Commit() {
    if (std::fflush(file_) != 0 || (!path_.empty() && ::fsync(::fileno(file_)) != 0)) {
      return absl::UnavailableError(
          absl::StrCat("writing the export failed: ", std::strerror(errno), "; is the disk full?"));
    }
    if (path_.empty()) return absl::OkStatus();
    std::fclose(file_);
    file_ = nullptr;
    if (std::rename(partial_.c_str(), path_.c_str()) != 0) {
      return absl::FailedPreconditionError(absl::StrCat("--out: cannot rename ", partial_, " to ",
                                                        path_, ": ", std::strerror(errno)));
    }
    return absl::OkStatus();
  }

  bool to_file() const { return !path_.empty(); }
  const std::string& path() const { return path_; }

 private:
  explicit ExportSink(std::FILE* out) : file_(out) {}
  ExportSink(std::FILE* file, std::string path, std::string partial)
      : file_(file), path_(std::move(path)), partial_(std::move(partial)) {}

  std::FILE* file_;
  std::string path_;  // empty: standard output
  std::string partial_;
};

}  // namespace

absl::Status RunAuditExport(const CommandContext& context) {
  rilon::v1::ExportAuditRequest request;
  const int64_t from = context.args.GetInt("from").value_or(1);
  const int64_t limit = context.args.GetInt("limit").value_or(0);
  if (from < 1)
    return UsageError("--from: the audit log starts at seq 1; see 'rilon audit export --help'");
  if (limit < 0)
    return UsageError("--limit: must not be negative; see 'rilon audit export --help'");
  request.set_from_seq(static_cast<uint64_t>(from));
  request.set_limit(static_cast<uint64_t>(limit));

  absl::StatusOr<std::unique_ptr<ExportSink>> sink =
      ExportSink::Open(context.args.Get("out"), context.out);
  if (!sink.ok()) return sink.status();
  absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(context.settings);
  if (!connection.ok()) return connection.status();
  Connection& node = **connection;

  grpc::ClientContext call;
  call.set_deadline(absl::ToChronoTime(absl::Now() + kExportTimeouts * node.timeout()));
  std::unique_ptr<grpc::ClientReaderInterface<rilon::v1::ExportAuditResponse>> reader =
      node.stub().ExportAudit(&call, request);
  rilon::v1::ExportAuditResponse response;
  uint64_t entries = 0, heads = 0, first = 0, last = 0;
  absl::Status written;
  while (written.ok() && reader->Read(&response)) {
    for (const rilon::v1::AuditExportLine& item : response.items()) {
      if (item.has_entry()) {
        ++entries;
        last = item.entry().entry().seq();
        if (first == 0) first = last;
      }
      if (item.has_head()) ++heads;
      written = (*sink)->Write(audit::FormatExportLine(item));
      if (!written.ok()) break;
    }
  }
  if (!written.ok()) call.TryCancel();
  grpc::Status finished = reader->Finish();
  if (!written.ok()) return written;
  if (absl::Status s = node.Translate(finished, "export the audit log"); !s.ok()) return s;
  if (absl::Status s = (*sink)->Commit(); !s.ok()) return s;

  const std::string range =
      entries == 0 ? "no entries" : absl::StrCat(entries, " entries (seq ", first, "..", last, ")");
  const std::string summary =
      absl::StrCat("exported ", range, " and ", heads, " signed heads",
                   (*sink)->to_file() ? absl::StrCat(" to ", (*sink)->path()) : "",
                   "; check it with 'rilon audit verify FILE'\n");
  Emit((*sink)->to_file() ? context.out : context.err, summary);
  return absl::OkStatus();
}

}  // namespace rilon::client
