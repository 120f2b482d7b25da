// Mutual TLS end to end, in process: a real gRPC server on 127.0.0.1:0 built with
// MakeServerCredentials and a MethodAuthorizer, serving gRPC's standard health service, called by
// clients that hold good, foreign, expired and missing certificates; and `openssl s_client`
// probing which TLS versions the port accepts.
//
// The first thing this binary does (a global test environment, before any test) is
// RestrictProcessToTls13: OpenSSL accepts its configuration only once per process.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "grpc/health/v1/health.grpc.pb.h"
#include "node/security/method_authorizer.h"
#include "node/security/tls_credentials.h"
#include "tests/testing/test_pki.h"

namespace rilon::security {
namespace {

using rilon::testing::IssuedFiles;
using rilon::testing::TestPki;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kTrustDomain[] = "rilon.test";
constexpr char kServerId[] = "spiffe://rilon.test/agency/au.abf/node";
constexpr char kHealthCheck[] = "/grpc.health.v1.Health/Check";

// --- RestrictProcessToTls13 before anything else -------------------------------------------

absl::Status* tls13_status = nullptr;
std::string* tls13_scratch = nullptr;

class Tls13Environment : public ::testing::Environment {
 public:
  void SetUp() override {
    scratch_ = (std::filesystem::temp_directory_path() / "rilon-tls13-XXXXXX").string();
    if (::mkdtemp(scratch_.data()) == nullptr) {
      tls13_status = new absl::Status(absl::InternalError("mkdtemp failed"));
      return;
    }
    tls13_status = new absl::Status(RestrictProcessToTls13(scratch_));
    tls13_scratch = &scratch_;
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(scratch_, ignored);
    delete tls13_status;
    tls13_status = nullptr;
    tls13_scratch = nullptr;
  }

 private:
  std::string scratch_;
};

[[maybe_unused]] ::testing::Environment* const kTls13Environment =
    ::testing::AddGlobalTestEnvironment(new Tls13Environment);

// --- A subprocess with a time limit, killed by pid ------------------------------------------

struct ProcessResult {
  int exit_code = -1;  // -1 when killed or not started
  std::string output;  // stdout and stderr interleaved
};

std::string FindInPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(start, end - start) + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

ProcessResult RunWithTimeout(std::vector<std::string> argv, std::chrono::seconds limit) {
  ProcessResult result;
  const std::string binary = FindInPath(argv[0]);
  if (binary.empty()) {
    result.output = argv[0] + " not found in PATH";
    return result;
  }
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return result;
  const pid_t pid = ::fork();
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec: the parent has gRPC threads.
    int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, STDIN_FILENO);
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(out[1], STDERR_FILENO);
    ::execv(binary.c_str(), args.data());
    ::_exit(127);
  }
  ::close(out[1]);
  if (pid < 0) {
    ::close(out[0]);
    return result;
  }
  const auto deadline = std::chrono::steady_clock::now() + limit;
  bool killed = false;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      ::kill(pid, SIGKILL);
      killed = true;
      break;
    }
    pollfd pfd{out[0], POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) continue;
    char buf[4096];
    ssize_t n = ::read(out[0], buf, sizeof(buf));
    if (n <= 0) break;
    result.output.append(buf, static_cast<size_t>(n));
  }
  ::close(out[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!killed && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

// --- The server and its clients --------------------------------------------------------------

class TlsIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_NE(tls13_status, nullptr);
    ASSERT_TRUE(tls13_status->ok()) << *tls13_status;
    auto pki = TestPki::Create();
    ASSERT_TRUE(pki.ok()) << pki.status();
    pki_ = pki->release();
    server_files_ = Issue(pki_->root(), "server", rilon::testing::NodeLeaf(kServerId));

    MethodTable table;
    table[kHealthCheck] = {Role::kOfficer, Role::kAnalyst};
    auto credentials = MakeServerCredentials(
        Paths(server_files_),
        std::make_shared<MethodAuthorizer>(kTrustDomain, "au.abf", std::move(table)));
    ASSERT_TRUE(credentials.ok()) << credentials.status();

    grpc::EnableDefaultHealthCheckService(true);
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", *credentials, &port_);
    // gRPC refuses to start a server without a service of its own to poll for (the health
    // service runs on a private queue). The generic service answers UNIMPLEMENTED to anything
    // the authorizer lets through that no service implements.
    builder.RegisterCallbackGenericService(&unimplemented_);
    server_ = builder.BuildAndStart().release();
    ASSERT_NE(server_, nullptr);
    ASSERT_GT(port_, 0);
  }

  static void TearDownTestSuite() {
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
    delete server_;
    server_ = nullptr;
    delete pki_;
    pki_ = nullptr;
  }

  static IssuedFiles Issue(rilon::testing::TestCa& ca, const std::string& stem,
                           const rilon::testing::LeafSpec& spec) {
    auto files = ca.Issue(stem, spec);
    EXPECT_TRUE(files.ok()) << files.status();
    return files.ok() ? *files : IssuedFiles{};
  }

  static TlsFilePaths Paths(const IssuedFiles& files) {
    return TlsFilePaths{pki_->root().ca_file(), files.cert_file, files.key_file};
  }

  static std::string Target() { return "127.0.0.1:" + std::to_string(port_); }

  static std::string ReadFile(const std::string& path) {
    std::string data;
    FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) return data;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) data.append(buf, n);
    std::fclose(f);
    return data;
  }

  // A client that does not use our library: gRPC's classic SSL credentials, optionally with a
  // client certificate, trusting the federation root and expecting the server's DNS SAN.
  static std::shared_ptr<grpc::Channel> RawChannel(const IssuedFiles* identity) {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = ReadFile(pki_->root().ca_file());
    if (identity != nullptr) {
      options.pem_cert_chain = ReadFile(identity->cert_file);
      options.pem_private_key = ReadFile(identity->key_file);
    }
    grpc::ChannelArguments args;
    args.SetSslTargetNameOverride("localhost");
    return grpc::CreateCustomChannel(Target(), grpc::SslCredentials(options), args);
  }

  static std::shared_ptr<grpc::Channel> OurChannel(const IssuedFiles& identity,
                                                   const std::string& expected_server_id) {
    auto credentials = MakeChannelCredentials(Paths(identity), expected_server_id);
    EXPECT_TRUE(credentials.ok()) << credentials.status();
    if (!credentials.ok()) return nullptr;
    return grpc::CreateChannel(Target(), *credentials);
  }

  static grpc::Status Check(const std::shared_ptr<grpc::Channel>& channel,
                            grpc::health::v1::HealthCheckResponse* response = nullptr) {
    if (channel == nullptr) return grpc::Status(grpc::StatusCode::INTERNAL, "no channel");
    auto stub = grpc::health::v1::Health::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse local;
    return stub->Check(&context, request, response != nullptr ? response : &local);
  }

  ProcessResult SClient(const std::string& version_flag, const IssuedFiles& identity) {
    return RunWithTimeout({"openssl", "s_client", "-connect", Target(), version_flag, "-cert",
                           identity.cert_file, "-key", identity.key_file, "-CAfile",
                           pki_->root().ca_file(), "-alpn", "h2", "-servername", "localhost"},
                          std::chrono::seconds(30));
  }

  static TestPki* pki_;
  static IssuedFiles server_files_;
  static grpc::CallbackGenericService unimplemented_;
  static grpc::Server* server_;
  static int port_;
};

TestPki* TlsIntegrationTest::pki_ = nullptr;
IssuedFiles TlsIntegrationTest::server_files_;
grpc::CallbackGenericService TlsIntegrationTest::unimplemented_;
grpc::Server* TlsIntegrationTest::server_ = nullptr;
int TlsIntegrationTest::port_ = 0;

TEST_F(TlsIntegrationTest, OfficerOfOwnAgencySucceeds) {
  IssuedFiles officer = Issue(pki_->root(), "officer-ok",
                              rilon::testing::UserLeaf("spiffe://rilon.test/agency/au.abf/"
                                                       "officer/kim"));
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status s = Check(OurChannel(officer, kServerId), &response);
  ASSERT_TRUE(s.ok()) << s.error_code() << ": " << s.error_message();
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(TlsIntegrationTest, OfficerOfAnotherAgencyIsPermissionDenied) {
  IssuedFiles officer = Issue(pki_->root(), "officer-other",
                              rilon::testing::UserLeaf("spiffe://rilon.test/agency/"
                                                       "id.polri/officer/dewi"));
  grpc::Status s = Check(OurChannel(officer, kServerId));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("not available to officer of id.polri"));
}

TEST_F(TlsIntegrationTest, UnknownMethodIsDeniedBeforeAnyHandler) {
  IssuedFiles officer = Issue(pki_->root(), "officer-unknown",
                              rilon::testing::UserLeaf("spiffe://rilon.test/agency/"
                                                       "au.abf/officer/kim"));
  auto channel = OurChannel(officer, kServerId);
  ASSERT_NE(channel, nullptr);
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1), response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/rilon.v1.NodeApi/SubmitReport", grpc::StubOptions(), &request,
                 &response, [&done](grpc::Status s) { done.set_value(std::move(s)); });
  grpc::Status s = done.get_future().get();
  // Without the authorizer the generic service would answer UNIMPLEMENTED.
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  EXPECT_EQ(s.error_message(),
            "method /rilon.v1.NodeApi/SubmitReport is not available to officer of au.abf");
}

TEST_F(TlsIntegrationTest, RoleNotListedIsPermissionDenied) {
  IssuedFiles admin = Issue(pki_->root(), "admin",
                            rilon::testing::UserLeaf("spiffe://rilon.test/agency/au.abf/admin/a"));
  grpc::Status s = Check(OurChannel(admin, kServerId));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  EXPECT_EQ(s.error_message(),
            std::string("method ") + kHealthCheck + " is not available to admin of au.abf");
}

TEST_F(TlsIntegrationTest, CertificateWithoutOurSpiffeIdIsUnauthenticated) {
  rilon::testing::LeafSpec spec =
      rilon::testing::UserLeaf("spiffe://elsewhere.test/agency/au.abf/officer/kim");
  IssuedFiles foreign_domain = Issue(pki_->root(), "foreign-domain", spec);
  grpc::Status s = Check(RawChannel(&foreign_domain));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << s.error_message();
}

TEST_F(TlsIntegrationTest, ClientCertificateFromAnotherCaIsRefused) {
  IssuedFiles rogue = Issue(pki_->other_ca(), "rogue",
                            rilon::testing::UserLeaf("spiffe://rilon.test/agency/au.abf/"
                                                     "officer/kim"));
  grpc::Status s = Check(RawChannel(&rogue));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  // Our own library refuses to even build such credentials.
  EXPECT_EQ(MakeChannelCredentials(Paths(rogue), kServerId).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(TlsIntegrationTest, ExpiredClientCertificateIsRefused) {
  IssuedFiles expired = Issue(pki_->root(), "expired",
                              rilon::testing::Expired(rilon::testing::UserLeaf(
                                  "spiffe://rilon.test/agency/au.abf/officer/kim")));
  grpc::Status s = Check(RawChannel(&expired));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  auto ours = MakeChannelCredentials(Paths(expired), kServerId);
  EXPECT_EQ(ours.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(ours.status().message(), HasSubstr("expired on"));
}

TEST_F(TlsIntegrationTest, MissingClientCertificateIsRefused) {
  grpc::Status s = Check(RawChannel(nullptr));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
}

TEST_F(TlsIntegrationTest, ClientRefusesServerWithAnotherSpiffeId) {
  IssuedFiles officer = Issue(pki_->root(), "officer-mismatch",
                              rilon::testing::UserLeaf("spiffe://rilon.test/agency/"
                                                       "au.abf/officer/kim"));
  grpc::Status s = Check(OurChannel(officer, "spiffe://rilon.test/agency/id.polri/node"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
}

TEST_F(TlsIntegrationTest, ChannelCredentialsRefuseABadExpectedId) {
  IssuedFiles officer = Issue(pki_->root(), "officer-badid",
                              rilon::testing::UserLeaf("spiffe://rilon.test/agency/"
                                                       "au.abf/officer/kim"));
  EXPECT_EQ(MakeChannelCredentials(Paths(officer), "localhost").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(TlsIntegrationTest, ServerCredentialsRefuseBadFiles) {
  IssuedFiles node = Issue(pki_->root(), "node-loose", rilon::testing::NodeLeaf(kServerId));
  ASSERT_EQ(::chmod(node.key_file.c_str(), 0644), 0);
  auto loose = MakeServerCredentials(Paths(node), nullptr);
  EXPECT_EQ(loose.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(loose.status().message(), HasSubstr("chmod 600"));

  IssuedFiles a = Issue(pki_->root(), "node-a", rilon::testing::NodeLeaf(kServerId));
  IssuedFiles b = Issue(pki_->root(), "node-b", rilon::testing::NodeLeaf(kServerId));
  auto mismatched =
      MakeServerCredentials({pki_->root().ca_file(), a.cert_file, b.key_file}, nullptr);
  EXPECT_EQ(mismatched.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(mismatched.status().message(), HasSubstr("does not belong"));

  IssuedFiles rogue = Issue(pki_->other_ca(), "node-rogue", rilon::testing::NodeLeaf(kServerId));
  EXPECT_EQ(MakeServerCredentials(Paths(rogue), nullptr).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(TlsIntegrationTest, RestrictionIsIdempotentAndInEffect) {
  ASSERT_NE(tls13_scratch, nullptr);
  const std::string config = *tls13_scratch + "/openssl-tls13.cnf";
  struct stat st;
  ASSERT_EQ(::stat(config.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_THAT(ReadFile(config), HasSubstr("Protocol = -ALL, TLSv1.3"));

  EXPECT_TRUE(RestrictProcessToTls13(pki_->dir()).ok());
  SSL_CTX* ctx = SSL_CTX_new(TLS_method());
  ASSERT_NE(ctx, nullptr);
  EXPECT_NE(SSL_CTX_get_options(ctx) & SSL_OP_NO_TLSv1_2, 0u);
  EXPECT_EQ(SSL_CTX_get_options(ctx) & SSL_OP_NO_TLSv1_3, 0u);
  SSL_CTX_free(ctx);
}

TEST_F(TlsIntegrationTest, Tls12IsRefusedOnTheWire) {
  IssuedFiles officer = Issue(pki_->root(), "officer-tls12",
                              rilon::testing::UserLeaf("spiffe://rilon.test/agency/"
                                                       "au.abf/officer/kim"));
  ProcessResult r = SClient("-tls1_2", officer);
  EXPECT_NE(r.exit_code, 0) << r.output;
  // The server ends the handshake without choosing a cipher (gRPC closes the connection
  // instead of sending a protocol_version alert).
  EXPECT_THAT(r.output, HasSubstr("New, (NONE), Cipher is (NONE)"));
  EXPECT_THAT(r.output, Not(HasSubstr("New, TLSv1.2")));
}

TEST_F(TlsIntegrationTest, Tls13IsAcceptedOnTheWire) {
  IssuedFiles officer = Issue(pki_->root(), "officer-tls13",
                              rilon::testing::UserLeaf("spiffe://rilon.test/agency/"
                                                       "au.abf/officer/kim"));
  ProcessResult r = SClient("-tls1_3", officer);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("New, TLSv1.3"));
  EXPECT_THAT(r.output, HasSubstr("Verify return code: 0 (ok)"));
}

}  // namespace
}  // namespace rilon::security
