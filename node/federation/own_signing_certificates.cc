#include "node/federation/own_signing_certificates.h"

#include "absl/strings/str_cat.h"
#include "node/security/certificate_files.h"
#include "node/util/string_views.h"

namespace rilon::federation {
namespace {

constexpr char kPreviousKey[] = "signing.previous_cert_files";

absl::Status Refuse(size_t index, const std::string& file, absl::string_view why) {
  return absl::FailedPreconditionError(
      absl::StrCat(kPreviousKey, "[", index, "] ", file, ": ", why,
                   "; list only this agency's earlier signing certificates (deploy/pki.sh keeps "
                   "them under agencies/<agency>/signing/retired/)"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<OwnSigningCertificates>> OwnSigningCertificates::Load(
    std::string_view own_agency, std::string_view current_der,
    const std::vector<std::string>& previous_files, SigningCertificates& admitter) {
  std::unique_ptr<OwnSigningCertificates> own(new OwnSigningCertificates());
  if (!current_der.empty()) {
    absl::StatusOr<std::shared_ptr<const SigningCertificate>> current = admitter.Admit(current_der);
    if (!current.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("signing.cert_file: ", current.status().message()));
    }
    own->by_key_id_.emplace((*current)->key_id, std::string(current_der));
  }
  for (size_t i = 0; i < previous_files.size(); ++i) {
    const std::string& file = previous_files[i];
    absl::StatusOr<security::CertificateInfo> info = security::ReadCertificate(file);
    if (!info.ok()) return Refuse(i, file, info.status().message());
    absl::StatusOr<std::shared_ptr<const SigningCertificate>> admitted = admitter.Admit(info->der);
    if (!admitted.ok()) return Refuse(i, file, admitted.status().message());
    if ((*admitted)->agency != own_agency) {
      return Refuse(i, file,
                    absl::StrCat("it is the signing certificate of ", (*admitted)->agency,
                                 ", not of this agency (", util::ToAbsl(own_agency), ")"));
    }
    own->by_key_id_.emplace((*admitted)->key_id, info->der);
  }
  return own;
}

const std::string* OwnSigningCertificates::Find(std::string_view key_id) const {
  auto it = by_key_id_.find(util::ToAbsl(key_id));
  return it == by_key_id_.end() ? nullptr : &it->second;
}

}  // namespace rilon::federation
