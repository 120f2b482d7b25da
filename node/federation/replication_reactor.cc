#include "node/federation/replication_reactor.h"

#include "node/api/status_mapping.h"
#include "node/records/envelope.h"

namespace rilon::federation {

ReplicationReactor::ReplicationReactor(ReplicationContext& ctx, std::string peer_agency,
                                       uint64_t after_position)
    : ctx_(ctx),
      peer_agency_(std::move(peer_agency)),
      cursor_(after_position),
      reported_(after_position) {
  Schedule();
}

ReplicationReactor::~ReplicationReactor() { --ctx_.streams; }

void ReplicationReactor::Schedule() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (finished_) return;
    ++refs_;
  }
  ctx_.readers->Run([this] {
    Pump();
    Release();
  });
}

void ReplicationReactor::Release() {
  bool last;
  {
    std::lock_guard<std::mutex> lock(mu_);
    last = --refs_ == 0;
  }
  if (last) delete this;
}

absl::StatusOr<uint64_t> ReplicationReactor::Gather(uint64_t after) {
  auto stored =
      ctx_.store->ReadLog(after, ctx_.max_records_per_message, ctx_.max_bytes_per_message);
  if (!stored.ok()) return stored.status();
  const std::string& own = ctx_.gate->own_agency();
  for (const rilon::storage::v1::StoredRecord& s : *stored) {
    after = s.local_seq();
    absl::StatusOr<rilon::v1::RecordBody> body = records::DecodeBody(s.signed_());
    if (!body.ok()) {
      return absl::DataLossError(absl::StrCat("stored record at position ", s.local_seq(),
                                              " does not decode: ", body.status().message()));
    }
    // Direct replication: each origin sends its own records (replication_service.h).
    if (body->origin_agency() != own) continue;
    if (ctx_.gate->Egress(*body, peer_agency_) != policy::CeilingVerdict::kPass) continue;
    rilon::v1::ReplicatedRecord* out = response_.add_records();
    *out->mutable_signed_() = s.signed_();
    out->set_position(s.local_seq());
  }
  if (response_.records_size() > 0 && !certificate_sent_) {
    response_.add_signing_certificates(ctx_.signing_certificate_der);
    certificate_sent_ = true;
  }
  return after;
}

void ReplicationReactor::Pump() {
  uint64_t after;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (pumping_) pump_again_ = true;
    if (finished_ || write_in_flight_ || pumping_) return;
    pumping_ = true;
    after = cursor_;
  }
  response_.Clear();
  absl::StatusOr<uint64_t> examined = Gather(after);
  bool reschedule = false;
  bool write = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    pumping_ = false;
    if (examined.ok() && !finished_) {
      cursor_ = *examined;
      if (response_.records_size() > 0 || cursor_ - reported_ >= kProgressEvery) {
        response_.set_examined_through(cursor_);
        reported_ = cursor_;
        write_in_flight_ = write = true;
      } else if (*examined != after || pump_again_) {
        reschedule = true;  // skipped records, or woken while pumping: keep reading
      } else {
        feed::FeedHub::WaiterId id = 0;
        if (ctx_.feed->NotifyWhenAfter(
                cursor_, [this] { OnLogAdvanced(); }, &id)) {
          waiting_ = true;
          waiter_id_ = id;
          ++refs_;
        } else {
          reschedule = true;  // the log grew between the read and the registration
        }
      }
      pump_again_ = false;
    }
  }
  if (!examined.ok()) {
    FinishOnce(api::ToGrpcStatus(examined.status()));
  } else if (write) {
    StartWrite(&response_);
  } else if (reschedule) {
    Schedule();
  }
}

void ReplicationReactor::OnLogAdvanced() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    waiting_ = false;
  }
  Schedule();
  Release();
}

void ReplicationReactor::OnWriteDone(bool ok) {
  bool cancelled;
  {
    std::lock_guard<std::mutex> lock(mu_);
    write_in_flight_ = false;
    cancelled = cancelled_;
  }
  if (!ok || cancelled) {
    FinishOnce(grpc::Status::CANCELLED);
    return;
  }
  Schedule();
}

void ReplicationReactor::OnCancel() {
  bool finish_now;
  {
    std::lock_guard<std::mutex> lock(mu_);
    cancelled_ = true;
    finish_now = !write_in_flight_;
  }
  if (finish_now) FinishOnce(grpc::Status::CANCELLED);
}

void ReplicationReactor::FinishOnce(const grpc::Status& status) {
  bool release_waiter = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (finished_) return;
    finished_ = true;
    if (waiting_ && ctx_.feed->CancelWaiter(waiter_id_)) {
      waiting_ = false;
      release_waiter = true;
    }
  }
  Finish(status);
  if (release_waiter) Release();
}

void ReplicationReactor::OnDone() { Release(); }

}  // namespace rilon::federation
