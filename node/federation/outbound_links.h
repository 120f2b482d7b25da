// The sending side of each peer link, as this node sees it: the configured peers that may pull
// from us, whether a Replicate stream from each is open, how far in our log each has
// acknowledged (durably applied), and when it was last heard from. What `rilon node peers`
// shows as "queued" and `rilon report get --deliveries` as delivered/pending comes from here.
//
// Contract:
//   - Only agencies given at construction are peers (IsPeer); the other calls ignore any other
//     agency.
//   - Opened() sets the acknowledged position to the stream's start position (the peer's own
//     durable resume point, authoritative even when lower than before: the peer may have been
//     restored from a backup); Acknowledged() only raises it.
//   - Acknowledgements are kept in memory: after this node restarts a peer counts as
//     unconfirmed until it opens a stream again (acknowledged_known == false).
//   - Thread-safe.
//
// Example:
//   OutboundLinks links({"id.polri"});
//   links.Opened("id.polri", 40);  links.Acknowledged("id.polri", 90);
//   links.Get("id.polri")->acknowledged;  // 90
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace rilon::federation {

struct OutboundStatus {
  uint32_t open_streams = 0;
  bool acknowledged_known = false;  // the peer opened a stream since this node started
  uint64_t acknowledged = 0;        // position in this node's log the peer has applied through
  absl::Time last_contact = absl::InfinitePast();  // last request from, or write to, the peer
};

class OutboundLinks {
 public:
  explicit OutboundLinks(const std::set<std::string>& peers);

  bool IsPeer(std::string_view agency) const;
  void Opened(std::string_view agency, uint64_t after_position);
  void Acknowledged(std::string_view agency, uint64_t position);
  // A message was written to the peer (only its last contact changes).
  void Sent(std::string_view agency);
  void Closed(std::string_view agency);
  // nullopt for an agency that is not a configured peer.
  std::optional<OutboundStatus> Get(std::string_view agency) const;

 private:
  // Applies `change` to the agency's entry under the lock; nothing for an unknown agency.
  void Update(std::string_view agency, const std::function<void(OutboundStatus&)>& change);

  mutable absl::Mutex mu_;
  std::map<std::string, OutboundStatus, std::less<>> links_ ABSL_GUARDED_BY(mu_);
};

}  // namespace rilon::federation
