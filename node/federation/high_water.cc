#include "node/federation/high_water.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "node/records/envelope.h"

namespace rilon::federation {

absl::StatusOr<uint64_t> ResumePosition(const store::RecordStore& store, const SharingGate& gate,
                                        std::string_view peer, std::string_view origin,
                                        uint64_t held, uint64_t max_walk) {
  const uint64_t head = store.LastLocalSeq();
  if (origin != gate.own_agency()) return head;
  const std::string own(origin);
  absl::StatusOr<uint64_t> last = store.LastOriginSeq(own);
  if (!last.ok()) return last.status();
  uint64_t examined_position = 0;
  for (uint64_t seq = held + 1, walked = 0; seq <= *last; ++seq, ++walked) {
    if (walked == max_walk) return examined_position;
    absl::StatusOr<std::optional<std::string>> id = store.FindByOrigin(own, seq);
    if (!id.ok()) return id.status();
    if (!id->has_value()) continue;  // a sequence number that failed to commit
    absl::StatusOr<rilon::storage::v1::StoredRecord> stored = store.Get(**id);
    if (!stored.ok()) return stored.status();
    absl::StatusOr<rilon::v1::RecordBody> body = records::DecodeBody(stored->signed_());
    if (!body.ok()) {
      return absl::DataLossError(absl::StrCat("stored record ", own, " #", seq,
                                              " does not decode: ", body.status().message()));
    }
    if (gate.Sends(stored->signed_(), *body, peer)) return stored->local_seq() - 1;
    examined_position = stored->local_seq();
  }
  return head;
}

}  // namespace rilon::federation
