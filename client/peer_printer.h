// Human output of the federation views: `rilon node peers` (a table of peers, then one line per
// peer that has refusals, is unconfirmed, or is not receiving) and `rilon report get ID
// --deliveries` (the record's header, then one row per agency). --json output is
// printer.h's ToJson of the response messages.
//
// Contract: as printer.h — text only, network strings sanitized, times in UTC.
//
// Example:
//   Emit(out, FormatPeers(list_peers_response));
#pragma once

#include <google/protobuf/duration.pb.h>

#include <string>

#include "rilon/v1/node_api.pb.h"

namespace rilon::client {

std::string FormatPeers(const rilon::v1::ListPeersResponse& response);

std::string FormatDeliveries(const rilon::v1::RecordDeliveries& deliveries);

// "840 µs", "2.1 ms", "3.40 s", "2 h 5 min"; "-" for an unset duration.
std::string FormatDelay(const google::protobuf::Duration& duration);

// "delivered", "pending", "withheld"; "-" when unspecified.
std::string DeliveryStateLabel(rilon::v1::DeliveryState state);

}  // namespace rilon::client
