// `rilon audit verify`: checks an audit export offline (docs/audit.md) — no connection, so an
// oversight body can verify what a node's administrators handed over.
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "client/commands/commands.h"
#include "client/exit_codes.h"
#include "client/printer.h"
#include "google/protobuf/struct.pb.h"
#include "node/audit/export_verifier.h"
#include "node/security/certificate_files.h"

namespace rilon::client {
namespace {

absl::StatusOr<std::string> ReadExport(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot read the audit export ", path, "; check the path"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string HumanSummary(const audit::VerifySummary& s) {
  std::string out = absl::StrCat(
      "OK: ", s.entries, " entries",
      s.entries > 0 ? absl::StrCat(", seq ", s.first_seq, "..", s.last_seq) : "",
      "; chain links and hashes verified\n", s.heads_verified, " signed heads verified");
  if (s.heads_outside_range > 0) {
    absl::StrAppend(&out, " (and ", s.heads_outside_range,
                    " signed heads of entries not in this export, signatures valid)");
  }
  absl::StrAppend(&out, "\n");
  if (s.entries > 0 && s.last_signed_seq < s.last_seq) {
    absl::StrAppend(&out, s.last_seq - std::max(s.last_signed_seq, s.first_seq - 1),
                    " entries after the last signed head (seq ", s.last_signed_seq,
                    ") are not covered by a signature\n");
  }
  if (s.certificate_from_export) {
    absl::StrAppend(&out,
                    "signatures were checked against the certificate inside the export; pass "
                    "--signing-cert with the node's signing certificate obtained separately\n");
  }
  return out;
}

std::string JsonSummary(const audit::VerifySummary& s) {
  google::protobuf::Struct json;
  auto& f = *json.mutable_fields();
  f["ok"].set_bool_value(true);
  f["entries"].set_number_value(static_cast<double>(s.entries));
  f["firstSeq"].set_number_value(static_cast<double>(s.first_seq));
  f["lastSeq"].set_number_value(static_cast<double>(s.last_seq));
  f["headsVerified"].set_number_value(static_cast<double>(s.heads_verified));
  f["headsOutsideRange"].set_number_value(static_cast<double>(s.heads_outside_range));
  f["lastSignedSeq"].set_number_value(static_cast<double>(s.last_signed_seq));
  f["certificateFromExport"].set_bool_value(s.certificate_from_export);
  return ToJsonLine(json);
}

}  // namespace

absl::Status RunAuditVerify(const CommandContext& context) {
  const std::string& path = context.args.positionals[0];
  audit::VerifyOptions options;
  if (std::optional<std::string> cert = context.args.Get("signing-cert")) {
    absl::StatusOr<security::CertificateInfo> info = security::ReadCertificate(*cert);
    if (!info.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("--signing-cert: ", info.status().message()));
    }
    options.signing_certificate_der = info->der;
  }
  absl::StatusOr<std::string> text = ReadExport(path);
  if (!text.ok()) return text.status();
  absl::StatusOr<audit::VerifySummary> summary = audit::VerifyExport(*text, options);
  if (!summary.ok()) {
    return absl::Status(
        summary.status().code(),
        absl::StrCat("audit export ", path, " FAILED verification: ", summary.status().message()));
  }
  Emit(context.out, context.json ? JsonSummary(*summary) : HumanSummary(*summary));
  return absl::OkStatus();
}

}  // namespace rilon::client
