#include "tests/integration/harness/fake_peer.h"

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <stdexcept>

#include "rilon/v1/federation.grpc.pb.h"

namespace rilon::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

class FakePeer::Service final : public rilon::v1::Federation::Service {
 public:
  explicit Service(std::vector<rilon::v1::ReplicateResponse> script) : script_(std::move(script)) {}

  grpc::Status Replicate(grpc::ServerContext*,
                         grpc::ServerReaderWriter<rilon::v1::ReplicateResponse,
                                                  rilon::v1::ReplicateRequest>* stream) override {
    rilon::v1::ReplicateRequest request;
    if (!stream->Read(&request)) return grpc::Status::OK;
    const uint64_t after = request.after_position();
    Note(after);
    for (const rilon::v1::ReplicateResponse& scripted : script_) {
      rilon::v1::ReplicateResponse message = scripted;
      message.clear_records();
      for (const rilon::v1::ReplicatedRecord& r : scripted.records()) {
        if (r.position() > after) *message.add_records() = r;
      }
      if (message.records().empty() && message.examined_through() <= after) continue;
      if (!stream->Write(message)) return grpc::Status::OK;
    }
    while (stream->Read(&request)) Note(request.after_position());
    return grpc::Status::OK;
  }

  uint64_t acknowledged() const { return acknowledged_.load(); }

 private:
  void Note(uint64_t position) {
    uint64_t seen = acknowledged_.load();
    while (position > seen && !acknowledged_.compare_exchange_weak(seen, position)) {
    }
  }

  const std::vector<rilon::v1::ReplicateResponse> script_;
  std::atomic<uint64_t> acknowledged_{0};
};

FakePeer::FakePeer(PkiFixture& pki, const std::string& agency,
                   std::vector<rilon::v1::ReplicateResponse> script)
    : service_(std::make_unique<Service>(std::move(script))) {
  const Identity node = pki.Node(agency);
  grpc::SslServerCredentialsOptions options(
      GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_root_certs = ReadFile(pki.ca_file());
  options.pem_key_cert_pairs.push_back({ReadFile(node.key_file), ReadFile(node.cert_file)});
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::SslServerCredentials(options), &port_);
  builder.RegisterService(service_.get());
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    throw std::runtime_error("FakePeer: cannot listen on 127.0.0.1");
  }
}

FakePeer::~FakePeer() {
  // Streams block in Read until the caller goes; the deadline cancels them.
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  server_->Wait();
}

uint64_t FakePeer::acknowledged() const { return service_->acknowledged(); }

}  // namespace rilon::testing
