// The operator's view: what is queued for each peer (own records the ceiling lets go to it, after
// its acknowledged position, bounded scan) and each peer's delivery state for one record.
#include "node/federation/peer_report.h"

#include <gtest/gtest.h>

#include "node/federation/test_records.h"
#include "node/store/store_test_util.h"

namespace rilon::federation {
namespace {

constexpr char kMe[] = "au.abf";

using testing::TestRecord;

PeerView Peer(const std::string& agency, bool known, uint64_t acknowledged, uint32_t streams = 1) {
  PeerView view;
  view.endpoint = {agency, "127.0.0.1:1", "spiffe://rilon.test/agency/" + agency + "/node"};
  view.receiving.agency_id = agency;
  view.sending.acknowledged_known = known;
  view.sending.acknowledged = acknowledged;
  view.sending.open_streams = streams;
  return view;
}

class PeerReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = store::RecordStore::Open({.data_dir = dir_.path()});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    // 1: own, for id.polri   2: own, for my.mmea   3: received from id.polri, for me and my.mmea
    // 4: own, for id.polri and my.mmea (TLP:RED)  5: own, for th.rtp only
    Add(TestRecord(kMe, 1, {"id.polri"}));
    Add(TestRecord(kMe, 2, {"my.mmea"}));
    ASSERT_TRUE(store_
                    ->AppendFromPeer({TestRecord("id.polri", 1, {kMe, "my.mmea"},
                                                 rilon::v1::TLP_GREEN, "id.polri")},
                                     {"id.polri", 7})
                    .ok());
    Add(TestRecord(kMe, 3, {"id.polri", "my.mmea"}, rilon::v1::TLP_RED));
    Add(TestRecord(kMe, 4, {"th.rtp"}));
  }
  void Add(store::NewRecord record) { ASSERT_TRUE(store_->Append({std::move(record)}).ok()); }
  rilon::storage::v1::StoredRecord At(uint64_t position) {
    auto log = store_->ReadLog(position - 1, 1, 1 << 20);
    EXPECT_TRUE(log.ok() && !log->empty());
    return log->front();
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::RecordStore> store_;
  SharingGate gate_{kMe};
};

TEST_F(PeerReportTest, QueuedCountsOwnRecordsForThePeerAfterItsAcknowledgement) {
  auto queued = CountQueued(*store_, gate_, {{"id.polri", 0}, {"my.mmea", 2}}, kMaxQueueScan);
  ASSERT_TRUE(queued.ok()) << queued.status();
  EXPECT_EQ((*queued)["id.polri"].count, 2u);  // positions 1 and 4 (3 was received, not sent)
  EXPECT_EQ((*queued)["my.mmea"].count, 1u);   // position 4; 2 is acknowledged
  EXPECT_FALSE((*queued)["id.polri"].at_least);
  auto none = CountQueued(*store_, gate_, {{"id.polri", 5}}, kMaxQueueScan);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ((*none)["id.polri"].count, 0u);
}

TEST_F(PeerReportTest, BoundedScanGivesALowerBound) {
  auto queued = CountQueued(*store_, gate_, {{"id.polri", 0}}, /*max_positions=*/2);
  ASSERT_TRUE(queued.ok()) << queued.status();
  EXPECT_EQ((*queued)["id.polri"].count, 1u);
  EXPECT_TRUE((*queued)["id.polri"].at_least);
}

TEST_F(PeerReportTest, OwnRecordIsDeliveredPendingOrWithheldPerPeer) {
  std::vector<PeerView> peers = {Peer("id.polri", true, 4), Peer("my.mmea", true, 0),
                                 Peer("th.rtp", false, 0, 0)};
  auto deliveries = DescribeDeliveries(At(4), gate_, peers);  // own seq 3, TLP:RED, id + my
  ASSERT_TRUE(deliveries.ok()) << deliveries.status();
  ASSERT_EQ(deliveries->deliveries_size(), 3);
  EXPECT_EQ(deliveries->origin_agency(), kMe);
  EXPECT_EQ(deliveries->cursor(), "4");
  EXPECT_EQ(deliveries->deliveries(0).state(), rilon::v1::DELIVERED);
  EXPECT_EQ(deliveries->deliveries(1).state(), rilon::v1::PENDING);
  EXPECT_NE(deliveries->deliveries(1).reason().find("is connected"), std::string::npos);
  EXPECT_EQ(deliveries->deliveries(2).state(), rilon::v1::WITHHELD);
  EXPECT_EQ(deliveries->deliveries(2).reason().rfind("outside_audience", 0), 0u)
      << deliveries->deliveries(2).reason();
}

TEST_F(PeerReportTest, UnconfirmedPeerIsPendingAndAudienceWithoutLinkIsNotAPeer) {
  auto deliveries = DescribeDeliveries(At(5), gate_, {Peer("id.polri", false, 0, 0)});
  ASSERT_TRUE(deliveries.ok()) << deliveries.status();
  ASSERT_EQ(deliveries->deliveries_size(), 2);
  EXPECT_EQ(deliveries->deliveries(0).state(), rilon::v1::WITHHELD);  // not in the audience
  EXPECT_EQ(deliveries->deliveries(1).agency_id(), "th.rtp");
  EXPECT_EQ(deliveries->deliveries(1).state(), rilon::v1::WITHHELD);
  EXPECT_EQ(deliveries->deliveries(1).reason().rfind("not_a_peer", 0), 0u);
  auto own = DescribeDeliveries(At(1), gate_, {Peer("id.polri", false, 0, 0)});
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->deliveries(0).state(), rilon::v1::PENDING);
  EXPECT_EQ(own->deliveries(0).reason().rfind("unconfirmed", 0), 0u);
}

TEST_F(PeerReportTest, ReceivedRecordIsDeliveredAtItsOriginAndNotRelayed) {
  auto deliveries =
      DescribeDeliveries(At(3), gate_, {Peer("id.polri", true, 0), Peer("my.mmea", true, 0)});
  ASSERT_TRUE(deliveries.ok()) << deliveries.status();
  EXPECT_EQ(deliveries->received_from(), "id.polri");
  EXPECT_EQ(deliveries->deliveries(0).state(), rilon::v1::DELIVERED);
  EXPECT_EQ(deliveries->deliveries(1).state(), rilon::v1::WITHHELD);
  EXPECT_EQ(deliveries->deliveries(1).reason().rfind("not_relayed", 0), 0u);
}

TEST(PeerStatusTest, ApiViewCarriesBothDirectionsAndEveryRefusalReason) {
  PeerView view = Peer("id.polri", true, 12);
  view.receiving.connected = true;
  view.receiving.cursor = 90;
  view.receiving.peer_head = 100;
  view.receiving.applied = 5;
  view.receiving.refused[static_cast<size_t>(Refusal::kReplay)] = 2;
  view.receiving.refused[static_cast<size_t>(Refusal::kPolicy)] = 1;
  view.receiving.last_record_delay = absl::Milliseconds(3);
  view.sending.last_contact = absl::FromUnixSeconds(1'800'000'000);
  rilon::v1::PeerStatus api = ToApiPeerStatus(view, {.count = 7, .at_least = true});
  EXPECT_TRUE(api.receiving());
  EXPECT_TRUE(api.sending());
  EXPECT_EQ(api.lag_positions(), 10u);
  EXPECT_EQ(api.records_queued(), 7u);
  EXPECT_TRUE(api.records_queued_at_least());
  EXPECT_EQ(api.acknowledged_position(), 12u);
  EXPECT_EQ(api.refusals().size(), static_cast<size_t>(kNumRefusals));
  EXPECT_EQ(api.refusals().at("replay"), 2u);
  EXPECT_EQ(api.refusals().at("bad_signature"), 0u);
  EXPECT_EQ(api.refusals_total(), 3u);
  EXPECT_EQ(api.last_record_delay().nanos(), 3'000'000);
  EXPECT_EQ(api.last_contact().seconds(), 1'800'000'000);
}

}  // namespace
}  // namespace rilon::federation
