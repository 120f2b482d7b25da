// `rilon feed follow`: prints the node's feed as it arrives and survives node restarts and
// network drops by resubscribing after the last cursor it printed (so nothing is skipped or
// printed twice). Ends with exit 0 on Ctrl-C or after --limit events.
#include <grpcpp/support/sync_stream.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "client/backoff.h"
#include "client/commands/commands.h"
#include "client/commands/record_filters.h"
#include "client/connection.h"
#include "client/exit_codes.h"
#include "client/interrupt.h"
#include "client/printer.h"

namespace rilon::client {
namespace {

// Stream ends worth a reconnect: the node went away or restarted, or closed the stream itself.
bool IsTransient(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::CANCELLED ||
         code == grpc::StatusCode::ABORTED || code == grpc::StatusCode::OK;
}

class FeedFollower {
 public:
  FeedFollower(const CommandContext& context, Connection& node, InterruptHandler& interrupts,
               rilon::v1::SubscribeRequest filters, std::string cursor, int64_t limit)
      : context_(context),
        node_(node),
        interrupts_(interrupts),
        filters_(std::move(filters)),
        cursor_(std::move(cursor)),
        limit_(limit),
        backoff_({.initial = absl::Milliseconds(500),
                  .max = absl::Seconds(30),
                  .multiplier = 2.0,
                  .jitter = 0.2}) {}

  absl::Status Run() {
    const auto stop = [this] { return interrupts_.interrupted(); };
    bool reconnecting = false;
    while (!interrupts_.interrupted()) {
      bool ready = false;
      absl::Status connecting = node_.WaitUntilConnecting(node_.timeout(), stop, &ready);
      if (interrupts_.interrupted()) break;
      std::string reason;
      if (!connecting.ok()) {
        reason = absl::StrCat("no connection within ", absl::FormatDuration(node_.timeout()));
      } else {
        if (ready && reconnecting) {
          Emit(context_.err, absl::StrCat("reconnected to node at ", node_.endpoint(), "\n"));
          reconnecting = false;
        }
        grpc::Status ended = FollowOnce();
        if (done_ || interrupts_.interrupted()) break;
        if (!IsTransient(ended.error_code())) {
          return node_.Translate(ended, "follow the feed");
        }
        reason = ended.ok() ? "the node closed the stream"
                            : absl::StrCat(absl::StatusCodeToString(
                                               static_cast<absl::StatusCode>(ended.error_code())),
                                           ": ", SanitizeForTerminal(ended.error_message()));
      }
      absl::Duration delay = backoff_.Next();
      Emit(context_.err,
           absl::StrCat("lost the feed from node at ", node_.endpoint(), " (", reason,
                        "); reconnecting in ", absl::FormatDuration(delay), ", resuming ",
                        cursor_.empty() ? "from the start" : absl::StrCat("after cursor ", cursor_),
                        "\n"));
      reconnecting = true;
      if (interrupts_.SleepUnlessInterrupted(delay)) break;
      node_.Reconnect();
    }
    return absl::OkStatus();
  }

 private:
  // One subscription, until the stream ends, --limit is reached (done_) or Ctrl-C.
  grpc::Status FollowOnce() {
    rilon::v1::SubscribeRequest request = filters_;
    request.set_cursor(cursor_);
    grpc::ClientContext call;  // no deadline: the stream lives as long as the user wants
    interrupts_.SetCancel([&call] { call.TryCancel(); });
    std::unique_ptr<grpc::ClientReaderInterface<rilon::v1::SubscribeResponse>> reader =
        node_.stub().Subscribe(&call, request);
    rilon::v1::SubscribeResponse response;
    while (!done_ && reader->Read(&response)) {
      backoff_.Reset();
      for (const rilon::v1::FeedEvent& event : response.events()) {
        Emit(context_.out, context_.json ? ToJsonLine(event) : FormatFeedEventLine(event));
        cursor_ = event.cursor();
        if (limit_ > 0 && ++printed_ >= limit_) {
          done_ = true;
          call.TryCancel();
          break;
        }
      }
    }
    grpc::Status status = reader->Finish();
    interrupts_.ClearCancel();
    return status;
  }

  const CommandContext& context_;
  Connection& node_;
  InterruptHandler& interrupts_;
  const rilon::v1::SubscribeRequest filters_;
  std::string cursor_;  // of the last event printed: the resume point
  const int64_t limit_;
  int64_t printed_ = 0;
  bool done_ = false;
  Backoff backoff_;
};

}  // namespace

absl::Status RunFeedFollow(const CommandContext& context) {
  absl::StatusOr<RecordFilters> filters = RecordFiltersFrom(context.args);
  if (!filters.ok()) return filters.status();
  const bool start_at_end = context.args.Has("start-at-end");
  std::string cursor = context.args.Get("from").value_or("");
  if (start_at_end && !cursor.empty()) {
    return UsageError("--from and --start-at-end exclude each other: use one of them");
  }

  // Before any gRPC thread exists, so that every thread inherits the blocked signals.
  InterruptHandler interrupts;
  absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(context.settings);
  if (!connection.ok()) return connection.status();
  Connection& node = **connection;

  // First contact is a unary call with a deadline: it proves that the node is reachable and
  // accepts us (a stream would wait), and gives the head cursor for --start-at-end. Resuming
  // from that cursor rather than asking the node for "the end" at each subscription means that a
  // reconnect before the first event still misses nothing.
  rilon::v1::NodeStatus status;
  absl::Status reached = node.Unary("report its status", [&](grpc::ClientContext* call) {
    return node.stub().GetNodeStatus(call, rilon::v1::GetNodeStatusRequest(), &status);
  });
  if (!reached.ok()) return reached;
  if (start_at_end) cursor = status.head_cursor();

  rilon::v1::SubscribeRequest request;
  request.set_kind(filters->kind);
  request.set_origin_agency(filters->origin_agency);
  request.set_include_signed(context.args.Has("signed"));
  FeedFollower follower(context, node, interrupts, std::move(request), std::move(cursor),
                        context.args.GetInt("limit").value_or(0));
  return follower.Run();
}

}  // namespace rilon::client
