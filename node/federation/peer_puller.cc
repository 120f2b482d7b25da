#include "node/federation/peer_puller.h"

#include <grpcpp/channel.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/support/channel_arguments.h>

#include <algorithm>
#include <optional>
#include <random>
#include <vector>

#include "absl/strings/str_cat.h"
#include "node/observability/log.h"

namespace rilon::federation {
namespace {

// Keepalive pings find a peer that vanished behind a partition (no RST ever arrives); the
// server side allows pings this frequent (node.cc).
constexpr int kKeepaliveTimeMs = 30 * 1000;
constexpr int kKeepaliveTimeoutMs = 10 * 1000;
constexpr int kMaxReceiveBytes = 16 << 20;
// How often a connection attempt checks whether the puller is being stopped.
constexpr absl::Duration kStopCheck = absl::Milliseconds(200);

std::string ErrorText(const absl::Status& s) {
  return absl::StrCat(absl::StatusCodeToString(s.code()), ": ", s.message());
}

absl::Status FromGrpc(const grpc::Status& s) {
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
}

// One slot between the stream's reader (which verifies) and the writer: Put blocks while the
// slot is full, Take while it is empty; after Close, Put refuses and Take drains what is left.
template <typename T>
class Handoff {
 public:
  bool Put(T item) {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [&] { return !item_.has_value() || closed_; });
    if (closed_) return false;
    item_ = std::move(item);
    changed_.notify_all();
    return true;
  }
  std::optional<T> Take() {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [&] { return item_.has_value() || closed_; });
    std::optional<T> out = std::move(item_);
    item_.reset();
    changed_.notify_all();
    return out;
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::optional<T> item_;  // guarded by mu_
  bool closed_ = false;    // guarded by mu_
};

}  // namespace

PeerPuller::PeerPuller(PeerEndpoint peer, security::TlsFilePaths tls, PullerOptions options,
                       store::RecordStore* store, const RecordVerifier* verifier,
                       const SharingGate* gate, SigningCertificates* certificates,
                       ParallelPool* pool)
    : peer_(std::move(peer)),
      tls_(std::move(tls)),
      options_(options),
      store_(store),
      batch_(peer_.agency_id, store, verifier, gate, certificates, pool) {
  status_.agency_id = peer_.agency_id;
}

PeerPuller::~PeerPuller() { Stop(); }

void PeerPuller::Start() {
  thread_ = std::thread([this] { Run(); });
}

void PeerPuller::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    if (call_) call_->TryCancel();
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

PeerStatus PeerPuller::Status() const {
  std::lock_guard<std::mutex> lock(mu_);
  return status_;
}

void PeerPuller::Run() {
  std::mt19937_64 rng(std::random_device{}());
  absl::Duration delay = options_.retry_initial;
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
    }
    bool delivered = false;
    absl::Status ended = Session(&delivered);
    if (ended.ok()) {  // a planned renewal: compare high-water marks again at once
      delay = options_.retry_initial;
      continue;
    }
    Note(ended);
    if (delivered) delay = options_.retry_initial;
    // Jitter over [delay/2, delay] so that peers that lost each other at the same moment do not
    // reconnect in lock step.
    std::uniform_int_distribution<int64_t> jitter(absl::ToInt64Microseconds(delay) / 2,
                                                  absl::ToInt64Microseconds(delay));
    const absl::Duration wait = absl::Microseconds(jitter(rng));
    std::unique_lock<std::mutex> lock(mu_);
    if (wake_.wait_for(lock, absl::ToChronoMicroseconds(wait), [this] { return stopping_; })) {
      return;
    }
    delay = std::min(delay * 2, options_.retry_max);
  }
}

void PeerPuller::Note(const absl::Status& ended) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    status_.last_error = ErrorText(ended);
  }
  log::Warning("replication from peer interrupted; will retry",
               {{"peer", peer_.agency_id}, {"error", ErrorText(ended)}});
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> PeerPuller::Connect() {
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      security::MakeChannelCredentials(tls_, peer_.node_id);
  if (!credentials.ok()) return credentials.status();
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, kKeepaliveTimeMs);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, kKeepaliveTimeoutMs);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  args.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  args.SetMaxReceiveMessageSize(kMaxReceiveBytes);
  // A fresh channel per attempt: our back-off, not gRPC's, decides when to try again.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateCustomChannel(peer_.address, *credentials, args);

  const absl::Time give_up = absl::Now() + options_.connect_timeout;
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return absl::CancelledError("stopping");
    }
    if (channel->WaitForConnected(
            absl::ToChronoTime(std::min(give_up, absl::Now() + kStopCheck)))) {
      return channel;
    }
    if (absl::Now() >= give_up) {
      return absl::UnavailableError(absl::StrCat("cannot connect to ", peer_.address, " as ",
                                                 peer_.node_id, " within ",
                                                 absl::FormatDuration(options_.connect_timeout)));
    }
  }
}

absl::Status PeerPuller::Session(bool* delivered) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = Connect();
  if (!channel.ok()) return channel.status();
  absl::StatusOr<uint64_t> cursor = store_->GetPeerCursor(peer_.agency_id);
  if (!cursor.ok()) return cursor.status();
  {
    std::lock_guard<std::mutex> lock(mu_);
    status_.cursor = *cursor;
  }
  std::unique_ptr<rilon::v1::Federation::Stub> stub = rilon::v1::Federation::NewStub(*channel);
  absl::StatusOr<ResumePlan> plan = Plan(*stub, *cursor);
  if (!plan.ok()) return plan.status();
  return Stream(*stub, *plan, delivered);
}

absl::StatusOr<PeerPuller::ResumePlan> PeerPuller::Plan(rilon::v1::Federation::Stub& stub,
                                                        uint64_t cursor) {
  ResumePlan plan{.start = cursor, .redeliver_through = 0};
  absl::StatusOr<uint64_t> held = store_->LastOriginSeq(peer_.agency_id);
  if (!held.ok()) return held.status();
  rilon::v1::HighWaterRequest request;
  (*request.mutable_held())[peer_.agency_id] = *held;
  rilon::v1::HighWaterResponse response;
  auto call = std::make_shared<grpc::ClientContext>();
  call->set_deadline(absl::ToChronoTime(absl::Now() + options_.connect_timeout));
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return absl::CancelledError("stopping");
    call_ = call;
  }
  grpc::Status compared = stub.CompareHighWater(call.get(), request, &response);
  {
    std::lock_guard<std::mutex> lock(mu_);
    call_.reset();
  }
  if (compared.error_code() == grpc::StatusCode::UNIMPLEMENTED) return plan;  // older peer
  if (!compared.ok()) return FromGrpc(compared);

  if (response.head_position() < cursor) {
    // The peer lost the end of its log (restored from an older backup): what it appends now
    // takes positions this node has already passed.
    log::Warning("peer's log is shorter than this node's position in it; resuming from its end",
                 {{"peer", peer_.agency_id},
                  {"position", absl::StrCat(cursor)},
                  {"peer_head", absl::StrCat(response.head_position())}});
    absl::StatusOr<std::vector<store::SharedStoredRecord>> reset =
        store_->AppendFromPeer({}, {peer_.agency_id, response.head_position()});
    if (!reset.ok()) return reset.status();
    cursor = plan.start = response.head_position();
    std::lock_guard<std::mutex> lock(mu_);
    status_.cursor = cursor;
  }
  auto resume = response.resume_after().find(peer_.agency_id);
  if (resume != response.resume_after().end() && resume->second < cursor &&
      resume->second != completed_repair_from_) {
    log::Warning("records addressed to this node are missing; re-reading the peer's log",
                 {{"peer", peer_.agency_id},
                  {"held_origin_seq", absl::StrCat(*held)},
                  {"from_position", absl::StrCat(resume->second)},
                  {"through_position", absl::StrCat(cursor)}});
    plan = {.start = resume->second, .redeliver_through = cursor};
    std::lock_guard<std::mutex> lock(mu_);
    ++status_.gap_repairs;
  }
  return plan;
}

absl::Status PeerPuller::Stream(rilon::v1::Federation::Stub& stub, const ResumePlan& plan,
                                bool* delivered) {
  auto call = std::make_shared<grpc::ClientContext>();
  const absl::Time renew_at = absl::Now() + options_.anti_entropy_interval;
  call->set_deadline(absl::ToChronoTime(renew_at));
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return absl::CancelledError("stopping");
    call_ = call;
    status_.connected = true;
    status_.last_contact = absl::Now();
  }
  log::Info("replicating from peer", {{"peer", peer_.agency_id},
                                      {"address", peer_.address},
                                      {"after_position", absl::StrCat(plan.start)}});

  std::unique_ptr<
      grpc::ClientReaderWriter<rilon::v1::ReplicateRequest, rilon::v1::ReplicateResponse>>
      stream = stub.Replicate(call.get());
  rilon::v1::ReplicateRequest request;
  request.set_after_position(plan.start);
  absl::Status ended;
  if (stream->Write(request)) {
    Handoff<VerifiedMessage> verified;
    std::thread reader([&] {
      rilon::v1::ReplicateResponse message;
      while (stream->Read(&message)) {
        if (!verified.Put(batch_.Verify(std::move(message), plan.redeliver_through))) break;
        message.Clear();
      }
      verified.Close();
    });
    while (std::optional<VerifiedMessage> next = verified.Take()) {
      const uint64_t peer_head = next->message.head_position();
      uint64_t previous;
      {
        std::lock_guard<std::mutex> lock(mu_);
        previous = status_.cursor;
      }
      absl::StatusOr<BatchOutcome> outcome =
          batch_.Apply(std::move(*next), previous, plan.redeliver_through);
      if (!outcome.ok()) {
        ended = outcome.status();
        call->TryCancel();
        verified.Close();
        break;
      }
      *delivered = true;
      Record(*outcome, peer_head);
      if (plan.redeliver_through > 0 && outcome->cursor >= plan.redeliver_through) {
        completed_repair_from_ = plan.start;
      }
      if (outcome->advanced) {
        // Durable now: tell the sender (its delivery view). A failed write means the stream is
        // broken, which the reader reports.
        request.set_after_position(outcome->cursor);
        stream->Write(request);
      }
    }
    reader.join();
  }
  grpc::Status finished = stream->Finish();
  {
    std::lock_guard<std::mutex> lock(mu_);
    call_.reset();
    status_.connected = false;
  }
  if (!ended.ok()) return ended;
  if (finished.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED && absl::Now() >= renew_at) {
    return absl::OkStatus();
  }
  if (finished.ok()) return absl::UnavailableError("the peer ended the stream");
  return FromGrpc(finished);
}

void PeerPuller::Record(const BatchOutcome& outcome, uint64_t peer_head) {
  std::lock_guard<std::mutex> lock(mu_);
  status_.cursor = outcome.cursor;
  status_.peer_head = std::max(peer_head, outcome.cursor);
  status_.applied += outcome.applied;
  status_.duplicates += outcome.duplicates;
  for (int i = 0; i < kNumRefusals; ++i) status_.refused[i] += outcome.refused[i];
  if (outcome.applied > 0) status_.last_record_delay = outcome.durable - outcome.newest_created;
  status_.last_contact = outcome.durable;
}

}  // namespace rilon::federation
