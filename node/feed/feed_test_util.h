// Test helpers of the feed module: an encoder whose event is just the record's local_seq, so
// tests can see which record an entry holds without building signed envelopes.
#pragma once

#include <string>

#include "node/feed/feed_record.h"

namespace rilon::feed {

inline absl::StatusOr<EncodedEvent> EncodeLocalSeq(const rilon::storage::v1::StoredRecord& stored) {
  EncodedEvent event;
  event.event_wire = std::to_string(stored.local_seq());
  return event;
}

}  // namespace rilon::feed
