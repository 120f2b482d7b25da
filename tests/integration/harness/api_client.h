// An in-test gRPC client of a node's NodeApi over mutual TLS, presenting a PkiFixture identity
// and expecting the node's SPIFFE id, exactly as the `rilon` client does.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "rilon/v1/node_api.grpc.pb.h"
#include "tests/integration/harness/pki_fixture.h"

namespace rilon::testing {

// Call once per test process before any channel: TLS 1.3 only, as in rilond and rilon.
void RestrictToTls13ForTests();

class ApiClient {
 public:
  // fast_reconnect: retry connecting every 100..500 ms instead of gRPC's default back-off of up
  // to two minutes (tests that restart nodes want to see them again quickly).
  ApiClient(const std::string& endpoint, const std::string& ca_file, const Identity& identity,
            const std::string& expected_server_id, bool fast_reconnect = false);

  // A client that presents `identity` without checking it first (gRPC's plain SSL credentials,
  // verifying the server by its DNS SAN "localhost"): for tests of what the *server* refuses.
  static ApiClient Unchecked(const std::string& endpoint, const std::string& ca_file,
                             const Identity& identity);

  rilon::v1::NodeApi::Stub& stub() { return *stub_; }
  std::shared_ptr<grpc::Channel> channel() { return channel_; }

  // A context with a 30 s deadline.
  static std::unique_ptr<grpc::ClientContext> Context();

  grpc::Status Submit(const rilon::v1::SubmitReportRequest& request,
                      rilon::v1::SubmitReportResponse* response);

 private:
  explicit ApiClient(std::shared_ptr<grpc::Channel> channel);
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<rilon::v1::NodeApi::Stub> stub_;
};

// A small valid report request (period 2026-Q3, one measure); `tag` goes into the narrative.
rilon::v1::SubmitReportRequest SampleReport(const std::string& tag);

}  // namespace rilon::testing
