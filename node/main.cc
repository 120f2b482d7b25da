// rilond: the RILON node daemon. Parses the command line, loads the configuration, starts the
// node, reloads its sharing policy on SIGHUP, and runs until SIGTERM or SIGINT. Exit codes are
// listed in docs/operations.md.
#include <signal.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "node/config/node_config_loader.h"
#include "node/node.h"
#include "node/observability/log.h"
#include "node/observability/systemd_notify.h"
#include "node/security/openssl_lifetime.h"

namespace {

// Documented in docs/operations.md.
enum ExitCode { kOk = 0, kFailure = 1, kUsage = 2, kConfig = 3, kInUse = 4, kStorage = 5 };

constexpr std::string_view kUsageText =
    "usage: rilond --config FILE        run the node\n"
    "       rilond --check-config FILE  check the configuration and its files, then exit\n"
    "       rilond --version | --help\n";

int ExitCodeFor(const absl::Status& status) {
  const std::string m(status.message());
  if (m.find("in use") != std::string::npos) return kInUse;
  if (m.rfind("storage", 0) == 0 || absl::IsDataLoss(status) || absl::IsUnavailable(status)) {
    return kStorage;
  }
  if (absl::IsInvalidArgument(status) || absl::IsFailedPrecondition(status) ||
      absl::IsNotFound(status) || absl::IsPermissionDenied(status)) {
    return kConfig;
  }
  return kFailure;
}

int Fail(const absl::Status& status, std::string_view what) {
  rilon::log::Error(what, {{"error", std::string(status.message())}});
  std::cerr << "rilond: " << what << ":\n  " << status.message() << "\n";
  return ExitCodeFor(status);
}

}  // namespace

int main(int argc, char** argv) {
  rilon::security::KeepOpenSslUntilProcessExit();
  // Debian's Abseil is built without NDEBUG, so every absl::Mutex (gRPC's own locks included)
  // runs deadlock-cycle detection, a global graph update on each lock: measurable at thousands
  // of calls per second and of no use in production.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  std::string config_path;
  bool check_only = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsageText;
      return kOk;
    }
    if (arg == "--version") {
      std::cout << "rilond " << RILON_VERSION << "\n";
      return kOk;
    }
    if ((arg == "--config" || arg == "--check-config") && i + 1 < argc) {
      check_only = arg == "--check-config";
      config_path = argv[++i];
    } else if (arg.rfind("--config=", 0) == 0) {
      config_path = std::string(arg.substr(9));
    } else {
      std::cerr << "rilond: unknown argument '" << arg << "'\n" << kUsageText;
      return kUsage;
    }
  }
  if (config_path.empty()) {
    std::cerr << "rilond: --config FILE is required\n" << kUsageText;
    return kUsage;
  }

  absl::StatusOr<rilon::config::v1::NodeConfig> config = rilon::config::LoadNodeConfig(config_path);
  if (!config.ok()) return Fail(config.status(), "the configuration is not valid");
  rilon::log::Level level;
  if (rilon::log::ParseLevel(config->log_level(), &level)) rilon::log::SetLevel(level);
  if (check_only) {
    if (absl::Status s = rilon::config::CheckNodeFiles(*config); !s.ok()) {
      return Fail(s, "the configuration's files are not usable");
    }
    if (absl::Status s = rilon::CheckReportingFiles(*config); !s.ok()) {
      return Fail(s, "the codebook or screening files are not usable");
    }
    std::cout << "configuration OK: " << config_path << "\n";
    return kOk;
  }

  // Block the stop signals and SIGHUP in every thread (gRPC's included, which inherit the mask)
  // and take them with sigwait() on this thread: no handler runs in signal context, so the
  // reload below is ordinary code, not async-signal-safe code. A SIGHUP that arrives while the
  // node starts stays pending until the loop below takes it.
  sigset_t handled_signals;
  sigemptyset(&handled_signals);
  sigaddset(&handled_signals, SIGTERM);
  sigaddset(&handled_signals, SIGINT);
  sigaddset(&handled_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &handled_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  absl::StatusOr<std::unique_ptr<rilon::Node>> node = rilon::Node::Start(*config);
  if (!node.ok()) return Fail(node.status(), "the node could not start");

  const std::string port = absl::StrCat((*node)->port());
  rilon::log::Info("rilond ready", {{"agency", config->agency_id()},
                                    {"node_id", (*node)->node_id()},
                                    {"listen", config->listen_address()},
                                    {"port", port},
                                    {"version", RILON_VERSION}});
  // The readiness line on stdout is what scripts and tests wait for (with the real port).
  std::cout << "rilond ready agency=" << config->agency_id() << " port=" << port << std::endl;
  rilon::log::NotifySystemd("READY=1");

  int signal_number = 0;
  for (;;) {
    if (sigwait(&handled_signals, &signal_number) != 0) continue;
    if (signal_number != SIGHUP) break;
    // `systemctl reload` (ExecReload=kill -HUP $MAINPID) waits for READY=1 again.
    rilon::log::NotifySystemd("RELOADING=1");
    (*node)->ReloadPolicy();  // logs the outcome; an invalid file keeps the policy in force
    rilon::log::NotifySystemd("READY=1");
  }
  rilon::log::Info("stopping", {{"signal", strsignal(signal_number)}});
  rilon::log::NotifySystemd("STOPPING=1");
  (*node)->Shutdown();
  node->reset();
  rilon::log::Info("stopped");
  return kOk;
}
