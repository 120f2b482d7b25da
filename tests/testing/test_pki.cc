#include "tests/testing/test_pki.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"

namespace rilon::testing {
namespace {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using X509ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

// absl::StrCat takes absl::string_view, which is not std::string_view in Debian's Abseil.
absl::string_view View(std::string_view s) { return {s.data(), s.size()}; }

absl::Status OpenSslError(std::string_view what) {
  std::string reasons;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof(buf));
    absl::StrAppend(&reasons, reasons.empty() ? "" : "; ", buf);
  }
  return absl::InternalError(absl::StrCat("test PKI: ", View(what), ": ", reasons));
}

absl::StatusOr<PkeyPtr> GenerateKey(KeyType type) {
  EVP_PKEY* key = type == KeyType::kEd25519 ? EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519")
                                            : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  if (key == nullptr) return OpenSslError("key generation");
  return PkeyPtr(key);
}

// Writes `data` to a new file with `mode` (the file must not exist yet).
absl::Status WriteNewFile(const std::string& path, std::string_view data, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) return absl::AlreadyExistsError(absl::StrCat(path, " already exists"));
    return absl::InternalError(absl::StrCat("cannot create ", path, ": ", std::strerror(errno)));
  }
  // open() applies the umask; the test depends on the exact mode.
  bool ok = ::fchmod(fd, mode) == 0;
  size_t done = 0;
  while (ok && done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  ok = (::close(fd) == 0) && ok;
  if (!ok) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

absl::StatusOr<std::string> BioContents(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  if (len < 0) return OpenSslError("reading memory BIO");
  return std::string(data, static_cast<size_t>(len));
}

absl::StatusOr<std::string> CertificatePem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return OpenSslError("PEM encoding");
  return BioContents(bio.get());
}

absl::StatusOr<std::string> PrivateKeyPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return OpenSslError("PEM encoding of the private key");
  return BioContents(bio.get());
}

absl::Status AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
    return OpenSslError(absl::StrCat("extension ", OBJ_nid2sn(nid), "=", value));
  }
  return absl::OkStatus();
}

// A certificate skeleton: version 3, random serial, subject, validity and public key.
absl::StatusOr<X509Ptr> NewCertificate(std::string_view common_name, std::string_view org,
                                       absl::Time not_before, absl::Time not_after,
                                       EVP_PKEY* public_key) {
  X509Ptr cert(X509_new());
  BnPtr serial(BN_new());
  if (!cert || !serial || X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
      BN_rand(serial.get(), 64, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) == nullptr) {
    return OpenSslError("certificate skeleton");
  }
  X509_NAME* name = X509_get_subject_name(cert.get());
  const std::string org_s(org), cn_s(common_name);
  if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(org_s.c_str()), -1, -1,
                                 0) != 1 ||
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(cn_s.c_str()), -1, -1,
                                 0) != 1) {
    return OpenSslError("subject name");
  }
  if (ASN1_TIME_set(X509_getm_notBefore(cert.get()), absl::ToTimeT(not_before)) == nullptr ||
      ASN1_TIME_set(X509_getm_notAfter(cert.get()), absl::ToTimeT(not_after)) == nullptr ||
      X509_set_pubkey(cert.get(), public_key) != 1) {
    return OpenSslError("validity or public key");
  }
  return cert;
}

}  // namespace

struct TestCa::State {
  PkeyPtr key;
  X509Ptr cert;
};

TestCa::TestCa(std::unique_ptr<State> state, std::string dir, std::string ca_file)
    : state_(std::move(state)), dir_(std::move(dir)), ca_file_(std::move(ca_file)) {}
TestCa::~TestCa() = default;

absl::StatusOr<std::unique_ptr<TestCa>> TestCa::Create(const std::string& dir,
                                                       std::string_view name) {
  if (::mkdir(dir.c_str(), 0700) != 0) {
    return absl::InternalError(absl::StrCat("cannot create ", dir, ": ", std::strerror(errno)));
  }
  auto state = std::make_unique<State>();
  auto key = GenerateKey(KeyType::kEcdsaP256);
  if (!key.ok()) return key.status();
  state->key = std::move(*key);
  const absl::Time now = absl::Now();
  auto cert = NewCertificate(name, "RILON test PKI", now - absl::Hours(24),
                             now + absl::Hours(24 * 365), state->key.get());
  if (!cert.ok()) return cert.status();
  state->cert = std::move(*cert);
  X509* c = state->cert.get();
  if (X509_set_issuer_name(c, X509_get_subject_name(c)) != 1) return OpenSslError("issuer");
  for (auto [nid, value] : {std::pair{NID_basic_constraints, "critical,CA:TRUE"},
                            std::pair{NID_key_usage, "critical,keyCertSign,cRLSign"},
                            std::pair{NID_subject_key_identifier, "hash"},
                            std::pair{NID_authority_key_identifier, "keyid:always"}}) {
    if (auto s = AddExtension(c, c, nid, value); !s.ok()) return s;
  }
  if (X509_sign(c, state->key.get(), EVP_sha256()) <= 0) return OpenSslError("signing CA");
  auto pem = CertificatePem(c);
  if (!pem.ok()) return pem.status();
  std::string ca_file = dir + "/ca.pem";
  if (auto s = WriteNewFile(ca_file, *pem, 0644); !s.ok()) return s;
  return std::unique_ptr<TestCa>(new TestCa(std::move(state), dir, std::move(ca_file)));
}

absl::StatusOr<IssuedFiles> TestCa::Issue(std::string_view stem, const LeafSpec& spec) {
  auto key = GenerateKey(spec.key_type);
  if (!key.ok()) return key.status();
  auto cert_or = NewCertificate(spec.common_name, "RILON test PKI", spec.not_before, spec.not_after,
                                key->get());
  if (!cert_or.ok()) return cert_or.status();
  X509* cert = cert_or->get();
  X509* ca = state_->cert.get();
  if (X509_set_issuer_name(cert, X509_get_subject_name(ca)) != 1) return OpenSslError("issuer");

  std::vector<std::string> sans;
  for (const auto& uri : spec.uri_sans) sans.push_back(absl::StrCat("URI:", uri));
  if (spec.localhost_sans) {
    sans.push_back("DNS:localhost");
    sans.push_back("IP:127.0.0.1");
  }
  std::vector<std::string> ekus;
  if (spec.server_auth) ekus.push_back("serverAuth");
  if (spec.client_auth) ekus.push_back("clientAuth");

  std::vector<std::pair<int, std::string>> extensions = {
      {NID_basic_constraints, "critical,CA:FALSE"},
      {NID_key_usage, "critical,digitalSignature"},
      {NID_subject_key_identifier, "hash"},
      {NID_authority_key_identifier, "keyid:always"}};
  if (!sans.empty()) extensions.push_back({NID_subject_alt_name, absl::StrJoin(sans, ",")});
  if (!ekus.empty()) extensions.push_back({NID_ext_key_usage, absl::StrJoin(ekus, ",")});
  for (const auto& [nid, value] : extensions) {
    if (auto s = AddExtension(cert, ca, nid, value); !s.ok()) return s;
  }
  if (X509_sign(cert, state_->key.get(), EVP_sha256()) <= 0) return OpenSslError("signing leaf");

  auto cert_pem = CertificatePem(cert);
  if (!cert_pem.ok()) return cert_pem.status();
  auto key_pem = PrivateKeyPem(key->get());
  if (!key_pem.ok()) return key_pem.status();
  IssuedFiles files{absl::StrCat(dir_, "/", View(stem), ".pem"),
                    absl::StrCat(dir_, "/", View(stem), ".key")};
  if (auto s = WriteNewFile(files.cert_file, *cert_pem, 0644); !s.ok()) return s;
  if (auto s = WriteNewFile(files.key_file, *key_pem, 0600); !s.ok()) return s;
  return files;
}

LeafSpec NodeLeaf(std::string spiffe_id) {
  LeafSpec spec;
  spec.common_name = "rilon test node";
  spec.uri_sans = {std::move(spiffe_id)};
  spec.localhost_sans = true;
  spec.server_auth = true;
  spec.client_auth = true;
  return spec;
}

LeafSpec UserLeaf(std::string spiffe_id) {
  LeafSpec spec;
  spec.common_name = "rilon test user";
  spec.uri_sans = {std::move(spiffe_id)};
  spec.client_auth = true;
  return spec;
}

LeafSpec SigningLeaf(std::string spiffe_id) {
  LeafSpec spec;
  spec.common_name = "rilon test record signing";
  spec.uri_sans = {std::move(spiffe_id)};
  spec.key_type = KeyType::kEd25519;
  return spec;
}

LeafSpec Expired(LeafSpec spec) {
  spec.not_before = absl::Now() - absl::Hours(48);
  spec.not_after = absl::Now() - absl::Hours(1);
  return spec;
}

LeafSpec NotYetValid(LeafSpec spec) {
  spec.not_before = absl::Now() + absl::Hours(1);
  spec.not_after = absl::Now() + absl::Hours(48);
  return spec;
}

absl::StatusOr<std::unique_ptr<TestPki>> TestPki::Create() {
  const char* tmp = std::getenv("TMPDIR");
  std::string tmpl =
      absl::StrCat(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp", "/rilon-pki-XXXXXX");
  if (::mkdtemp(tmpl.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp ", tmpl, ": ", std::strerror(errno)));
  }
  std::unique_ptr<TestPki> pki(new TestPki(tmpl));
  auto root = TestCa::Create(tmpl + "/root", "RILON Test Federation Root");
  if (!root.ok()) return root.status();
  pki->root_ = std::move(*root);
  auto other = TestCa::Create(tmpl + "/other", "Unrelated Test CA");
  if (!other.ok()) return other.status();
  pki->other_ = std::move(*other);
  return pki;
}

TestPki::~TestPki() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

}  // namespace rilon::testing
