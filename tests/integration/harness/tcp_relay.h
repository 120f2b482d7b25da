// A TCP relay between two loopback endpoints, for cutting and restoring one federation link in a
// test: the relay listens on 127.0.0.1 (ephemeral port) and forwards every connection to the
// target port, byte for byte (TLS passes through untouched: peers check SPIFFE ids, not
// addresses).
//
// Contract:
//   - Cut() returns once every open connection has been closed (both sides see the stream end);
//     until Restore(), new connections are accepted and closed at once. Restore() forwards again.
//   - The destructor closes everything and joins the relay's one thread.
//   - Throws std::runtime_error when it cannot listen.
//
// Example:
//   TcpRelay relay(node.port());          // peers dial relay.endpoint() instead of the node
//   relay.Cut();  ...  relay.Restore();
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace rilon::testing {

class TcpRelay {
 public:
  explicit TcpRelay(int target_port);
  ~TcpRelay();
  TcpRelay(const TcpRelay&) = delete;
  TcpRelay& operator=(const TcpRelay&) = delete;

  int port() const { return port_; }
  std::string endpoint() const { return "127.0.0.1:" + std::to_string(port_); }

  void Cut();
  void Restore();

 private:
  enum class Command { kNone, kCut, kRestore, kStop };
  void Run();
  void Send(Command command);

  const int target_port_;
  int listen_fd_ = -1;
  int port_ = 0;
  int wake_[2] = {-1, -1};  // self-pipe: commands wake the relay thread

  std::mutex mu_;
  std::condition_variable done_;
  Command pending_ = Command::kNone;  // guarded by mu_
  std::thread thread_;
};

}  // namespace rilon::testing
