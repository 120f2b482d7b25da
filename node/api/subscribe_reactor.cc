#include "node/api/subscribe_reactor.h"

#include "node/api/record_view.h"
#include "node/api/status_mapping.h"

namespace rilon::api {

SubscribeReactor::SubscribeReactor(ApiContext& ctx, rilon::v1::RecordKind kind,
                                   std::string origin_agency, uint64_t start_after)
    : ctx_(ctx), kind_(kind), origin_agency_(std::move(origin_agency)), cursor_(start_after) {
  Schedule();
}

SubscribeReactor::~SubscribeReactor() { --ctx_.subscribers; }

void SubscribeReactor::Schedule() {
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

void SubscribeReactor::Release() {
  bool last;
  {
    std::lock_guard<std::mutex> lock(mu_);
    last = --refs_ == 0;
  }
  if (last) delete this;
}

bool SubscribeReactor::Wanted(const rilon::v1::Record& record) const {
  if (kind_ != rilon::v1::RECORD_KIND_UNSPECIFIED && record.kind() != kind_) return false;
  if (!origin_agency_.empty() && record.origin_agency() != origin_agency_) return false;
  return true;
}

absl::StatusOr<uint64_t> SubscribeReactor::Gather(uint64_t after) {
  size_t bytes = 0;
  auto add = [&](const rilon::v1::Record& record) {
    if (!Wanted(record)) return;
    rilon::v1::FeedEvent* event = response_.add_events();
    event->set_cursor(record.cursor());
    *event->mutable_record() = record;
    bytes += record.ByteSizeLong();
  };
  const size_t max_events = ctx_.max_events_per_message;
  std::vector<feed::FeedEntry> live;
  if (ctx_.feed->ReadAfter(after, max_events, &live) == feed::FeedHub::ReadResult::kOk) {
    for (const feed::FeedEntry& e : live) {
      add(*e.record);
      after = e.local_seq;
      if (bytes >= ctx_.max_bytes_per_message) break;
    }
    return after;
  }
  // Behind the live window: catch up from the store.
  auto stored = ctx_.store->ReadLog(after, max_events, ctx_.max_bytes_per_message);
  if (!stored.ok()) return stored.status();
  for (const auto& s : *stored) {
    absl::StatusOr<rilon::v1::Record> record = ToApiRecord(s);
    if (!record.ok()) return record.status();
    add(*record);
    after = s.local_seq();
  }
  return after;
}

void SubscribeReactor::Pump() {
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
    if (!examined.ok() || finished_) {
      // fall through to FinishOnce below (no-op when already finished)
    } else {
      cursor_ = *examined;
      if (response_.events_size() > 0) {
        write_in_flight_ = write = true;
      } else if (*examined != after || pump_again_) {
        reschedule = true;  // filtered out, or woken while pumping: keep going
      } else {
        feed::FeedHub::WaiterId id = 0;
        if (ctx_.feed->NotifyWhenAfter(
                cursor_, [this] { OnFeedAdvanced(); }, &id)) {
          waiting_ = true;
          waiter_id_ = id;
          ++refs_;
        } else {
          reschedule = true;  // a record arrived between the read and the registration
        }
      }
      pump_again_ = false;
    }
  }
  if (!examined.ok()) {
    FinishOnce(ToGrpcStatus(examined.status()));
  } else if (write) {
    StartWrite(&response_);
  } else if (reschedule) {
    Schedule();
  }
}

void SubscribeReactor::OnFeedAdvanced() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    waiting_ = false;
  }
  Schedule();
  Release();
}

void SubscribeReactor::OnWriteDone(bool ok) {
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

void SubscribeReactor::OnCancel() {
  bool finish_now;
  {
    std::lock_guard<std::mutex> lock(mu_);
    cancelled_ = true;
    finish_now = !write_in_flight_;
  }
  if (finish_now) FinishOnce(grpc::Status::CANCELLED);
}

void SubscribeReactor::FinishOnce(const grpc::Status& status) {
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

void SubscribeReactor::OnDone() { Release(); }

}  // namespace rilon::api
