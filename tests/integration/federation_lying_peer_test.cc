// A peer that lies on the wire. th.rtp's node is a fake Federation server in this process with
// th.rtp's real node certificate and signing key from the test PKI; it serves au.abf (a real
// rilond) a forged signature, an altered body, a widened audience, a record for a node outside
// its audience, an equivocation, a replay and an out-of-order record between genuine ones. The
// real node must refuse each lie, count it against th.rtp (NodeApi.ListPeers), log it, store
// only the genuine records and never pass anything on to its other peer, id.polri.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "absl/time/clock.h"
#include "node/records/envelope.h"
#include "node/security/record_signer.h"
#include "tests/integration/harness/fake_peer.h"
#include "tests/integration/harness/federation_cluster.h"

namespace rilon::testing {
namespace {

using ::testing::HasSubstr;

class LyingPeerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RestrictToTls13ForTests();
    pki_.Node("th.rtp");
    const Identity signing = pki_.Signing("th.rtp");
    auto signer = security::RecordSigner::LoadFromFiles(signing.key_file, signing.cert_file);
    ASSERT_TRUE(signer.ok()) << signer.status();
    signer_ = std::move(*signer);
  }

  rilon::v1::RecordBody Body(uint64_t seq, std::vector<std::string> audience,
                             const std::string& payload) const {
    rilon::v1::RecordBody body;
    body.set_envelope_version(records::kEnvelopeV1);
    body.set_origin_agency("th.rtp");
    body.set_origin_seq(seq);
    body.set_created_unix_micros(absl::ToUnixMicros(absl::Now()));
    body.set_kind(rilon::v1::TREND_REPORT);
    body.set_marking(rilon::v1::TLP_AMBER);
    for (const std::string& a : audience) body.mutable_audience()->add_agencies(a);
    body.set_signer_key_id(signer_->key_id());
    rilon::v1::TrendReport report = SampleReport(payload).report();
    body.set_payload(report.SerializeAsString());
    return body;
  }

  rilon::v1::SignedRecord Sign(const rilon::v1::RecordBody& body) const {
    rilon::v1::SignedRecord record;
    record.set_body(body.SerializeAsString());
    record.set_signature(signer_->Sign(records::SignedBytes(record.body())));
    return record;
  }

  static void Add(rilon::v1::ReplicateResponse& message, const rilon::v1::SignedRecord& record,
                  uint64_t position) {
    rilon::v1::ReplicatedRecord* r = message.add_records();
    *r->mutable_signed_() = record;
    r->set_position(position);
    message.set_examined_through(position);
    message.set_head_position(10);
  }

  PkiFixture pki_;
  ScratchDir work_{"rilon-lying-peer"};
  std::unique_ptr<security::RecordSigner> signer_;
};

TEST_F(LyingPeerTest, EveryLieIsRefusedCountedLoggedAndNeitherStoredNorForwarded) {
  const std::vector<std::string> to_au = {"au.abf"};
  const rilon::v1::SignedRecord genuine_1 = Sign(Body(1, to_au, "genuine-1"));
  rilon::v1::SignedRecord forged = Sign(Body(2, to_au, "forged"));
  forged.set_signature(std::string(64, '\x5a'));
  rilon::v1::SignedRecord altered = Sign(Body(3, to_au, "as signed"));
  altered.set_body(Body(3, to_au, "altered in transit").SerializeAsString());
  rilon::v1::RecordBody narrow = Body(4, {"id.polri"}, "for id.polri only");
  rilon::v1::SignedRecord widened = Sign(narrow);
  narrow.mutable_audience()->clear_agencies();
  narrow.mutable_audience()->add_agencies("au.abf");
  narrow.mutable_audience()->add_agencies("id.polri");
  widened.set_body(narrow.SerializeAsString());
  const rilon::v1::SignedRecord outside = Sign(Body(5, {"my.mmea"}, "for my.mmea only"));
  const rilon::v1::SignedRecord equivocation = Sign(Body(1, to_au, "another first record"));
  const rilon::v1::SignedRecord genuine_6 = Sign(Body(6, {"au.abf", "id.polri"}, "genuine-6"));
  const rilon::v1::SignedRecord late_3 = Sign(Body(3, to_au, "late third"));
  const rilon::v1::SignedRecord genuine_7 = Sign(Body(7, to_au, "genuine-7"));

  // Equivocation and replay need genuine_1 stored first, so they come in a second message.
  rilon::v1::ReplicateResponse first, second;
  first.add_signing_certificates(signer_->certificate_der());
  Add(first, genuine_1, 1);
  Add(first, forged, 2);
  Add(first, altered, 3);
  Add(first, widened, 4);
  Add(first, outside, 5);
  Add(second, equivocation, 6);
  Add(second, genuine_1, 7);  // a replay: the same record again, at a later position
  Add(second, genuine_6, 8);
  Add(second, late_3, 9);  // validly signed, but seq 3 after seq 6
  Add(second, genuine_7, 10);
  FakePeer liar(pki_, "th.rtp", {first, second});

  ClusterOptions options;
  options.external_peers["au.abf"]["th.rtp"] = liar.endpoint();
  FederationCluster cluster(pki_, work_.path(), {"au.abf", "id.polri"}, options);
  cluster.Start();

  rilon::v1::PeerStatus liar_status;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  do {
    liar_status = cluster.Peer("au.abf", "th.rtp");
    if (liar_status.records_received() + liar_status.refusals_total() >= 10) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < give_up);

  EXPECT_EQ(liar_status.records_received(), 3u);
  const auto& refused = liar_status.refusals();
  EXPECT_EQ(refused.at("bad_signature"), 3u);  // forged, altered, widened
  EXPECT_EQ(refused.at("policy"), 1u);         // au.abf outside the audience
  EXPECT_EQ(refused.at("equivocation"), 1u);
  EXPECT_EQ(refused.at("replay"), 1u);
  EXPECT_EQ(refused.at("out_of_order"), 1u);
  EXPECT_EQ(liar_status.refusals_total(), 7u);
  EXPECT_EQ(liar_status.cursor(), 10u);  // the lies did not wedge the link

  // au.abf holds exactly the genuine records, by id.
  std::set<std::string> from_liar;
  for (const rilon::v1::Record& r : cluster.ReadAll("au.abf")) {
    if (r.origin_agency() == "th.rtp") from_liar.insert(r.id());
  }
  std::set<std::string> genuine;
  for (const auto* r : {&genuine_1, &genuine_6, &genuine_7}) {
    genuine.insert(records::RecordIdHex(records::RecordIdBytes(r->body())));
  }
  EXPECT_EQ(from_liar, genuine);

  // Nothing from th.rtp went on to id.polri (not even genuine_6, addressed to it: au.abf does
  // not relay), and id.polri refused nothing from au.abf either.
  for (const rilon::v1::Record& r : cluster.ReadAll("id.polri")) {
    EXPECT_NE(r.origin_agency(), "th.rtp") << r.id();
  }
  EXPECT_EQ(cluster.Peer("id.polri", "au.abf").refusals_total(), 0u);

  // Each refusal is in the node's log with its reason, and the liar saw the acknowledgement of
  // everything it offered.
  const std::string log = cluster.node("au.abf").ReadLog();
  for (const char* reason : {"bad_signature", "policy", "equivocation", "replay", "out_of_order"}) {
    EXPECT_THAT(log, HasSubstr(std::string("reason=") + reason)) << reason;
  }
  EXPECT_THAT(log, HasSubstr("msg=\"record from peer refused\" peer=th.rtp"));
  const auto ack_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (liar.acknowledged() < 10 && std::chrono::steady_clock::now() < ack_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(liar.acknowledged(), 10u);
}

}  // namespace
}  // namespace rilon::testing
