// A federation peer that lies: a Federation service in the test process, presenting a real node
// certificate of the test PKI (so the real rilond accepts the connection as that agency's node),
// that serves a fixed script of Replicate messages instead of a log. Tests put forged, altered
// and misaddressed records in the script and check that the real node refuses each one.
//
// Contract:
//   - Listens on 127.0.0.1, ephemeral port; the destructor shuts the server down.
//   - Every Replicate stream: reads the caller's first request, sends the script's messages in
//     order, leaving out records at or below the caller's after_position (a message left with
//     neither records nor a newer examined_through is skipped), then reads acknowledgements until
//     the caller goes away.
//   - acknowledged() is the highest after_position received on any stream; thread-safe.
//
// Example:
//   FakePeer liar(pki, "th.rtp", {message1, message2});
//   options.external_peers["au.abf"]["th.rtp"] = liar.endpoint();
#pragma once

#include <grpcpp/server.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rilon/v1/federation.pb.h"
#include "tests/integration/harness/pki_fixture.h"

namespace rilon::testing {

class FakePeer {
 public:
  FakePeer(PkiFixture& pki, const std::string& agency,
           std::vector<rilon::v1::ReplicateResponse> script);
  ~FakePeer();
  FakePeer(const FakePeer&) = delete;
  FakePeer& operator=(const FakePeer&) = delete;

  std::string endpoint() const { return "127.0.0.1:" + std::to_string(port_); }
  uint64_t acknowledged() const;

 private:
  class Service;
  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace rilon::testing
