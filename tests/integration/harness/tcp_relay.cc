#include "tests/integration/harness/tcp_relay.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <list>
#include <stdexcept>
#include <vector>

namespace rilon::testing {
namespace {

constexpr size_t kBufferBytes = 64 * 1024;

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  return addr;
}

void SetNonBlocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

// One direction of a connection: bytes read from `from` wait in `buffer` until written to `to`.
struct Direction {
  int from = -1;
  int to = -1;
  std::string buffer;
  bool eof = false;  // `from` ended; half-close `to` once the buffer is written
};

struct Pair {
  int client = -1;
  int server = -1;
  Direction up;    // client -> server
  Direction down;  // server -> client
  bool dead = false;
};

void Close(Pair& pair) {
  if (pair.client >= 0) close(pair.client);
  if (pair.server >= 0) close(pair.server);
  pair.client = pair.server = -1;
  pair.dead = true;
}

// Reads what `d.from` has, writes what `d.to` takes; false when the connection must go.
bool Pump(Direction& d, short from_events) {
  if ((from_events & (POLLIN | POLLHUP | POLLERR)) && d.buffer.empty() && !d.eof) {
    char buf[kBufferBytes];
    ssize_t n = read(d.from, buf, sizeof buf);
    if (n > 0) {
      d.buffer.assign(buf, static_cast<size_t>(n));
    } else if (n == 0) {
      d.eof = true;
    } else if (errno != EAGAIN && errno != EINTR) {
      return false;
    }
  }
  // Write at once after a read (non-blocking; EAGAIN leaves the rest for POLLOUT).
  if (!d.buffer.empty()) {
    ssize_t n = write(d.to, d.buffer.data(), d.buffer.size());
    if (n > 0) {
      d.buffer.erase(0, static_cast<size_t>(n));
    } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
      return false;
    }
  }
  if (d.eof && d.buffer.empty()) shutdown(d.to, SHUT_WR);
  return true;
}

}  // namespace

TcpRelay::TcpRelay(int target_port) : target_port_(target_port) {
  // Close-on-exec everywhere: nodes the test starts later must not inherit the relay's sockets
  // (a copy in a child would keep a "cut" connection open).
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr = Loopback(0);
  socklen_t len = sizeof addr;
  if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listen_fd_, 64) != 0 ||
      getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
      pipe2(wake_, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("TcpRelay: cannot listen on 127.0.0.1: ") +
                             std::strerror(errno));
  }
  port_ = ntohs(addr.sin_port);
  SetNonBlocking(listen_fd_);
  thread_ = std::thread([this] { Run(); });
}

TcpRelay::~TcpRelay() {
  Send(Command::kStop);
  thread_.join();
  close(listen_fd_);
  close(wake_[0]);
  close(wake_[1]);
}

void TcpRelay::Cut() { Send(Command::kCut); }
void TcpRelay::Restore() { Send(Command::kRestore); }

void TcpRelay::Send(Command command) {
  std::unique_lock<std::mutex> lock(mu_);
  pending_ = command;
  const char byte = 1;
  if (write(wake_[1], &byte, 1) != 1) throw std::runtime_error("TcpRelay: wake pipe failed");
  done_.wait(lock, [this] { return pending_ == Command::kNone; });
}

void TcpRelay::Run() {
  std::list<Pair> pairs;
  bool cut = false;
  for (;;) {
    std::vector<pollfd> fds = {{wake_[0], POLLIN, 0}, {listen_fd_, POLLIN, 0}};
    for (Pair& p : pairs) {
      // Read a side only when its buffer is free; wait for writability only with data pending.
      fds.push_back({p.client,
                     static_cast<short>((p.up.buffer.empty() && !p.up.eof ? POLLIN : 0) |
                                        (p.down.buffer.empty() ? 0 : POLLOUT)),
                     0});
      fds.push_back({p.server,
                     static_cast<short>((p.down.buffer.empty() && !p.down.eof ? POLLIN : 0) |
                                        (p.up.buffer.empty() ? 0 : POLLOUT)),
                     0});
    }
    if (poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) return;

    if (fds[0].revents & POLLIN) {
      char byte;
      if (read(wake_[0], &byte, 1) != 1) return;
      std::lock_guard<std::mutex> lock(mu_);
      const Command command = pending_;
      if (command == Command::kCut || command == Command::kStop) {
        for (Pair& p : pairs) Close(p);
        pairs.clear();
        cut = true;
      } else if (command == Command::kRestore) {
        cut = false;
      }
      pending_ = Command::kNone;
      done_.notify_all();
      if (command == Command::kStop) return;
      continue;  // the pollfd list refers to pairs that may be gone
    }
    size_t i = 2;
    for (auto it = pairs.begin(); i < fds.size(); ++it, i += 2) {
      Pair& p = *it;
      if (!Pump(p.up, fds[i].revents) || !Pump(p.down, fds[i + 1].revents) ||
          (p.up.eof && p.down.eof)) {
        Close(p);
      }
    }
    if (fds[1].revents & POLLIN) {
      for (int client; (client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC)) >= 0;) {
        if (cut) {
          close(client);
          continue;
        }
        int server = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in target = Loopback(target_port_);
        if (server < 0 ||
            connect(server, reinterpret_cast<sockaddr*>(&target), sizeof target) != 0) {
          if (server >= 0) close(server);
          close(client);  // the target is down: the dialer sees the connection end
          continue;
        }
        SetNonBlocking(client);
        SetNonBlocking(server);
        Pair& p = pairs.emplace_back();
        p.client = client;
        p.server = server;
        p.up.from = p.down.to = client;
        p.up.to = p.down.from = server;
      }
    }
    pairs.remove_if([](const Pair& p) { return p.dead; });
  }
}

}  // namespace rilon::testing
