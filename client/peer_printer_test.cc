// The human views of `rilon node peers` and `rilon report get --deliveries`.
#include "client/peer_printer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rilon::client {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

google::protobuf::Duration Micros(int64_t micros) {
  google::protobuf::Duration d;
  d.set_seconds(micros / 1000000);
  d.set_nanos(static_cast<int32_t>(micros % 1000000) * 1000);
  return d;
}

TEST(PeerPrinterTest, DelaysReadNaturally) {
  EXPECT_EQ(FormatDelay(google::protobuf::Duration()), "-");
  EXPECT_EQ(FormatDelay(Micros(840)), "840 µs");
  EXPECT_EQ(FormatDelay(Micros(2100)), "2.1 ms");
  EXPECT_EQ(FormatDelay(Micros(3'400'000)), "3.40 s");
  EXPECT_EQ(FormatDelay(Micros(125LL * 60 * 1000000)), "2 h 5 min");
}

TEST(PeerPrinterTest, PeersTableWithRefusalsUnconfirmedAndErrors) {
  rilon::v1::ListPeersResponse response;
  rilon::v1::PeerStatus* polri = response.add_peers();
  polri->set_agency_id("id.polri");
  polri->set_receiving(true);
  polri->set_sending(true);
  polri->set_records_queued(2);
  polri->set_records_received(412);
  *polri->mutable_last_record_delay() = Micros(2100);
  polri->mutable_last_contact()->set_seconds(1790812800);
  rilon::v1::PeerStatus* rtp = response.add_peers();
  rtp->set_agency_id("th.rtp");
  rtp->set_records_queued(7);
  rtp->set_records_queued_at_least(true);
  rtp->set_acknowledgement_unknown(true);
  (*rtp->mutable_refusals())["bad_signature"] = 3;
  (*rtp->mutable_refusals())["replay"] = 1;
  (*rtp->mutable_refusals())["policy"] = 0;
  rtp->set_refusals_total(4);
  rtp->set_last_error("UNAVAILABLE: cannot connect \x1b[2J");
  rtp->set_gap_repairs(2);
  std::string text = FormatPeers(response);
  EXPECT_THAT(text, HasSubstr("PEER      RECEIVING  SENDING  LAST CONTACT (UTC)"));
  EXPECT_THAT(text, HasSubstr("id.polri  yes        yes      2026-10-01 00:00:00"));
  EXPECT_THAT(text, HasSubstr("th.rtp    no         no       -  "));
  EXPECT_THAT(text, HasSubstr("2.1 ms"));
  EXPECT_THAT(text, HasSubstr("7+"));
  EXPECT_THAT(text, HasSubstr("th.rtp refused: bad_signature 3, replay 1\n"));
  EXPECT_THAT(text, Not(HasSubstr("policy 0")));
  EXPECT_THAT(text, HasSubstr("th.rtp has not connected since this node started"));
  EXPECT_THAT(text, HasSubstr("th.rtp last error: UNAVAILABLE: cannot connect ?[2J"));
  EXPECT_THAT(text, HasSubstr("th.rtp: missing records found and re-read 2 time(s)"));
  EXPECT_THAT(text, Not(HasSubstr("id.polri refused")));
}

TEST(PeerPrinterTest, NoPeersSaysSo) {
  EXPECT_THAT(FormatPeers(rilon::v1::ListPeersResponse()), HasSubstr("no federation peers"));
}

TEST(PeerPrinterTest, DeliveriesShowEachAgencyWithStateAndReason) {
  rilon::v1::RecordDeliveries d;
  d.set_id(std::string(64, 'a'));
  d.set_origin_agency("au.abf");
  d.set_origin_seq(12);
  d.set_cursor("1042");
  d.set_marking(rilon::v1::TLP_AMBER);
  d.mutable_audience()->add_agencies("id.polri");
  rilon::v1::Delivery* polri = d.add_deliveries();
  polri->set_agency_id("id.polri");
  polri->set_state(rilon::v1::DELIVERED);
  polri->set_reason("id.polri acknowledged this node's log through position 1042");
  rilon::v1::Delivery* mmea = d.add_deliveries();
  mmea->set_agency_id("my.mmea");
  mmea->set_state(rilon::v1::WITHHELD);
  mmea->set_reason("outside_audience: my.mmea is not in the audience");
  std::string text = FormatDeliveries(d);
  EXPECT_THAT(text, HasSubstr("Origin         au.abf #12\n"));
  EXPECT_THAT(text, HasSubstr("Received from  - (originated here)\n"));
  EXPECT_THAT(text, HasSubstr("Marking        TLP:AMBER\n"));
  EXPECT_THAT(text, HasSubstr("AGENCY    STATE      REASON\n"));
  EXPECT_THAT(text, HasSubstr("id.polri  delivered  id.polri acknowledged"));
  EXPECT_THAT(text, HasSubstr("my.mmea   withheld   outside_audience: my.mmea"));
  EXPECT_EQ(DeliveryStateLabel(rilon::v1::PENDING), "pending");
}

}  // namespace
}  // namespace rilon::client
