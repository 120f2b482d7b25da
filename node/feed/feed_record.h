// A record of the feed's live window, in the form subscribers send it.
//
// Why lazy: turning a stored record into its wire form (decode the envelope, build the API record,
// serialize the FeedEvent) costs more than storing it. Doing it on the commit thread would slow
// every submission even when nobody follows the feed; doing it per subscriber would repeat it 100
// times for 100 subscribers. So the first subscriber that reads the record encodes it, once, and
// every other subscriber copies the same bytes.
//
// Views: what a reader may see depends on the sharing policy's READ decision, and since every
// reader of a node is of the node's agency, that decision depends only on the reader's role. So
// a record also keeps one cached view per role (view index), made by the first subscriber of
// that role that reads it: hidden, the full event (shared, not copied), or an event of its own
// (the record shaped for that role), encoded once and shared by every subscriber of the role.
// A view is tagged with the policy it was made under (`key`); after a reload the first reader
// makes it again, so no subscriber decides per event.
//
// Contract:
//   - encoded() and view() are thread-safe; the encoder runs at most once per FeedRecord, a view
//     encoder at most once per view index and key, and every caller gets the same result (an
//     error included). The stored record is kept as long as the FeedRecord (views need it).
//   - view() returns nullptr when the record is hidden from that view.
//   - Encoders must not call back into the feed.
#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "rilon/storage/v1/stored_record.pb.h"
#include "rilon/v1/record.pb.h"

namespace rilon::feed {

// What a subscriber needs of one record: the envelope fields subscriptions filter on, and the
// serialized rilon.v1.FeedEvent, with and without the record's signed envelope.
struct EncodedEvent {
  rilon::v1::RecordKind kind = rilon::v1::RECORD_KIND_UNSPECIFIED;
  std::string origin_agency;
  std::string event_wire;           // Record.signed included
  std::string event_wire_unsigned;  // the same event without Record.signed
};

using EventEncoder =
    std::function<absl::StatusOr<EncodedEvent>(const rilon::storage::v1::StoredRecord&)>;

// What one view of a record is: hidden, the record's full event, or an event of its own.
struct ViewOutcome {
  enum class Kind { kHidden, kFull, kOwn };
  Kind kind = Kind::kHidden;
  EncodedEvent own;  // for kOwn
};
using ViewEncoder =
    std::function<absl::StatusOr<ViewOutcome>(const rilon::storage::v1::StoredRecord&)>;

inline constexpr size_t kMaxFeedViews = 4;

class FeedRecord {
 public:
  // `stored` is shared with whoever appended it (store/record_store.h), never copied.
  FeedRecord(std::shared_ptr<const rilon::storage::v1::StoredRecord> stored, EventEncoder encoder)
      : stored_(std::move(stored)), encoder_(std::move(encoder)) {}
  FeedRecord(rilon::storage::v1::StoredRecord stored, EventEncoder encoder)
      : FeedRecord(std::make_shared<const rilon::storage::v1::StoredRecord>(std::move(stored)),
                   std::move(encoder)) {}

  const rilon::storage::v1::StoredRecord& stored() const { return *stored_; }

  const absl::StatusOr<EncodedEvent>& encoded() const {
    std::call_once(once_, [this] { encoded_.emplace(encoder_(*stored_)); });
    return *encoded_;
  }

  // The record as view `index` (< kMaxFeedViews) sees it under `key` (the policy in force; the
  // view keeps it alive so its address is never reused while cached). nullptr: hidden.
  const absl::StatusOr<EncodedEvent>* view(size_t index, const std::shared_ptr<const void>& key,
                                           const ViewEncoder& make) const {
    const View* v = views_[index].load(std::memory_order_acquire);
    if (v != nullptr && v->key.get() == key.get()) return v->event;
    std::lock_guard<std::mutex> lock(views_mu_);
    v = views_[index].load(std::memory_order_relaxed);
    if (v != nullptr && v->key.get() == key.get()) return v->event;
    auto made = std::make_unique<View>();
    made->key = key;
    absl::StatusOr<ViewOutcome> outcome = make(*stored_);
    if (!outcome.ok()) {
      made->own.emplace(outcome.status());
      made->event = &*made->own;
    } else if (outcome->kind == ViewOutcome::Kind::kFull) {
      made->event = &encoded();
    } else if (outcome->kind == ViewOutcome::Kind::kOwn) {
      made->own.emplace(std::move(outcome->own));
      made->event = &*made->own;
    }
    v = made.get();
    owned_views_.push_back(std::move(made));
    views_[index].store(v, std::memory_order_release);
    return v->event;
  }

 private:
  struct View {
    std::shared_ptr<const void> key;
    const absl::StatusOr<EncodedEvent>* event = nullptr;  // nullptr: hidden
    std::optional<absl::StatusOr<EncodedEvent>> own;
  };

  const std::shared_ptr<const rilon::storage::v1::StoredRecord> stored_;
  const EventEncoder encoder_;
  mutable std::once_flag once_;
  mutable std::optional<absl::StatusOr<EncodedEvent>> encoded_;

  mutable std::array<std::atomic<const View*>, kMaxFeedViews> views_{};
  mutable std::mutex views_mu_;
  // Every view made, kept until the record goes: a reader may still hold an older one.
  mutable std::vector<std::unique_ptr<const View>> owned_views_;  // guarded by views_mu_
};

}  // namespace rilon::feed
