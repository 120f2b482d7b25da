#include "client/connection.h"

#include <grpc/support/log.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/support/channel_arguments.h>
#include <stdlib.h>

#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/own_credentials.h"
#include "client/printer.h"
#include "client/string_views.h"
#include "node/security/tls_credentials.h"

namespace rilon::client {
namespace {

constexpr char kAskAdmin[] = "ask your agency's RILON administrator";

// Keepalive pings detect a node that vanished without closing the connection (a feed stream
// has no deadline). The node refuses pings more often than every 5 minutes without data.
constexpr int kKeepaliveTimeMs = 330'000;
constexpr int kKeepaliveTimeoutMs = 20'000;
// Feed batches can hold many records; 4 MiB (gRPC's default) is too tight.
constexpr int kMaxReceiveBytes = 64 * 1024 * 1024;

// A private directory for the OpenSSL configuration that RestrictProcessToTls13 writes; the
// configuration is loaded at once, so the directory is removed right after.
class ScratchDir {
 public:
  static absl::StatusOr<ScratchDir> Create() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        absl::StrCat(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp", "/rilon-XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat("cannot create a temporary directory like ",
                                                        pattern,
                                                        ": set TMPDIR to a writable directory"));
    }
    return ScratchDir(std::move(pattern));
  }
  ScratchDir(ScratchDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  ~ScratchDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  explicit ScratchDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// gRPC's own log lines (e.g. "Handshake failed with fatal error ...") would reach officers as
// noise: the statuses that we print carry the same details. GRPC_VERBOSITY (set by whoever is
// debugging) keeps them.
void SilenceGrpcLogUnlessAsked() {
  if (std::getenv("GRPC_VERBOSITY") != nullptr) return;
  gpr_set_log_function([](gpr_log_func_args*) {});
}

absl::Status RestrictToTls13() {
  absl::StatusOr<ScratchDir> dir = ScratchDir::Create();
  if (!dir.ok()) return dir.status();
  absl::Status status = security::RestrictProcessToTls13(dir->path());
  if (!status.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot restrict TLS to version 1.3: ", status.message(), ": ", kAskAdmin));
  }
  return absl::OkStatus();
}

grpc::ChannelArguments ChannelArgs(const ClientSettings& settings) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, kKeepaliveTimeMs);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, kKeepaliveTimeoutMs);
  args.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);  // keep probing an idle feed
  // Retries are the client's own (same request_id); gRPC must not add hidden ones.
  args.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);
  // Reconnect() replaces the channel to get a fresh connection attempt; with the global pool the
  // new channel would share the old subchannel and wait out its back-off.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetMaxReceiveMessageSize(kMaxReceiveBytes);
  if (!settings.server_name.empty()) args.SetSslTargetNameOverride(settings.server_name);
  return args;
}

std::string Detail(const grpc::Status& status) {
  return status.error_message().empty() ? "no details"
                                        : SanitizeForTerminal(status.error_message());
}

}  // namespace

absl::Status StatusFromRpc(const grpc::Status& status, std::string_view action_view,
                           std::string_view endpoint_view, absl::Duration timeout) {
  if (status.ok()) return absl::OkStatus();
  const absl::string_view action = ToAbsl(action_view);
  const absl::string_view endpoint = ToAbsl(endpoint_view);
  const std::string detail = Detail(status);
  const auto code = static_cast<absl::StatusCode>(status.error_code());
  std::string message;
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      message = absl::StrCat(
          "cannot reach node at ", endpoint, " (", detail,
          "): check that rilond is running and that --endpoint is right; if the node rejected "
          "your certificate, check that it is issued by the federation CA and not expired; if "
          "the node is restarting, try again in a minute");
      break;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      message = absl::StrCat("node at ", endpoint, " did not answer within ",
                             absl::FormatDuration(timeout), " when asked to ", action, " (", detail,
                             "): the node may be overloaded or the network slow; try again, "
                             "or allow more time with --timeout (e.g. --timeout 30s)");
      break;
    case grpc::StatusCode::INVALID_ARGUMENT:
      message = absl::StrCat("node at ", endpoint, " refused to ", action, ": ", detail,
                             ": correct what the message names and try again");
      break;
    case grpc::StatusCode::NOT_FOUND:
      message = absl::StrCat("node at ", endpoint, " could not ", action, ": ", detail,
                             ": check the id or cursor; 'rilon report list' shows the records "
                             "your node holds");
      break;
    case grpc::StatusCode::PERMISSION_DENIED:
      message = absl::StrCat("node at ", endpoint, " does not allow you to ", action, ": ", detail,
                             ": your certificate's role or agency may not do this; ", kAskAdmin,
                             " if you need to");
      break;
    case grpc::StatusCode::UNAUTHENTICATED:
      message = absl::StrCat("node at ", endpoint, " did not accept your identity (", detail,
                             "): check that --cert is your RILON certificate, issued by the "
                             "federation CA for your agency, or ",
                             kAskAdmin);
      break;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      message = absl::StrCat("node at ", endpoint, " refused to ", action, ": ", detail,
                             ": the request is too large or the node is overloaded; make it "
                             "smaller, or try again later");
      break;
    case grpc::StatusCode::FAILED_PRECONDITION:
      // The node's message says what to do (e.g. which version of a report is current).
      message = absl::StrCat("node at ", endpoint, " cannot ", action, " now: ", detail);
      break;
    case grpc::StatusCode::UNIMPLEMENTED:
      message =
          absl::StrCat("node at ", endpoint, " cannot ", action, " (", detail,
                       "): it runs a rilond version that does not match this client; ", kAskAdmin);
      break;
    case grpc::StatusCode::ALREADY_EXISTS:
      message = absl::StrCat("node at ", endpoint, " refused to ", action, ": ", detail,
                             ": it is already stored; nothing to do");
      break;
    case grpc::StatusCode::OUT_OF_RANGE:
      message = absl::StrCat("node at ", endpoint, " refused to ", action, ": ", detail,
                             ": check the values given (cursor, page token, limits)");
      break;
    case grpc::StatusCode::CANCELLED:
      message = absl::StrCat("the request to ", action, " was cancelled (", detail, "): try again");
      break;
    case grpc::StatusCode::ABORTED:
      message = absl::StrCat("node at ", endpoint, " aborted the request to ", action, " (", detail,
                             "): try again");
      break;
    default:  // UNKNOWN, INTERNAL, DATA_LOSS and anything newer
      message = absl::StrCat("node at ", endpoint, " failed to ", action, " (",
                             absl::StatusCodeToString(code), ": ", detail,
                             "): try again; if it keeps failing, tell your agency's RILON "
                             "administrator the time and this message");
      break;
  }
  return absl::Status(code, message);
}

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(const ClientSettings& settings) {
  // First: OpenSSL takes its configuration only at its initialization, which the certificate
  // checks below would trigger.
  if (absl::Status tls = RestrictToTls13(); !tls.ok()) return tls;
  SilenceGrpcLogUnlessAsked();
  absl::StatusOr<OwnCredentials> own = CheckOwnCredentials(settings, absl::Now());
  if (!own.ok()) return own.status();
  security::TlsFilePaths files{settings.ca_file, settings.cert_file, settings.key_file};
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      security::MakeChannelCredentials(files, own->expected_server_id);
  if (!credentials.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot set up TLS: ", credentials.status().message(),
                     ": check --ca, --cert and --key (or the settings file), or ", kAskAdmin));
  }
  return std::unique_ptr<Connection>(new Connection(settings, *std::move(credentials)));
}

Connection::Connection(const ClientSettings& settings,
                       std::shared_ptr<grpc::ChannelCredentials> credentials)
    : endpoint_(settings.endpoint),
      timeout_(settings.timeout),
      credentials_(std::move(credentials)),
      args_(ChannelArgs(settings)) {
  Reconnect();
}

void Connection::Reconnect() {
  channel_ = grpc::CreateCustomChannel(endpoint_, credentials_, args_);
  stub_ = rilon::v1::NodeApi::NewStub(channel_);
}

absl::Status Connection::Unary(std::string_view action,
                               absl::FunctionRef<grpc::Status(grpc::ClientContext*)> call) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
  return Translate(call(&context), action);
}

absl::Status Connection::Translate(const grpc::Status& status, std::string_view action) const {
  return StatusFromRpc(status, action, endpoint_, timeout_);
}

absl::Status Connection::WaitUntilConnecting(absl::Duration limit,
                                             const std::function<bool()>& stop, bool* ready) {
  const absl::Time deadline = absl::Now() + limit;
  *ready = false;
  while (true) {
    grpc_connectivity_state state = channel_->GetState(/*try_to_connect=*/true);
    if (state == GRPC_CHANNEL_READY) {
      *ready = true;
      return absl::OkStatus();
    }
    if (state == GRPC_CHANNEL_TRANSIENT_FAILURE || state == GRPC_CHANNEL_SHUTDOWN) {
      return absl::OkStatus();
    }
    if (stop && stop()) return absl::CancelledError("interrupted");
    absl::Time now = absl::Now();
    if (now >= deadline) {
      return absl::UnavailableError(absl::StrCat(
          "cannot reach node at ", endpoint_, ": no connection within ",
          absl::FormatDuration(limit),
          ": check that rilond is running, that --endpoint is right and that no firewall "
          "blocks the port; allow more time with --timeout"));
    }
    channel_->WaitForStateChange(
        state, absl::ToChronoTime(std::min(deadline, now + absl::Milliseconds(100))));
  }
}

}  // namespace rilon::client
