// rilon_echo_server: the reference point for W1 (docs/benchmarks.md). A bare gRPC server that
// answers one unary method, /rilon.load.Echo/Echo, with the bytes it received: no parsing, no
// authorization, no storage. It uses rilond's own transport, so the difference between
// `rilon_load --only ECHO` and W1 is what the node does with a call, not how the call travels:
//   - the same mutual TLS 1.3 credentials (MakeServerCredentials, client certificate required),
//     from the node certificate of a deploy/pki.sh agency;
//   - gRPC's callback API, as rilond's handlers;
//   - the same allocator as rilond (jemalloc, unless the build has sanitizers).
// The issue states W1's target against such an echo ("about 12,000/s" on its reference machine),
// so the ratio of the two on one host is the figure that does not depend on the host.
//
// Usage: rilon_echo_server --ca FILE --cert FILE --key FILE --work-dir DIR
// Listens on 127.0.0.1 on an ephemeral port, prints "rilon_echo_server ready port=N" on stdout,
// and serves until SIGTERM or SIGINT. Exit codes: 0 after a signal, 2 usage, 1 anything else.
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/server_callback_handlers.h>
#include <grpcpp/impl/rpc_service_method.h>
#include <grpcpp/impl/service_type.h>
#include <grpcpp/support/byte_buffer.h>
#include <signal.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "node/security/openssl_lifetime.h"
#include "node/security/tls_credentials.h"

namespace {

constexpr char kEchoMethod[] = "/rilon.load.Echo/Echo";

// A service of one raw unary method: the request's bytes are the reply, shared, not copied.
class EchoService final : public grpc::Service {
 public:
  EchoService() {
    AddMethod(new grpc::internal::RpcServiceMethod(
        kEchoMethod, grpc::internal::RpcMethod::NORMAL_RPC, /*handler=*/nullptr));
    MarkMethodRawCallback(
        0, new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
               [](grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                  grpc::ByteBuffer* response) {
                 *response = *request;
                 grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
                 reactor->Finish(grpc::Status::OK);
                 return reactor;
               }));
  }
};

int Usage(std::ostream& out, int code) {
  out << "usage: rilon_echo_server --ca FILE --cert FILE --key FILE --work-dir DIR\n";
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  rilon::security::KeepOpenSslUntilProcessExit();
  std::map<std::string, std::string> flags;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") return Usage(std::cout, 0);
    if (i + 1 >= argc ||
        (flag != "--ca" && flag != "--cert" && flag != "--key" && flag != "--work-dir")) {
      return Usage(std::cerr, 2);
    }
    flags[flag] = argv[++i];
  }
  if (flags.size() != 4) return Usage(std::cerr, 2);

  // As in rilond: only TLS 1.3, configured before anything else touches OpenSSL.
  if (absl::Status s = rilon::security::RestrictProcessToTls13(flags["--work-dir"]); !s.ok()) {
    std::cerr << "rilon_echo_server: " << s.message() << "\n";
    return 1;
  }
  auto credentials = rilon::security::MakeServerCredentials(
      {.ca_file = flags["--ca"], .cert_file = flags["--cert"], .key_file = flags["--key"]},
      /*authorizer=*/nullptr);
  if (!credentials.ok()) {
    std::cerr << "rilon_echo_server: " << credentials.status().message() << "\n";
    return 1;
  }

  // Signals are taken by sigwait below, not by a handler; every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  EchoService service;
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", *credentials, &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::cerr << "rilon_echo_server: could not listen on 127.0.0.1\n";
    return 1;
  }
  std::printf("rilon_echo_server ready port=%d\n", port);
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  server->Shutdown();
  server->Wait();
  return 0;
}
