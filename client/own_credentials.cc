#include "client/own_credentials.h"

#include "absl/strings/str_cat.h"
#include "client/printer.h"
#include "client/string_views.h"
#include "node/security/certificate_files.h"

namespace rilon::client {
namespace {

constexpr char kAskAdmin[] = "ask your agency's RILON administrator";

// How an administrator issues a replacement (deploy/pki.sh keeps existing certificates unless
// told --force).
std::string ReissueHint(const security::Principal& principal) {
  std::string command = absl::StrCat("deploy/pki.sh ", ToAbsl(security::RoleName(principal.role)),
                                     " --agency ", principal.agency_id);
  if (!principal.name.empty()) absl::StrAppend(&command, " --name ", principal.name);
  return absl::StrCat(kAskAdmin, " for a new one (", command, " --force)");
}

}  // namespace

std::string NodeIdOf(const security::Principal& principal) {
  return absl::StrCat("spiffe://", principal.trust_domain, "/agency/", principal.agency_id,
                      "/node");
}

absl::StatusOr<OwnCredentials> CheckOwnCredentials(const ClientSettings& settings, absl::Time now) {
  absl::StatusOr<security::CertificateInfo> info = security::ReadCertificate(settings.cert_file);
  if (!info.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot use your certificate: ", info.status().message(),
                     ": check --cert (or cert_file in the settings file), or ", kAskAdmin));
  }
  OwnCredentials own;
  bool found = false;
  for (const std::string& uri : info->uri_sans) {
    absl::StatusOr<security::Principal> principal = security::ParseSpiffeId(uri);
    if (principal.ok()) {
      own.principal = *std::move(principal);
      found = true;
      break;
    }
  }
  if (!found) {
    return absl::FailedPreconditionError(absl::StrCat(
        "your certificate ", settings.cert_file,
        " carries no RILON identity (a URI such as "
        "spiffe://<federation>/agency/<agency>/officer/<name>): check that --cert names your "
        "RILON certificate, or ",
        kAskAdmin, " for one"));
  }
  if (!security::CheckCertificateValidity(settings.cert_file, *info, now).ok()) {
    if (now >= info->not_after) {
      return absl::FailedPreconditionError(absl::StrCat("your certificate ", settings.cert_file,
                                                        " expired on ", FormatUtc(info->not_after),
                                                        ": ", ReissueHint(own.principal)));
    }
    return absl::FailedPreconditionError(absl::StrCat(
        "your certificate ", settings.cert_file, " is not valid before ",
        FormatUtc(info->not_before), ": check that this computer's clock is right (it is ",
        FormatUtc(now), "), or ", ReissueHint(own.principal)));
  }
  // Checked after the certificate: a certificate that must be replaced comes with a new key.
  if (absl::Status key = security::CheckPrivateKeyFile(settings.key_file); !key.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot use your private key: ", key.message()));
  }
  own.expected_server_id = NodeIdOf(own.principal);
  own.not_after = info->not_after;
  return own;
}

}  // namespace rilon::client
