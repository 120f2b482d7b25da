// CheckListenAddressAvailable: a trial bind, so that "port already in use" is reported at
// start-up in words an operator can act on instead of gRPC's BuildAndStart returning nullptr.
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "node/config/internal/names.h"
#include "node/config/node_config_loader.h"

namespace rilon::config {
namespace {

// Binds one resolved address the way gRPC's listener does: SO_REUSEADDR on (gRPC sets it, so
// a port held only by TIME_WAIT connections of a previous run is free for us too), SO_REUSEPORT
// off (rilond disables it with GRPC_ARG_ALLOW_REUSEPORT=0, so that a second process can never
// share the port). Returns 0 or the errno of the failure.
int TryBind(const addrinfo& address) {
  int fd = socket(address.ai_family, address.ai_socktype | SOCK_CLOEXEC, address.ai_protocol);
  if (fd < 0) return errno;
  absl::Cleanup close_fd = [fd] { close(fd); };
  int one = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0) return errno;
  if (bind(fd, address.ai_addr, address.ai_addrlen) != 0) return errno;
  return 0;
}

absl::Status BindError(const std::string& listen_address, const internal::ListenAddress& parsed,
                       int error) {
  switch (error) {
    case EADDRINUSE:
      return absl::FailedPreconditionError(
          absl::StrCat("listen_address ", listen_address,
                       " is already in use by another process: stop it or choose another port"));
    case EACCES:
      return absl::FailedPreconditionError(absl::StrCat(
          "listen_address ", listen_address, ": port ", parsed.port,
          " is privileged (below 1024) and this process may not bind it: choose a port of 1024 "
          "or above, or grant rilond CAP_NET_BIND_SERVICE"));
    case EADDRNOTAVAIL:
      return absl::FailedPreconditionError(absl::StrCat(
          "listen_address ", listen_address, ": ", parsed.host,
          " is not an address of this machine: use one of its addresses, or 0.0.0.0 / [::]"));
    default:
      return absl::FailedPreconditionError(absl::StrCat(
          "listen_address ", listen_address, " cannot be bound: ", std::strerror(error)));
  }
}

}  // namespace

absl::Status CheckListenAddressAvailable(const std::string& listen_address) {
  absl::StatusOr<internal::ListenAddress> parsed = internal::ParseListenAddress(listen_address);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("listen_address: ", parsed.status().message()));
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* results = nullptr;
  std::string port = std::to_string(parsed->port);
  int rc = getaddrinfo(parsed->host.c_str(), port.c_str(), &hints, &results);
  if (rc != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "listen_address ", listen_address, ": host ", parsed->host, " cannot be resolved (",
        gai_strerror(rc), "): use an IP address, or a name this machine resolves"));
  }
  absl::Cleanup free_results = [results] { freeaddrinfo(results); };
  // gRPC listens on every address a name resolves to and succeeds when at least one binds
  // ("localhost" on a machine without ::1 still works), so an address that is merely absent is
  // tolerated while another binds; an address in use or forbidden never is. Port 0 binds an
  // ephemeral port and so only checks that the host is an address of this machine.
  bool bound_any = false;
  int absent_error = 0;
  for (const addrinfo* a = results; a != nullptr; a = a->ai_next) {
    int error = TryBind(*a);
    if (error == 0) {
      bound_any = true;
    } else if (error == EAFNOSUPPORT || error == EADDRNOTAVAIL) {
      absent_error = error;
    } else {
      return BindError(listen_address, *parsed, error);
    }
  }
  if (!bound_any) return BindError(listen_address, *parsed, absent_error);
  return absl::OkStatus();
}

}  // namespace rilon::config
