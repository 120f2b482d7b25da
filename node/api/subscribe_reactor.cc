#include "node/api/subscribe_reactor.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "node/api/record_view.h"
#include "node/sharing/read_view.h"

namespace rilon::api {
namespace {

// One feed view per reader role (officer, analyst, admin).
size_t FeedView(policy::Role role) {
  static_assert(static_cast<size_t>(policy::Role::kAdmin) <= feed::kMaxFeedViews);
  return static_cast<size_t>(role) - static_cast<size_t>(policy::Role::kOfficer);
}

// What a READ of a Subscribe message covers: the records of its range that match this.
std::string SubscribeFilter(rilon::v1::RecordKind kind, const std::string& origin_agency) {
  std::string filter;
  if (kind != rilon::v1::RECORD_KIND_UNSPECIFIED) {
    absl::StrAppend(&filter, "kind=", rilon::v1::RecordKind_Name(kind));
  }
  if (!origin_agency.empty()) {
    absl::StrAppend(&filter, filter.empty() ? "" : ", ", "origin=", origin_agency);
  }
  return filter;
}

}  // namespace

SubscribeReactor::SubscribeReactor(ApiContext& ctx, rilon::v1::RecordKind kind,
                                   std::string origin_agency, bool include_signed,
                                   uint64_t start_after, policy::Role role, audit::Party reader)
    : LogFollower(ctx.feed, ctx.readers),
      ctx_(ctx),
      kind_(kind),
      origin_agency_(std::move(origin_agency)),
      include_signed_(include_signed),
      role_(role),
      view_(FeedView(role)),
      reader_(std::move(reader)) {
  StartFollowing(start_after);
}

SubscribeReactor::~SubscribeReactor() { --ctx_.subscribers; }

bool SubscribeReactor::Wanted(const feed::EncodedEvent& event) const {
  if (kind_ != rilon::v1::RECORD_KIND_UNSPECIFIED && event.kind != kind_) return false;
  if (!origin_agency_.empty() && event.origin_agency != origin_agency_) return false;
  return true;
}

absl::StatusOr<SubscribeReactor::Gathered> SubscribeReactor::Gather(uint64_t after) {
  const uint64_t first = after + 1;
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
  // The READ decision for this role, made once per record and role and policy (feed_record.h).
  std::shared_ptr<const policy::CompiledPolicy> policy = ctx_.policy ? ctx_.policy() : nullptr;
  const std::shared_ptr<const void> key = policy;
  const feed::ViewEncoder make_view =
      [&](const rilon::storage::v1::StoredRecord& stored) -> absl::StatusOr<feed::ViewOutcome> {
    absl::StatusOr<sharing::ReaderView> view =
        sharing::ViewForReader(stored, policy.get(), *ctx_.read_requests, role_);
    if (!view.ok()) return view.status();
    feed::ViewOutcome outcome;
    if (!view->visible) return outcome;
    if (!view->shaped) {
      outcome.kind = feed::ViewOutcome::Kind::kFull;
      return outcome;
    }
    absl::StatusOr<feed::EncodedEvent> shaped = EncodeFeedEvent(view->shaped_record);
    if (!shaped.ok()) return shaped.status();
    outcome.kind = feed::ViewOutcome::Kind::kOwn;
    outcome.own = *std::move(shaped);
    return outcome;
  };
  for (const feed::FeedEntry& e : entries) {
    after = e.local_seq;
    const absl::StatusOr<feed::EncodedEvent>* event = e.record->view(view_, key, make_view);
    if (event == nullptr) continue;  // hidden from this role; the cursor moves past it
    if (!event->ok()) return event->status();
    if (Wanted(**event)) {
      AppendEventToSubscribeResponse(
          include_signed_ ? (*event)->event_wire : (*event)->event_wire_unsigned, &response_wire_);
      ++events;
    }
    if (response_wire_.size() >= ctx_.max_bytes_per_message) break;
  }
  if (events == 0) return Gathered{.examined = after};
  ctx_.store->audit().Record(audit::RangeRead(reader_, "NodeApi.Subscribe", first, after,
                                              static_cast<uint32_t>(events),
                                              SubscribeFilter(kind_, origin_agency_)));
  // response_wire_ stays untouched until the write completes, so the slice may refer to it.
  grpc::Slice slice(response_wire_.data(), response_wire_.size(), grpc::Slice::STATIC_SLICE);
  response_buffer_ = grpc::ByteBuffer(&slice, 1);
  return Gathered{.examined = after, .send = &response_buffer_};
}

}  // namespace rilon::api
