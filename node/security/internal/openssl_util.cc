#include "node/security/internal/openssl_util.h"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "absl/strings/str_cat.h"

namespace rilon::security::internal {
namespace {

// Certificate and key files are small; anything larger is not one of ours.
constexpr size_t kMaxPemFileBytes = 1 << 20;

// Called by PEM_read_bio_PrivateKey only for an encrypted key. Records that fact and declines to
// provide a pass phrase (OpenSSL would otherwise prompt on the controlling terminal).
int RefusePassphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* asked) {
  *static_cast<bool*>(asked) = true;
  return -1;
}

}  // namespace

std::string TakeOpenSslErrors() {
  std::string reasons;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof(buf));
    absl::StrAppend(&reasons, reasons.empty() ? "" : "; ", buf);
  }
  return reasons;
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path, const char* what) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(what, " ", path, " cannot be read: ", std::strerror(errno)));
  }
  std::string data;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return absl::FailedPreconditionError(
          absl::StrCat(what, " ", path, " cannot be read: ", std::strerror(err)));
    }
    if (n == 0) break;
    data.append(buf, static_cast<size_t>(n));
    if (data.size() > kMaxPemFileBytes) {
      ::close(fd);
      return absl::FailedPreconditionError(absl::StrCat(
          what, " ", path, " is larger than ", kMaxPemFileBytes, " bytes; is it the right file?"));
    }
  }
  ::close(fd);
  return data;
}

absl::StatusOr<std::vector<X509Ptr>> ReadCertificatesPem(const std::string& path) {
  auto pem = ReadWholeFile(path, "certificate file");
  if (!pem.ok()) return pem.status();
  BioPtr bio(BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size())));
  std::vector<X509Ptr> certs;
  while (bio) {
    X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
    if (cert == nullptr) break;
    certs.emplace_back(cert);
  }
  // The loop ends with "no start line" at the end of the input; anything else is a broken block.
  unsigned long last = ERR_peek_last_error();
  bool clean_end = last == 0 || (ERR_GET_LIB(last) == ERR_LIB_PEM &&
                                 ERR_GET_REASON(last) == PEM_R_NO_START_LINE);
  std::string reasons = TakeOpenSslErrors();
  if (!bio || !clean_end) {
    return absl::FailedPreconditionError(
        absl::StrCat("certificate file ", path, " holds a PEM block that does not parse (", reasons,
                     "); replace it with the PEM certificate issued to you"));
  }
  if (certs.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("certificate file ", path,
                     " holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)"));
  }
  return certs;
}

absl::StatusOr<EvpPkeyPtr> ReadPrivateKeyPem(const std::string& path) {
  auto pem = ReadWholeFile(path, "private key file");
  if (!pem.ok()) return pem.status();
  BioPtr bio(BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size())));
  bool asked_for_passphrase = false;
  EVP_PKEY* key =
      bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, RefusePassphrase, &asked_for_passphrase)
          : nullptr;
  std::string reasons = TakeOpenSslErrors();
  // The key bytes may be in memory we are about to free; scrub them.
  OPENSSL_cleanse(pem->data(), pem->size());
  if (asked_for_passphrase) {
    if (key != nullptr) EVP_PKEY_free(key);
    return absl::FailedPreconditionError(absl::StrCat(
        "private key file ", path,
        " is encrypted; RILON needs an unencrypted PEM key protected by file mode 0600 "
        "(e.g. openssl pkey -in <encrypted> -out ",
        path, ")"));
  }
  if (key == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("private key file ", path, " holds no PEM private key that parses (", reasons,
                     "); replace it with the key generated for this certificate"));
  }
  return EvpPkeyPtr(key);
}

absl::Time Asn1TimeToAbsl(const ASN1_TIME* time) {
  struct tm tm;
  std::memset(&tm, 0, sizeof(tm));
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) {
    TakeOpenSslErrors();
    return absl::InfinitePast();
  }
  return absl::FromTimeT(timegm(&tm));
}

std::string FormatUtc(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", time, absl::UTCTimeZone());
}

std::string CertificateDer(X509* cert) {
  unsigned char* der = nullptr;
  int len = i2d_X509(cert, &der);
  if (len <= 0) {
    TakeOpenSslErrors();
    return "";
  }
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  return out;
}

void DieOnOpenSslFailure(std::string_view what) {
  std::fprintf(stderr, "rilon: fatal: OpenSSL failed in %.*s: %s\n", static_cast<int>(what.size()),
               what.data(), TakeOpenSslErrors().c_str());
  std::abort();
}

std::string Sha256(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr) != 1) {
    DieOnOpenSslFailure("SHA-256");
  }
  return std::string(reinterpret_cast<char*>(digest), len);
}

std::vector<std::string> UriSans(X509* cert) {
  std::vector<std::string> uris;
  auto* names = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert, NID_subject_alt_name, /*crit=*/nullptr, /*idx=*/nullptr));
  if (names == nullptr) return uris;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    if (name->type != GEN_URI) continue;
    const ASN1_IA5STRING* uri = name->d.uniformResourceIdentifier;
    uris.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(uri)),
                      static_cast<size_t>(ASN1_STRING_length(uri)));
  }
  GENERAL_NAMES_free(names);
  return uris;
}

}  // namespace rilon::security::internal
