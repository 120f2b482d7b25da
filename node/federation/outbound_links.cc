#include "node/federation/outbound_links.h"

#include <algorithm>

namespace rilon::federation {

OutboundLinks::OutboundLinks(const std::set<std::string>& peers) {
  for (const std::string& peer : peers) links_[peer] = OutboundStatus{};
}

bool OutboundLinks::IsPeer(std::string_view agency) const {
  absl::MutexLock lock(&mu_);
  return links_.find(agency) != links_.end();
}

void OutboundLinks::Update(std::string_view agency,
                           const std::function<void(OutboundStatus&)>& change) {
  absl::MutexLock lock(&mu_);
  auto it = links_.find(agency);
  if (it != links_.end()) change(it->second);
}

void OutboundLinks::Opened(std::string_view agency, uint64_t after_position) {
  Update(agency, [&](OutboundStatus& link) {
    ++link.open_streams;
    link.acknowledged_known = true;
    link.acknowledged = after_position;
    link.last_contact = absl::Now();
  });
}

void OutboundLinks::Acknowledged(std::string_view agency, uint64_t position) {
  Update(agency, [&](OutboundStatus& link) {
    link.acknowledged = std::max(link.acknowledged, position);
    link.last_contact = absl::Now();
  });
}

void OutboundLinks::Sent(std::string_view agency) {
  Update(agency, [](OutboundStatus& link) { link.last_contact = absl::Now(); });
}

void OutboundLinks::Closed(std::string_view agency) {
  Update(agency, [](OutboundStatus& link) {
    if (link.open_streams > 0) --link.open_streams;
  });
}

std::optional<OutboundStatus> OutboundLinks::Get(std::string_view agency) const {
  absl::MutexLock lock(&mu_);
  auto it = links_.find(agency);
  if (it == links_.end()) return std::nullopt;
  return it->second;
}

}  // namespace rilon::federation
