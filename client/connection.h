// The client's connection to its agency's node: mutual TLS 1.3 channel, a deadline on every
// unary call, and the single translation of gRPC statuses into messages that say what to do.
//
// Contract:
//   - Open() restricts the process to TLS 1.3 (before anything initializes OpenSSL), checks the
//     own certificate and key (client/own_credentials.h), and builds credentials that require
//     the node to present spiffe://<trust-domain>/agency/<own agency>/node. It does not
//     connect; calls do. Call it at most once per process, before other OpenSSL use.
//   - Unary() gives each call a deadline of settings.timeout. Streams (feed follow) have none;
//     their connecting is bounded by WaitUntilConnecting().
//   - Every status returned by this module has a message naming the node and what to do, and
//     keeps the gRPC code (absl and gRPC share codes), so client/exit_codes.h maps it.
#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>
#include <grpcpp/support/status.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/client_settings.h"
#include "rilon/v1/node_api.grpc.pb.h"

namespace rilon::client {

// Translates the result of an RPC. `action` completes "to ..." in messages, e.g. "submit the
// report"; `endpoint` and `timeout` appear in messages for unavailable nodes and deadlines.
absl::Status StatusFromRpc(const grpc::Status& status, std::string_view action,
                           std::string_view endpoint, absl::Duration timeout);

class Connection {
 public:
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const ClientSettings& settings);

  rilon::v1::NodeApi::StubInterface& stub() { return *stub_; }
  const std::string& endpoint() const { return endpoint_; }
  absl::Duration timeout() const { return timeout_; }

  // Runs `call` with a fresh context whose deadline is now + timeout, then translates.
  absl::Status Unary(std::string_view action,
                     absl::FunctionRef<grpc::Status(grpc::ClientContext*)> call);

  // Translates a status of a call made directly on stub() (streams).
  absl::Status Translate(const grpc::Status& status, std::string_view action) const;

  // Replaces the channel (and stub) with a new one that connects afresh at the next call,
  // instead of waiting out gRPC's own reconnect back-off; the feed's back-off already waited.
  // Invalidates references to the previous stub().
  void Reconnect();

  // Waits, at most `limit`, until the channel has either connected or failed to (in which case
  // the next call reports why). UNAVAILABLE if it is still connecting after `limit`; CANCELLED
  // as soon as `stop` returns true (polled every 100 ms). Returns OK with *ready telling whether
  // the channel is connected.
  absl::Status WaitUntilConnecting(absl::Duration limit, const std::function<bool()>& stop,
                                   bool* ready);

 private:
  Connection(const ClientSettings& settings, std::shared_ptr<grpc::ChannelCredentials> credentials);

  const std::string endpoint_;
  const absl::Duration timeout_;
  const std::shared_ptr<grpc::ChannelCredentials> credentials_;
  const grpc::ChannelArguments args_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<rilon::v1::NodeApi::StubInterface> stub_;
};

}  // namespace rilon::client
