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

bool SubscribeReactor::Wanted(const feed::EncodedEvent& event) const {
  if (kind_ != rilon::v1::RECORD_KIND_UNSPECIFIED && event.kind != kind_) return false;
  if (!origin_agency_.empty() && event.origin_agency != origin_agency_) return false;
  return true;
}

absl::StatusOr<uint64_t> SubscribeReactor::Gather(uint64_t after) {
  const size_t max_events = ctx_.max_events_per_message;
  std::vector<feed::FeedEntry> entries;
  if (ctx_.feed->ReadAfter(after, max_events, &entries) ==
      feed::FeedHub::ReadResult::kBehindWindow) {
    // Behind the live window: catch up from the store, sharing reads with other subscribers.
    store::RecordStore* store = ctx_.store;
    absl::Status read = ctx_.catch_up->ReadAfter(
        after, max_events, store->LastLocalSeq(),
        [store](uint64_t from, size_t max) {
          return store->ReadLog(from, max, /*max_bytes=*/size_t{64} << 20);
        },
        &entries);
    if (!read.ok()) return read;
  }
  for (const feed::FeedEntry& e : entries) {
    const absl::StatusOr<feed::EncodedEvent>& event = e.record->encoded();
    if (!event.ok()) return event.status();
    if (Wanted(*event)) {
      AppendEventToSubscribeResponse(event->event_wire, &response_wire_);
      ++response_events_;
    }
    after = e.local_seq;
    if (response_wire_.size() >= ctx_.max_bytes_per_message) break;
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
  response_wire_.clear();
  response_events_ = 0;
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
      if (response_events_ > 0) {
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
    // response_wire_ stays untouched until OnWriteDone, so the slice may refer to it.
    grpc::Slice slice(response_wire_.data(), response_wire_.size(), grpc::Slice::STATIC_SLICE);
    response_buffer_ = grpc::ByteBuffer(&slice, 1);
    StartWrite(&response_buffer_);
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
