#include "node/federation/peer_puller.h"

#include <grpcpp/channel.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/support/channel_arguments.h>

#include <algorithm>
#include <random>

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

}  // namespace

PeerPuller::PeerPuller(PeerEndpoint peer, security::TlsFilePaths tls, PullerOptions options,
                       store::RecordStore* store, const RecordVerifier* verifier,
                       SigningCertificates* certificates, ParallelPool* pool)
    : peer_(std::move(peer)),
      tls_(std::move(tls)),
      options_(options),
      store_(store),
      verifier_(verifier),
      certificates_(certificates),
      pool_(pool) {
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

absl::Status PeerPuller::Session(bool* delivered) {
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
      break;
    }
    if (absl::Now() >= give_up) {
      return absl::UnavailableError(absl::StrCat("cannot connect to ", peer_.address, " as ",
                                                 peer_.node_id, " within ",
                                                 absl::FormatDuration(options_.connect_timeout)));
    }
  }

  absl::StatusOr<uint64_t> cursor = store_->GetPeerCursor(peer_.agency_id);
  if (!cursor.ok()) return cursor.status();
  auto call = std::make_shared<grpc::ClientContext>();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return absl::CancelledError("stopping");
    call_ = call;
    status_.connected = true;
    status_.cursor = *cursor;
    status_.last_contact = absl::Now();
  }
  log::Info("replicating from peer", {{"peer", peer_.agency_id},
                                      {"address", peer_.address},
                                      {"after_position", absl::StrCat(*cursor)}});

  std::unique_ptr<rilon::v1::Federation::Stub> stub = rilon::v1::Federation::NewStub(channel);
  std::unique_ptr<
      grpc::ClientReaderWriter<rilon::v1::ReplicateRequest, rilon::v1::ReplicateResponse>>
      stream = stub->Replicate(call.get());
  rilon::v1::ReplicateRequest request;
  request.set_after_position(*cursor);
  absl::Status ended;
  if (stream->Write(request)) {
    rilon::v1::ReplicateResponse message;
    while (stream->Read(&message)) {
      absl::StatusOr<bool> advanced = Apply(message);
      if (!advanced.ok()) {
        ended = advanced.status();
        call->TryCancel();
        break;
      }
      *delivered = true;
      if (*advanced) {
        // Durable now: tell the sender (its delivery view). A failed write means the stream is
        // broken, which the next Read reports.
        {
          std::lock_guard<std::mutex> lock(mu_);
          request.set_after_position(status_.cursor);
        }
        stream->Write(request);
      }
    }
  }
  grpc::Status finished = stream->Finish();
  {
    std::lock_guard<std::mutex> lock(mu_);
    call_.reset();
    status_.connected = false;
  }
  if (!ended.ok()) return ended;
  if (finished.ok()) return absl::UnavailableError("the peer ended the stream");
  return absl::Status(static_cast<absl::StatusCode>(finished.error_code()),
                      finished.error_message());
}

absl::StatusOr<bool> PeerPuller::Apply(const rilon::v1::ReplicateResponse& message) {
  for (const std::string& der : message.signing_certificates()) {
    absl::StatusOr<std::shared_ptr<const SigningCertificate>> admitted = certificates_->Admit(der);
    if (!admitted.ok()) {
      log::Warning("signing certificate from peer refused",
                   {{"peer", peer_.agency_id}, {"error", ErrorText(admitted.status())}});
    }
  }
  // The signatures, on every core; then the checks that need the store, in stream order.
  const size_t n = static_cast<size_t>(message.records_size());
  std::vector<CheckResult> checked(n);
  pool_->ForEach(n, [&](size_t i) {
    checked[i] =
        verifier_->Preverify(message.records(static_cast<int>(i)).signed_(), peer_.agency_id);
  });
  OriginProgress progress;
  std::vector<store::NewRecord> accepted;
  accepted.reserve(n);
  uint64_t duplicates = 0;
  std::array<uint64_t, kNumRefusals> refused{};
  absl::Time newest_created = absl::InfinitePast();
  uint64_t cursor = message.examined_through();
  const int64_t now = absl::ToUnixMicros(absl::Now());
  for (size_t i = 0; i < n; ++i) {
    cursor = std::max(cursor, message.records(static_cast<int>(i)).position());
    absl::StatusOr<CheckResult> decided =
        verifier_->Decide(std::move(checked[i]), peer_.agency_id, *store_, progress);
    if (!decided.ok()) return decided.status();
    switch (decided->outcome) {
      case CheckResult::Outcome::kApply:
        decided->record.stored_unix_micros = now;
        newest_created = std::max(newest_created, decided->created);
        accepted.push_back(std::move(decided->record));
        break;
      case CheckResult::Outcome::kDuplicate:
        ++duplicates;
        break;
      case CheckResult::Outcome::kRefused:
        ++refused[static_cast<size_t>(decided->refusal)];
        log::Warning("record from peer refused",
                     {{"peer", peer_.agency_id},
                      {"reason", std::string(RefusalName(decided->refusal))},
                      {"detail", decided->reason}});
        break;
    }
  }
  uint64_t previous;
  {
    std::lock_guard<std::mutex> lock(mu_);
    previous = status_.cursor;
  }
  cursor = std::max(cursor, previous);
  const size_t applied = accepted.size();
  if (applied > 0 || cursor > previous) {
    absl::StatusOr<std::vector<rilon::storage::v1::StoredRecord>> stored =
        store_->AppendFromPeer(std::move(accepted), {peer_.agency_id, cursor});
    if (!stored.ok()) return stored.status();
  }
  const absl::Time durable = absl::Now();
  std::lock_guard<std::mutex> lock(mu_);
  status_.cursor = cursor;
  status_.peer_head = std::max(message.head_position(), cursor);
  status_.applied += applied;
  status_.duplicates += duplicates;
  for (int i = 0; i < kNumRefusals; ++i) status_.refused[i] += refused[i];
  if (applied > 0) status_.last_record_delay = durable - newest_created;
  status_.last_contact = durable;
  return cursor > previous;
}

}  // namespace rilon::federation
