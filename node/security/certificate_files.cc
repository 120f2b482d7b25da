#include "node/security/certificate_files.h"

#include <fcntl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "node/security/internal/openssl_util.h"

namespace rilon::security {
namespace {

using internal::BioPtr;
using internal::X509Ptr;

std::string SubjectRfc2253(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0, XN_FLAG_RFC2253) < 0) {
    internal::TakeOpenSslErrors();
    return "";
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return len > 0 ? std::string(data, static_cast<size_t>(len)) : "";
}

}  // namespace

absl::Status CheckPrivateKeyFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("private key file ", path, " cannot be read: ", std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat("private key file ", path, " is not a regular file"));
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return absl::FailedPreconditionError(
        absl::StrFormat("private key file %s has mode %04o, which lets group or others access it; "
                        "run: chmod 600 %s",
                        path, st.st_mode & 07777, path));
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "private key file ", path, " is not readable by this process (uid ", ::geteuid(),
        "): ", std::strerror(errno), "; make the service user its owner"));
  }
  ::close(fd);
  return absl::OkStatus();
}

absl::StatusOr<CertificateInfo> ReadCertificate(const std::string& path) {
  auto certs = internal::ReadCertificatesPem(path);
  if (!certs.ok()) return certs.status();
  X509* leaf = certs->front().get();
  CertificateInfo info;
  info.subject = SubjectRfc2253(leaf);
  info.uri_sans = internal::UriSans(leaf);
  info.not_before = internal::Asn1TimeToAbsl(X509_get0_notBefore(leaf));
  info.not_after = internal::Asn1TimeToAbsl(X509_get0_notAfter(leaf));
  info.der = internal::CertificateDer(leaf);
  info.sha256_hex = absl::BytesToHexString(internal::Sha256(info.der));
  return info;
}

absl::Status CheckCertificateValidity(const std::string& path, const CertificateInfo& info,
                                      absl::Time now) {
  if (now < info.not_before) {
    return absl::FailedPreconditionError(absl::StrCat(
        "certificate file ", path, " is not valid before ", internal::FormatUtc(info.not_before),
        "; check this machine's clock or install a certificate valid now"));
  }
  if (now > info.not_after) {
    return absl::FailedPreconditionError(absl::StrCat("certificate file ", path, " expired on ",
                                                      internal::FormatUtc(info.not_after),
                                                      "; install a renewed certificate"));
  }
  return absl::OkStatus();
}

absl::Status CheckKeyMatchesCertificate(const std::string& cert_path, const std::string& key_path) {
  auto certs = internal::ReadCertificatesPem(cert_path);
  if (!certs.ok()) return certs.status();
  auto key = internal::ReadPrivateKeyPem(key_path);
  if (!key.ok()) return key.status();
  if (X509_check_private_key(certs->front().get(), key->get()) != 1) {
    internal::TakeOpenSslErrors();
    return absl::FailedPreconditionError(
        absl::StrCat("private key file ", key_path, " does not belong to the certificate in ",
                     cert_path, "; install the key that was generated with this certificate"));
  }
  return absl::OkStatus();
}

absl::Status CheckCertificateChain(const std::string& cert_path, const std::string& ca_path) {
  auto roots = internal::ReadCertificatesPem(ca_path);
  if (!roots.ok()) return roots.status();
  internal::X509StorePtr store(X509_STORE_new());
  if (!store) internal::DieOnOpenSslFailure("X509_STORE_new");
  for (const X509Ptr& root : *roots) {
    // gRPC trusts every certificate of the bundle as an anchor (X509_V_FLAG_PARTIAL_CHAIN), so
    // a stray intermediate or leaf in it would widen trust; only self-signed CAs belong there.
    if (X509_check_ca(root.get()) < 1 ||
        X509_self_signed(root.get(), /*verify_signature=*/1) != 1) {
      internal::TakeOpenSslErrors();
      return absl::FailedPreconditionError(absl::StrCat(
          "CA file ", ca_path, " contains a certificate that is not a self-signed root CA (",
          SubjectRfc2253(root.get()),
          "); it must hold only the federation root certificate(s), intermediates belong in "
          "the certificate files"));
    }
    if (X509_STORE_add_cert(store.get(), root.get()) != 1) {
      internal::TakeOpenSslErrors();  // a duplicate root is harmless
    }
  }
  auto chain = internal::ReadCertificatesPem(cert_path);
  if (!chain.ok()) return chain.status();

  STACK_OF(X509)* untrusted = sk_X509_new_null();
  if (untrusted == nullptr) internal::DieOnOpenSslFailure("sk_X509_new_null");
  for (size_t i = 1; i < chain->size(); ++i) sk_X509_push(untrusted, (*chain)[i].get());
  internal::X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  int verified = 0;
  int error = X509_V_OK;
  if (ctx && X509_STORE_CTX_init(ctx.get(), store.get(), chain->front().get(), untrusted) == 1) {
    verified = X509_verify_cert(ctx.get());
    error = X509_STORE_CTX_get_error(ctx.get());
  }
  sk_X509_free(untrusted);  // the certificates are owned by `chain`
  std::string reasons = internal::TakeOpenSslErrors();
  if (verified != 1) {
    return absl::FailedPreconditionError(
        absl::StrCat("certificate file ", cert_path, " does not chain to a root in ", ca_path, ": ",
                     error != X509_V_OK ? X509_verify_cert_error_string(error) : reasons,
                     "; install a certificate issued under the federation root"));
  }
  return absl::OkStatus();
}

}  // namespace rilon::security
