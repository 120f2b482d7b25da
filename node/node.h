// The composition root of rilond: builds every subsystem from a loaded configuration, wires the
// data path (api -> validation -> intake -> store -> feed), and serves gRPC over mutual TLS.
// Only node/main.cc and tests include this header.
//
// Contract:
//   - Start() performs every start-up check (data directory lock, key files, certificates,
//     listen address, storage schema, codebook and screening files) and returns FAILED_PRECONDITION
//     / INVALID_ARGUMENT naming the key or file on the first problem; nothing is served unless all
//     pass.
//   - Once Start() returns, the port accepts calls and the health service reports SERVING.
//   - The sharing policy file (policy.file) is reloaded on ReloadPolicy() and when it changes on
//     disk (polled every 2 s); an invalid new file keeps the policy in force.
//   - Shutdown() is idempotent: health goes NOT_SERVING, in-flight calls get up to
//     `grace` to finish (submissions already queued are committed or refused with UNAVAILABLE),
//     streams are cancelled, the store is closed and the data directory unlocked.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "rilon/config/v1/node_config.pb.h"

namespace rilon {

// Loads the codebook directory and the screening pattern files named by the configuration's
// reporting.* keys, exactly as Start() does: NOT_FOUND or INVALID_ARGUMENT naming the file and
// line. For `rilond --check-config`.
absl::Status CheckReportingFiles(const rilon::config::v1::NodeConfig& config);

class Node {
 public:
  static absl::StatusOr<std::unique_ptr<Node>> Start(const rilon::config::v1::NodeConfig& config);
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // The bound port (useful when the config asked for port 0).
  int port() const;
  // spiffe://<trust-domain>/agency/<agency-id>/node
  const std::string& node_id() const;

  // Reloads the sharing policy file now (SIGHUP). An invalid file keeps the policy in force;
  // either way the outcome is logged and shown in GetNodeStatus. Nothing to do (logged) when
  // the configuration names no policy file. Thread-safe; connections are not touched.
  void ReloadPolicy();

  void Shutdown(absl::Duration grace = absl::Seconds(5));
  // Blocks until Shutdown() has completed (called from another thread).
  void Wait();

 private:
  struct Parts;
  explicit Node(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace rilon
