#include "tests/integration/harness/api_client.h"

#include <fstream>
#include <stdexcept>

#include "node/security/tls_credentials.h"
#include "tests/integration/harness/paths.h"
#include "tests/testing/sample_reports.h"

namespace rilon::testing {

void RestrictToTls13ForTests() {
  // OpenSSL reads the file while the call runs, so the directory need not outlive it.
  ScratchDir scratch("rilon-openssl");
  absl::Status s = security::RestrictProcessToTls13(scratch.path());
  if (!s.ok()) throw std::runtime_error(s.ToString());
}

ApiClient::ApiClient(const std::string& endpoint, const std::string& ca_file,
                     const Identity& identity, const std::string& expected_server_id,
                     bool fast_reconnect) {
  auto credentials = security::MakeChannelCredentials(
      {.ca_file = ca_file, .cert_file = identity.cert_file, .key_file = identity.key_file},
      expected_server_id);
  if (!credentials.ok()) throw std::runtime_error(credentials.status().ToString());
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(16 << 20);
  if (fast_reconnect) {
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
    args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 500);
  }
  channel_ = grpc::CreateCustomChannel(endpoint, *credentials, args);
  stub_ = rilon::v1::NodeApi::NewStub(channel_);
}

ApiClient::ApiClient(std::shared_ptr<grpc::Channel> channel)
    : channel_(std::move(channel)), stub_(rilon::v1::NodeApi::NewStub(channel_)) {}

ApiClient ApiClient::Unchecked(const std::string& endpoint, const std::string& ca_file,
                               const Identity& identity) {
  auto read = [](const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = read(ca_file);
  options.pem_cert_chain = read(identity.cert_file);
  options.pem_private_key = read(identity.key_file);
  grpc::ChannelArguments args;
  args.SetSslTargetNameOverride("localhost");
  return ApiClient(grpc::CreateCustomChannel(endpoint, grpc::SslCredentials(options), args));
}

std::unique_ptr<grpc::ClientContext> ApiClient::Context() {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return ctx;
}

grpc::Status ApiClient::Submit(const rilon::v1::SubmitReportRequest& request,
                               rilon::v1::SubmitReportResponse* response) {
  return stub_->SubmitReport(Context().get(), request, response);
}

rilon::v1::SubmitReportRequest SampleReport(const std::string& tag) {
  rilon::v1::SubmitReportRequest r;
  *r.mutable_report() = SampleTrendReport();
  r.mutable_report()->set_narrative("Sample " + tag +
                                    ": departures at night, fee about USD 1,200.");
  r.set_marking(rilon::v1::TLP_GREEN);
  r.mutable_audience()->add_agencies("id.polri");
  return r;
}

}  // namespace rilon::testing
