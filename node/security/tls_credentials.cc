#include "node/security/tls_credentials.h"

#include <fcntl.h>
#include <grpc/support/log.h>
#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_certificate_verifier.h>
#include <grpcpp/security/tls_credentials_options.h>
#include <openssl/crypto.h>
#include <openssl/ssl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "node/security/certificate_files.h"
#include "node/security/identity.h"
#include "node/security/internal/openssl_util.h"
#include "node/security/internal/text.h"

namespace rilon::security {
namespace {

// How often a running process re-reads its certificate files. Certificates must be rotated by an
// atomic directory swap: gRPC 1.51 does not check that a reloaded key matches its certificate,
// and a half-written or mismatched pair would fail every new handshake until fixed.
constexpr unsigned int kCertificateRefreshSeconds = 60;

constexpr std::string_view kTls13OnlyConfig =
    "# Written by rilon: restricts every TLS context of this process to TLS 1.3.\n"
    "# gRPC 1.51 resets the minimum protocol version itself, so MinProtocol has no effect;\n"
    "# \"Protocol\" sets SSL_OP_NO_TLSv1_2 instead, which gRPC leaves alone.\n"
    "openssl_conf = openssl_init\n"
    "[openssl_init]\n"
    "ssl_conf = ssl_sect\n"
    "[ssl_sect]\n"
    "system_default = system_default_sect\n"
    "[system_default_sect]\n"
    "Protocol = -ALL, TLSv1.3\n";

// True when a new SSL_CTX of this process refuses everything below TLS 1.3 and allows 1.3.
bool Tls13OnlyInEffect() {
  internal::SslCtxPtr ctx(SSL_CTX_new(TLS_method()));
  if (!ctx) {
    internal::TakeOpenSslErrors();
    return false;
  }
  const uint64_t options = SSL_CTX_get_options(ctx.get());
  return (options & SSL_OP_NO_TLSv1_2) != 0 && (options & SSL_OP_NO_TLSv1_3) == 0;
}

absl::Status WritePrivateFile(const std::string& path, std::string_view data) {
  std::string tmp = path + ".XXXXXX";
  int fd = ::mkstemp(tmp.data());  // mode 0600
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create a file next to ", path, ": ", std::strerror(errno)));
  }
  size_t done = 0;
  bool ok = true;
  while (ok && done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  ok = (::close(fd) == 0) && ok;
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write ", path, ": ", std::strerror(err)));
  }
  return absl::OkStatus();
}

// Everything a credential needs from its files, checked before gRPC reads them, so that a
// mistake is reported at start-up with the file and the fix rather than as a failed handshake.
absl::Status CheckTlsFiles(const TlsFilePaths& files) {
  if (auto s = CheckPrivateKeyFile(files.key_file); !s.ok()) return s;
  auto info = ReadCertificate(files.cert_file);
  if (!info.ok()) return info.status();
  if (auto s = CheckCertificateValidity(files.cert_file, *info, absl::Now()); !s.ok()) return s;
  if (auto s = CheckKeyMatchesCertificate(files.cert_file, files.key_file); !s.ok()) return s;
  return CheckCertificateChain(files.cert_file, files.ca_file);
}

// Reads the files once at construction (gRPC's FileWatcherCertificateProvider loads them in its
// constructor, so nothing is served before the first load) and then every refresh interval.
std::shared_ptr<grpc::experimental::CertificateProviderInterface> WatchFiles(
    const TlsFilePaths& files) {
  return std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
      files.key_file, files.cert_file, files.ca_file, kCertificateRefreshSeconds);
}

// Accepts a server only when its certificate carries exactly one URI SAN, equal to the SPIFFE id
// we meant to reach. Runs after OpenSSL has verified the chain against the federation root.
class ExpectedServerIdVerifier : public grpc::experimental::ExternalCertificateVerifier {
 public:
  explicit ExpectedServerIdVerifier(std::string expected) : expected_(std::move(expected)) {}

  bool Verify(grpc::experimental::TlsCustomVerificationCheckRequest* request,
              std::function<void(grpc::Status)> /*callback*/, grpc::Status* sync_status) override {
    const std::vector<grpc::string_ref> uris = request->uri_names();
    if (uris.size() == 1 && std::string_view(uris[0].data(), uris[0].size()) == expected_) {
      *sync_status = grpc::Status::OK;
      return true;
    }
    std::vector<std::string> presented;
    for (const grpc::string_ref& uri : uris) {
      presented.push_back(internal::Printable(std::string_view(uri.data(), uri.size())));
    }
    const std::string message =
        absl::StrCat("server identity mismatch: expected ", expected_, ", server presented ",
                     presented.empty() ? "no URI SAN" : absl::StrJoin(presented, ", "));
    gpr_log(GPR_ERROR, "rilon: %s", message.c_str());
    *sync_status = grpc::Status(grpc::StatusCode::UNAUTHENTICATED, message);
    return true;  // decided synchronously
  }

  void Cancel(grpc::experimental::TlsCustomVerificationCheckRequest* /*request*/) override {}

 private:
  const std::string expected_;
};

}  // namespace

absl::Status RestrictProcessToTls13(const std::string& scratch_dir) {
  static absl::Mutex mu(absl::kConstInit);
  static bool loaded ABSL_GUARDED_BY(mu) = false;
  absl::MutexLock lock(&mu);
  // `loaded` is set only once the restriction is verified: retrying after a failure is harmless
  // (OpenSSL ignores a second configuration) and reports the failure again.
  if (!loaded) {
    const std::string path = scratch_dir + "/openssl-tls13.cnf";
    if (auto s = WritePrivateFile(path, kTls13OnlyConfig); !s.ok()) return s;
    OPENSSL_INIT_SETTINGS* settings = OPENSSL_INIT_new();
    if (settings == nullptr) internal::DieOnOpenSslFailure("OPENSSL_INIT_new");
    OPENSSL_INIT_set_config_filename(settings, path.c_str());
    OPENSSL_INIT_set_config_file_flags(settings, 0);  // an unreadable file is an error
    const int rc = OPENSSL_init_ssl(OPENSSL_INIT_LOAD_CONFIG, settings);
    OPENSSL_INIT_free(settings);
    if (rc != 1) {
      return absl::FailedPreconditionError(absl::StrCat("cannot load the OpenSSL configuration ",
                                                        path, ": ", internal::TakeOpenSslErrors()));
    }
  }
  // OpenSSL loads a configuration only once per process, so if anything initialised OpenSSL
  // before us, our file was silently ignored. Check the effect instead of trusting the call.
  if (!Tls13OnlyInEffect()) {
    return absl::FailedPreconditionError(
        "OpenSSL was initialised before RestrictProcessToTls13, so its configuration could not "
        "be replaced and TLS 1.2 would still be accepted; call RestrictProcessToTls13 first in "
        "main, before any gRPC or OpenSSL use");
  }
  loaded = true;
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TlsFilePaths& files, std::shared_ptr<grpc::AuthMetadataProcessor> authorizer) {
  if (auto s = CheckTlsFiles(files); !s.ok()) return s;
  grpc::experimental::TlsServerCredentialsOptions options(WatchFiles(files));
  options.watch_root_certs();
  options.watch_identity_key_cert_pairs();
  options.set_cert_request_type(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  std::shared_ptr<grpc::ServerCredentials> credentials =
      grpc::experimental::TlsServerCredentials(options);
  if (credentials == nullptr) {
    return absl::InternalError("gRPC refused the TLS server credential options");
  }
  if (authorizer != nullptr) credentials->SetAuthMetadataProcessor(std::move(authorizer));
  return credentials;
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const TlsFilePaths& files, const std::string& expected_server_id) {
  if (auto id = ParseSpiffeId(expected_server_id); !id.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("expected server id: ", id.status().message()));
  }
  if (auto s = CheckTlsFiles(files); !s.ok()) return s;
  grpc::experimental::TlsChannelCredentialsOptions options;
  options.set_certificate_provider(WatchFiles(files));
  options.watch_root_certs();
  options.watch_identity_key_cert_pairs();
  options.set_verify_server_certs(true);
  options.set_certificate_verifier(
      grpc::experimental::ExternalCertificateVerifier::Create<ExpectedServerIdVerifier>(
          expected_server_id));
  // The SPIFFE id identifies the node, not the host name in the target (nodes may be dialled by
  // IP address), so gRPC's per-call host check would only get in the way.
  options.set_check_call_host(false);
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      grpc::experimental::TlsCredentials(options);
  if (credentials == nullptr) {
    return absl::InternalError("gRPC refused the TLS channel credential options");
  }
  return credentials;
}

}  // namespace rilon::security
