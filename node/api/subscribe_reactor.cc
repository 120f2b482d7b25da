#include "node/api/subscribe_reactor.h"

#include <vector>

#include "node/api/record_view.h"

namespace rilon::api {

SubscribeReactor::SubscribeReactor(ApiContext& ctx, rilon::v1::RecordKind kind,
                                   std::string origin_agency, uint64_t start_after)
    : LogFollower(ctx.feed, ctx.readers),
      ctx_(ctx),
      kind_(kind),
      origin_agency_(std::move(origin_agency)) {
  StartFollowing(start_after);
}

SubscribeReactor::~SubscribeReactor() { --ctx_.subscribers; }

bool SubscribeReactor::Wanted(const feed::EncodedEvent& event) const {
  if (kind_ != rilon::v1::RECORD_KIND_UNSPECIFIED && event.kind != kind_) return false;
  if (!origin_agency_.empty() && event.origin_agency != origin_agency_) return false;
  return true;
}

absl::StatusOr<SubscribeReactor::Gathered> SubscribeReactor::Gather(uint64_t after) {
  response_wire_.clear();
  int events = 0;
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
      ++events;
    }
    after = e.local_seq;
    if (response_wire_.size() >= ctx_.max_bytes_per_message) break;
  }
  if (events == 0) return Gathered{.examined = after};
  // response_wire_ stays untouched until the write completes, so the slice may refer to it.
  grpc::Slice slice(response_wire_.data(), response_wire_.size(), grpc::Slice::STATIC_SLICE);
  response_buffer_ = grpc::ByteBuffer(&slice, 1);
  return Gathered{.examined = after, .send = &response_buffer_};
}

}  // namespace rilon::api
