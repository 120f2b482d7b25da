#include "client/peer_printer.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/printer.h"

namespace rilon::client {
namespace {

std::string YesNo(bool value) { return value ? "yes" : "no"; }

std::string Clean(const std::string& text) {
  return text.empty() ? "-" : SanitizeForTerminal(text);
}

// The table's header says UTC once.
std::string TableTime(const google::protobuf::Timestamp& timestamp) {
  std::string text = FormatTimestamp(timestamp);
  return text.substr(0, text.find(" UTC"));
}

std::string Queued(const rilon::v1::PeerStatus& peer) {
  return absl::StrCat(peer.records_queued(), peer.records_queued_at_least() ? "+" : "");
}

// "bad_signature 3, replay 1" for the non-zero reasons, in name order.
std::string RefusalList(const rilon::v1::PeerStatus& peer) {
  std::vector<std::pair<std::string, uint64_t>> reasons(peer.refusals().begin(),
                                                        peer.refusals().end());
  std::sort(reasons.begin(), reasons.end());
  std::vector<std::string> parts;
  for (const auto& [reason, count] : reasons) {
    if (count > 0) parts.push_back(absl::StrCat(SanitizeForTerminal(reason), " ", count));
  }
  return absl::StrJoin(parts, ", ");
}

}  // namespace

std::string FormatDelay(const google::protobuf::Duration& duration) {
  if (duration.seconds() == 0 && duration.nanos() == 0) return "-";
  const int64_t micros = duration.seconds() * 1000000 + duration.nanos() / 1000;
  if (micros < 1000) return absl::StrCat(micros, " µs");
  if (micros < 1000000) return absl::StrFormat("%.1f ms", static_cast<double>(micros) / 1e3);
  if (micros < 600 * 1000000LL) return absl::StrFormat("%.2f s", static_cast<double>(micros) / 1e6);
  const int64_t minutes = micros / (60 * 1000000LL);
  if (minutes < 120) return absl::StrCat(minutes, " min");
  return absl::StrCat(minutes / 60, " h ", minutes % 60, " min");
}

std::string DeliveryStateLabel(rilon::v1::DeliveryState state) {
  switch (state) {
    case rilon::v1::DELIVERED:
      return "delivered";
    case rilon::v1::PENDING:
      return "pending";
    case rilon::v1::WITHHELD:
      return "withheld";
    default:
      return "-";
  }
}

std::string FormatPeers(const rilon::v1::ListPeersResponse& response) {
  if (response.peers().empty()) {
    return "This node has no federation peers (federation.peers in its configuration is "
           "empty).\n";
  }
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> notes;
  for (const rilon::v1::PeerStatus& peer : response.peers()) {
    const std::string agency = Clean(peer.agency_id());
    rows.push_back({agency, YesNo(peer.receiving()), YesNo(peer.sending()),
                    TableTime(peer.last_contact()), Queued(peer),
                    absl::StrCat(peer.lag_positions()), FormatDelay(peer.last_record_delay()),
                    absl::StrCat(peer.records_received()), absl::StrCat(peer.refusals_total())});
    if (peer.refusals_total() > 0) {
      notes.push_back(absl::StrCat(agency, " refused: ", RefusalList(peer)));
    }
    if (peer.acknowledgement_unknown()) {
      notes.push_back(absl::StrCat(agency,
                                   " has not connected since this node started: its queue counts "
                                   "from the start of the log"));
    }
    if (peer.gap_repairs() > 0) {
      notes.push_back(absl::StrCat(agency, ": missing records found and re-read ",
                                   peer.gap_repairs(), " time(s) (anti-entropy)"));
    }
    if (!peer.receiving() && !peer.last_error().empty()) {
      notes.push_back(absl::StrCat(agency, " last error: ", Clean(peer.last_error())));
    }
  }
  std::string out = FormatTable({{"PEER", false},
                                 {"RECEIVING", false},
                                 {"SENDING", false},
                                 {"LAST CONTACT (UTC)", false},
                                 {"QUEUED", true},
                                 {"LAG", true},
                                 {"DELAY", true},
                                 {"RECEIVED", true},
                                 {"REFUSED", true}},
                                rows);
  if (!notes.empty()) absl::StrAppend(&out, "\n", absl::StrJoin(notes, "\n"), "\n");
  return out;
}

std::string FormatDeliveries(const rilon::v1::RecordDeliveries& deliveries) {
  std::string out = FormatFields({
      {"Record", Clean(deliveries.id())},
      {"Origin", absl::StrCat(Clean(deliveries.origin_agency()), " #", deliveries.origin_seq())},
      {"Cursor", Clean(deliveries.cursor())},
      {"Received from", deliveries.received_from().empty()
                            ? "- (originated here)"
                            : SanitizeForTerminal(deliveries.received_from())},
      {"Marking", MarkingLabel(deliveries.marking())},
      {"Audience", AudienceLabel(deliveries.audience())},
  });
  if (deliveries.deliveries().empty()) {
    return out + "\nThis node has no federation peers: the record stays here.\n";
  }
  std::vector<std::vector<std::string>> rows;
  for (const rilon::v1::Delivery& d : deliveries.deliveries()) {
    rows.push_back({Clean(d.agency_id()), DeliveryStateLabel(d.state()), Clean(d.reason())});
  }
  absl::StrAppend(&out, "\n",
                  FormatTable({{"AGENCY", false}, {"STATE", false}, {"REASON", false}}, rows));
  return out;
}

}  // namespace rilon::client
