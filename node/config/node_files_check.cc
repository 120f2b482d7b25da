// CheckNodeFiles: every check on the node's certificate and key files, run before anything uses
// them, with all problems reported together. The file-level checks themselves belong to
// rilon_security; this file decides which files must pass which checks and what identity each
// certificate must carry.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "node/config/internal/string_view_compat.h"
#include "node/config/node_config_loader.h"
#include "node/security/certificate_files.h"
#include "node/security/identity.h"

namespace rilon::config {
namespace {

using rilon::config::v1::NodeConfig;
using rilon::security::Role;

struct IdentityFiles {
  const char* prefix;  // "tls" or "signing"
  const std::string& cert_file;
  const std::string& key_file;
  Role role;
};

std::string ExpectedSpiffeId(const NodeConfig& config, Role role) {
  return absl::StrCat("spiffe://", config.trust_domain(), "/agency/", config.agency_id(), "/",
                      internal::ToAbsl(rilon::security::RoleName(role)));
}

// Why the one URI SAN `actual` is not the id `role` needs, in terms of the config keys that
// disagree with it.
std::string Mismatch(const NodeConfig& config, const std::string& actual, Role role) {
  absl::StatusOr<rilon::security::Principal> principal = rilon::security::ParseSpiffeId(actual);
  if (!principal.ok()) return "which is not a RILON identity";
  std::vector<std::string> reasons;
  if (principal->trust_domain != config.trust_domain()) {
    reasons.push_back(absl::StrCat("trust_domain is ", config.trust_domain()));
  }
  if (principal->agency_id != config.agency_id()) {
    reasons.push_back(absl::StrCat("agency_id is ", config.agency_id()));
  }
  // Also the fallback, should the SAN differ in a way none of the above names.
  if (principal->role != role || reasons.empty()) {
    reasons.push_back(absl::StrCat("it must be for ", ExpectedSpiffeId(config, role)));
  }
  return absl::StrCat("but ", absl::StrJoin(reasons, " and "));
}

// The certificate must carry exactly one URI SAN, the expected one: peers derive our identity
// from the URI SAN alone and refuse certificates with several (see security/identity.h).
void CheckIdentity(const NodeConfig& config, const IdentityFiles& files,
                   const std::vector<std::string>& uri_sans, std::vector<std::string>& problems) {
  std::string expected = ExpectedSpiffeId(config, files.role);
  if (uri_sans.size() == 1 && uri_sans.front() == expected) return;
  std::string where = absl::StrCat(files.prefix, ".cert_file ", files.cert_file);
  std::string what;
  if (uri_sans.empty()) {
    what = absl::StrCat(where, " has no URI SAN, but must carry exactly ", expected);
  } else if (uri_sans.size() > 1) {
    what = absl::StrCat(where, " carries ", uri_sans.size(), " URI SANs (",
                        absl::StrJoin(uri_sans, ", "), "), but must carry exactly ", expected);
  } else {
    what = absl::StrCat(where, " is for ", uri_sans.front(), ", ",
                        Mismatch(config, uri_sans.front(), files.role));
  }
  problems.push_back(absl::StrCat(what, ": point ", files.prefix, ".cert_file at ",
                                  config.agency_id(),
                                  "'s certificate, or issue one with deploy/pki.sh node --dir "
                                  "PKI_DIR --agency ",
                                  config.agency_id()));
}

void Note(const char* key, const absl::Status& status, std::vector<std::string>& problems) {
  problems.push_back(absl::StrCat(key, ": ", status.message()));
}

void CheckIdentityFiles(const NodeConfig& config, const IdentityFiles& files, bool ca_usable,
                        absl::Time now, std::vector<std::string>& problems) {
  std::string cert_key = absl::StrCat(files.prefix, ".cert_file");
  std::string key_key = absl::StrCat(files.prefix, ".key_file");
  absl::Status key_status = rilon::security::CheckPrivateKeyFile(files.key_file);
  if (!key_status.ok()) Note(key_key.c_str(), key_status, problems);

  absl::StatusOr<rilon::security::CertificateInfo> info =
      rilon::security::ReadCertificate(files.cert_file);
  if (!info.ok()) {
    Note(cert_key.c_str(), info.status(), problems);
    return;
  }
  absl::Status validity = rilon::security::CheckCertificateValidity(files.cert_file, *info, now);
  if (!validity.ok()) Note(cert_key.c_str(), validity, problems);
  CheckIdentity(config, files, info->uri_sans, problems);
  if (key_status.ok()) {
    if (absl::Status s =
            rilon::security::CheckKeyMatchesCertificate(files.cert_file, files.key_file);
        !s.ok()) {
      Note(key_key.c_str(), s, problems);
    }
  }
  // An expired certificate also fails chain verification; saying so twice only adds noise.
  if (ca_usable && validity.ok()) {
    if (absl::Status s =
            rilon::security::CheckCertificateChain(files.cert_file, config.tls().ca_file());
        !s.ok()) {
      Note(cert_key.c_str(), s, problems);
    }
  }
}

// The sharing policy decides what leaves the node: a file anybody on the machine could rewrite
// would let them widen it. Its content is checked when the node loads it (node/policy/).
void CheckPolicyFile(const NodeConfig& config, std::vector<std::string>& problems) {
  const std::string& path = config.policy().file();
  if (path.empty()) return;
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    const int error = errno;
    problems.push_back(absl::StrCat(
        "policy.file: ", path,
        error == ENOENT ? " does not exist: point policy.file at the node's sharing policy "
                          "(start from deploy/policy.example.textproto), or remove the key to "
                          "share by the originators' markings alone"
                        : absl::StrCat(" cannot be read: ", std::strerror(error))));
    return;
  }
  if (!S_ISREG(st.st_mode)) {
    problems.push_back(absl::StrCat("policy.file: ", path, " is not a regular file"));
  } else if ((st.st_mode & S_IWOTH) != 0) {
    problems.push_back(absl::StrCat("policy.file: ", path,
                                    " is writable by every user of the machine: chmod o-w ", path,
                                    " (e.g. mode 0644 or 0640)"));
  }
}

}  // namespace

absl::Status CheckNodeFiles(const NodeConfig& config) {
  std::vector<std::string> problems;
  // The CA bundle is checked once on its own (a root verifies against itself), so that a bad
  // bundle is reported against tls.ca_file rather than once per certificate that uses it.
  absl::Status ca = rilon::security::ReadCertificate(config.tls().ca_file()).status();
  if (ca.ok()) {
    ca = rilon::security::CheckCertificateChain(config.tls().ca_file(), config.tls().ca_file());
  }
  if (!ca.ok()) Note("tls.ca_file", ca, problems);

  const absl::Time now = absl::Now();
  CheckIdentityFiles(config,
                     {"tls", config.tls().cert_file(), config.tls().key_file(), Role::kNode},
                     ca.ok(), now, problems);
  CheckIdentityFiles(
      config,
      {"signing", config.signing().cert_file(), config.signing().key_file(), Role::kSigning},
      ca.ok(), now, problems);
  CheckPolicyFile(config, problems);
  if (!problems.empty()) return absl::FailedPreconditionError(absl::StrJoin(problems, "\n"));
  return absl::OkStatus();
}

}  // namespace rilon::config
