#include "node/federation/peer_report.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "node/records/envelope.h"
#include "node/sharing/shaped_record.h"

namespace rilon::federation {
namespace {

using ::google::protobuf::util::TimeUtil;

// Records larger than this are still read one at a time (ReadLog returns at least one).
constexpr size_t kScanBatchRecords = 256;
constexpr size_t kScanBatchBytes = 1 << 20;

rilon::v1::Delivery MakeDelivery(const std::string& agency, rilon::v1::DeliveryState state,
                                 std::string reason) {
  rilon::v1::Delivery delivery;
  delivery.set_agency_id(agency);
  delivery.set_state(state);
  delivery.set_reason(std::move(reason));
  return delivery;
}

rilon::v1::Delivery OwnRecordDelivery(const rilon::v1::SignedRecord& signed_record,
                                      const rilon::v1::RecordBody& body, uint64_t position,
                                      const SharingGate& gate, const PeerView& peer) {
  const std::string& agency = peer.endpoint.agency_id;
  absl::StatusOr<SharingDecision> decided = gate.DecideEgress(signed_record, body, agency);
  if (!decided.ok()) {
    return MakeDelivery(agency, rilon::v1::WITHHELD,
                        absl::StrCat("unreadable: ", decided.status().message()));
  }
  if (!decided->allowed()) {
    return MakeDelivery(agency, rilon::v1::WITHHELD, decided->Describe());
  }
  if (!decided->decision.form.IsFull()) {
    absl::StatusOr<rilon::v1::SignedRecord> shaped =
        sharing::ShapeSignedRecord(signed_record, body, decided->decision, gate.own_agency());
    if (!shaped.ok()) {
      return MakeDelivery(
          agency, rilon::v1::WITHHELD,
          absl::StrCat("unshapeable: ", decided->Describe(), "; ", shaped.status().message()));
    }
  }
  // Said first so the operator sees the form the peer receives the record in.
  const std::string form =
      decided->decision.form.IsFull() ? std::string() : absl::StrCat(decided->Describe(), "; ");
  const OutboundStatus& sending = peer.sending;
  if (!sending.acknowledged_known) {
    return MakeDelivery(agency, rilon::v1::PENDING,
                        absl::StrCat(form, "unconfirmed: ", agency,
                                     " has not connected since this node started; it pulls the "
                                     "record when it does, unless it already has it"));
  }
  if (sending.acknowledged >= position) {
    return MakeDelivery(
        agency, rilon::v1::DELIVERED,
        absl::StrCat(form, agency, " acknowledged this node's log through position ",
                     sending.acknowledged, " (the record is at ", position, ")"));
  }
  if (sending.open_streams > 0) {
    return MakeDelivery(
        agency, rilon::v1::PENDING,
        absl::StrCat(form, agency, " is connected and has acknowledged through position ",
                     sending.acknowledged, "; the record is at ", position));
  }
  return MakeDelivery(agency, rilon::v1::PENDING,
                      absl::StrCat(form, agency,
                                   " is not connected; it receives the record when it "
                                   "reconnects (acknowledged through position ",
                                   sending.acknowledged, ")"));
}

rilon::v1::Delivery ReceivedRecordDelivery(const rilon::v1::RecordBody& body,
                                           const SharingGate& gate, const PeerView& peer) {
  const std::string& agency = peer.endpoint.agency_id;
  if (agency == body.origin_agency()) {
    return MakeDelivery(agency, rilon::v1::DELIVERED, "origin of the record");
  }
  if (policy::CeilingVerdict verdict = gate.Egress(body, agency);
      verdict != policy::CeilingVerdict::kPass) {
    return MakeDelivery(agency, rilon::v1::WITHHELD,
                        gate.Describe(body, agency, policy::Direction::kEgress, verdict));
  }
  return MakeDelivery(agency, rilon::v1::WITHHELD,
                      absl::StrCat("not_relayed: this node sends only the records its own agency "
                                   "originated; ",
                                   body.origin_agency(), " delivers this one to ", agency));
}

}  // namespace

absl::StatusOr<std::map<std::string, QueueCount>> CountQueued(
    const store::RecordStore& store, const SharingGate& gate,
    const std::map<std::string, uint64_t>& acknowledged, uint64_t max_positions) {
  std::map<std::string, QueueCount> queued;
  if (acknowledged.empty()) return queued;
  uint64_t after = UINT64_MAX;
  for (const auto& [agency, position] : acknowledged) {
    after = std::min(after, position);
    queued[agency] = QueueCount{};
  }
  const uint64_t head = store.LastLocalSeq();
  if (after >= head) return queued;
  const uint64_t stop = head - after > max_positions ? after + max_positions : head;
  while (after < stop) {
    auto batch = store.ReadLog(after, kScanBatchRecords, kScanBatchBytes);
    if (!batch.ok()) return batch.status();
    if (batch->empty()) break;
    for (const rilon::storage::v1::StoredRecord& s : *batch) {
      if (s.local_seq() > stop) break;
      after = s.local_seq();
      if (!s.received_from().empty()) continue;  // only this node's own records are sent
      absl::StatusOr<rilon::v1::RecordBody> body = records::DecodeBody(s.signed_());
      if (!body.ok()) {
        return absl::DataLossError(absl::StrCat("stored record at position ", s.local_seq(),
                                                " does not decode: ", body.status().message()));
      }
      for (const auto& [agency, position] : acknowledged) {
        if (s.local_seq() <= position) continue;
        if (gate.Sends(s.signed_(), *body, agency)) ++queued[agency].count;
      }
    }
  }
  if (stop < head) {
    for (auto& [agency, count] : queued) count.at_least = true;
  }
  return queued;
}

rilon::v1::PeerStatus ToApiPeerStatus(const PeerView& view, const QueueCount& queued) {
  rilon::v1::PeerStatus api;
  api.set_agency_id(view.endpoint.agency_id);
  api.set_address(view.endpoint.address);
  api.set_node_id(view.endpoint.node_id);
  api.set_receiving(view.receiving.connected);
  api.set_sending(view.sending.open_streams > 0);
  const absl::Time contact = std::max(view.receiving.last_contact, view.sending.last_contact);
  if (contact != absl::InfinitePast()) {
    *api.mutable_last_contact() = TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(contact));
  }
  api.set_records_queued(queued.count);
  api.set_records_queued_at_least(queued.at_least);
  api.set_acknowledgement_unknown(!view.sending.acknowledged_known);
  api.set_acknowledged_position(view.sending.acknowledged);
  api.set_cursor(view.receiving.cursor);
  api.set_lag_positions(view.receiving.peer_head > view.receiving.cursor
                            ? view.receiving.peer_head - view.receiving.cursor
                            : 0);
  if (view.receiving.applied > 0) {
    *api.mutable_last_record_delay() = TimeUtil::MicrosecondsToDuration(
        absl::ToInt64Microseconds(view.receiving.last_record_delay));
  }
  api.set_records_received(view.receiving.applied);
  api.set_duplicates(view.receiving.duplicates);
  uint64_t total = 0;
  for (int i = 0; i < kNumRefusals; ++i) {
    const uint64_t n = view.receiving.refused[i];
    (*api.mutable_refusals())[std::string(RefusalName(static_cast<Refusal>(i)))] = n;
    total += n;
  }
  api.set_refusals_total(total);
  api.set_last_error(view.receiving.last_error);
  api.set_gap_repairs(view.receiving.gap_repairs);
  return api;
}

absl::StatusOr<rilon::v1::RecordDeliveries> DescribeDeliveries(
    const rilon::storage::v1::StoredRecord& stored, const SharingGate& gate,
    const std::vector<PeerView>& peers) {
  absl::StatusOr<rilon::v1::RecordBody> body = records::DecodeBody(stored.signed_());
  if (!body.ok()) {
    return absl::InternalError(absl::StrCat("stored record at cursor ", stored.local_seq(),
                                            " does not decode: ", body.status().message()));
  }
  rilon::v1::RecordDeliveries out;
  out.set_id(records::RecordIdHex(records::RecordIdBytes(stored.signed_().body())));
  out.set_origin_agency(body->origin_agency());
  out.set_origin_seq(body->origin_seq());
  out.set_marking(body->marking());
  *out.mutable_audience() = body->audience();
  out.set_cursor(absl::StrCat(stored.local_seq()));
  out.set_received_from(stored.received_from());
  const bool own = stored.received_from().empty();
  std::set<std::string> linked;
  for (const PeerView& peer : peers) {
    linked.insert(peer.endpoint.agency_id);
    *out.add_deliveries() =
        own ? OwnRecordDelivery(stored.signed_(), *body, stored.local_seq(), gate, peer)
            : ReceivedRecordDelivery(*body, gate, peer);
  }
  if (own) {
    for (const std::string& agency : body->audience().agencies()) {
      if (agency == gate.own_agency() || linked.contains(agency)) continue;
      *out.add_deliveries() = MakeDelivery(
          agency, rilon::v1::WITHHELD,
          absl::StrCat("not_a_peer: ", agency,
                       " is in the audience but is not a configured peer of this node; list it "
                       "under federation.peers on both nodes to deliver"));
    }
  }
  return out;
}

}  // namespace rilon::federation
