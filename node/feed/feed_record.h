// A record of the feed's live window, in the form subscribers send it.
//
// Why lazy: turning a stored record into its wire form (decode the envelope, build the API record,
// serialize the FeedEvent) costs more than storing it. Doing it on the commit thread would slow
// every submission even when nobody follows the feed; doing it per subscriber would repeat it 100
// times for 100 subscribers. So the first subscriber that reads the record encodes it, once, and
// every other subscriber copies the same bytes.
//
// Contract:
//   - encoded() is thread-safe; the encoder runs at most once per FeedRecord, and every caller
//     gets the same result (an error included). The stored record is released after encoding.
//   - The encoder must not call back into the feed.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "rilon/storage/v1/stored_record.pb.h"
#include "rilon/v1/record.pb.h"

namespace rilon::feed {

// What a subscriber needs of one record: the envelope fields subscriptions filter on, and the
// serialized rilon.v1.FeedEvent.
struct EncodedEvent {
  rilon::v1::RecordKind kind = rilon::v1::RECORD_KIND_UNSPECIFIED;
  std::string origin_agency;
  std::string event_wire;
};

using EventEncoder =
    std::function<absl::StatusOr<EncodedEvent>(const rilon::storage::v1::StoredRecord&)>;

class FeedRecord {
 public:
  FeedRecord(rilon::storage::v1::StoredRecord stored, EventEncoder encoder)
      : stored_(std::move(stored)), encoder_(std::move(encoder)) {}

  const absl::StatusOr<EncodedEvent>& encoded() const {
    std::call_once(once_, [this] {
      encoded_.emplace(encoder_(stored_));
      stored_.Clear();
    });
    return *encoded_;
  }

 private:
  mutable rilon::storage::v1::StoredRecord stored_;
  const EventEncoder encoder_;
  mutable std::once_flag once_;
  mutable std::optional<absl::StatusOr<EncodedEvent>> encoded_;
};

}  // namespace rilon::feed
