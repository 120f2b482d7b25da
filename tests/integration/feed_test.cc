// Subscribe: catch-up from a cursor, live tail, resume without gap or duplicate, and a stalled
// subscriber that does not hold up the others.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "tests/integration/harness/api_client.h"
#include "tests/integration/harness/node_process.h"

namespace rilon::testing {
namespace {

class FeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RestrictToTls13ForTests();
    node_ = std::make_unique<NodeProcess>(pki_, "au.abf", work_.path() + "/node");
    // A small live window so that the tests exercise the fall-back to the store.
    node_->set_extra_config("feed { live_window: 16 max_events_per_message: 8 }");
    node_->Start();
    officer_ = pki_.Person("officer", "au.abf", "jlee");
    analyst_ = pki_.Person("analyst", "au.abf", "asmith");
  }
  ApiClient Client(const Identity& who) {
    return ApiClient(node_->endpoint(), pki_.ca_file(), who, node_->node_id());
  }
  std::vector<std::string> SubmitMany(int n, const std::string& tag) {
    ApiClient officer = Client(officer_);
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
      rilon::v1::SubmitReportResponse r;
      grpc::Status s = officer.Submit(SampleReport(tag + std::to_string(i)), &r);
      EXPECT_TRUE(s.ok()) << s.error_message();
      ids.push_back(r.record().id());
    }
    return ids;
  }
  // Reads events until `n` arrived (or the stream ends), returning (cursor, id) pairs.
  static std::vector<std::pair<std::string, std::string>> Read(
      grpc::ClientReader<rilon::v1::SubscribeResponse>& reader, size_t n) {
    std::vector<std::pair<std::string, std::string>> out;
    rilon::v1::SubscribeResponse message;
    while (out.size() < n && reader.Read(&message)) {
      for (const auto& e : message.events()) out.emplace_back(e.cursor(), e.record().id());
    }
    return out;
  }

  PkiFixture pki_;
  ScratchDir work_{"rilon-feed"};
  std::unique_ptr<NodeProcess> node_;
  Identity officer_, analyst_;
};

TEST_F(FeedTest, ResumeFromACursorYieldsExactlyTheMissingRecords) {
  std::vector<std::string> ids = SubmitMany(40, "r");  // beyond the live window of 16
  ApiClient analyst = Client(analyst_);
  rilon::v1::SubscribeRequest request;
  request.set_cursor("25");
  grpc::ClientContext ctx;
  auto reader = analyst.stub().Subscribe(&ctx, request);
  auto events = Read(*reader, 15);
  ASSERT_EQ(events.size(), 15u);
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].first, std::to_string(26 + i));
    EXPECT_EQ(events[i].second, ids[25 + i]);
  }
  ctx.TryCancel();
}

// Events carry the signed envelope only when the subscription asks for it, from the store
// (behind the live window) and from the live window alike; otherwise they are the same record.
TEST_F(FeedTest, SignedEnvelopeOnlyWhenAsked) {
  std::vector<std::string> ids = SubmitMany(24, "s");  // the first 8 are behind the window of 16
  ApiClient analyst = Client(analyst_);
  std::vector<std::vector<rilon::v1::Record>> seen(2);
  for (bool include_signed : {false, true}) {
    rilon::v1::SubscribeRequest request;
    request.set_include_signed(include_signed);
    grpc::ClientContext ctx;
    auto reader = analyst.stub().Subscribe(&ctx, request);
    rilon::v1::SubscribeResponse message;
    std::vector<rilon::v1::Record>& records = seen[include_signed];
    while (records.size() < ids.size() && reader->Read(&message)) {
      for (const auto& e : message.events()) records.push_back(e.record());
    }
    ctx.TryCancel();
    ASSERT_EQ(records.size(), ids.size());
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    const rilon::v1::Record& plain = seen[0][i];
    const rilon::v1::Record& with = seen[1][i];
    EXPECT_EQ(plain.id(), ids[i]);
    EXPECT_EQ(with.id(), ids[i]);
    EXPECT_FALSE(plain.has_signed_()) << "event " << i;
    ASSERT_TRUE(with.has_signed_()) << "event " << i;
    rilon::v1::GetRecordRequest get;
    get.set_id(ids[i]);
    rilon::v1::GetRecordResponse got;
    grpc::ClientContext ctx;
    ASSERT_TRUE(analyst.stub().GetRecord(&ctx, get, &got).ok());
    EXPECT_EQ(with.signed_().body(), got.record().signed_().body());
    EXPECT_EQ(with.signed_().signature(), got.record().signed_().signature());
    rilon::v1::Record stripped = with;
    stripped.clear_signed_();
    EXPECT_EQ(stripped.SerializeAsString(), plain.SerializeAsString()) << "event " << i;
  }
}

TEST_F(FeedTest, FromTheStartThenLiveThenResumeAfterDisconnect) {
  std::vector<std::string> ids = SubmitMany(30, "a");
  ApiClient analyst = Client(analyst_);
  std::vector<std::pair<std::string, std::string>> seen;
  {
    grpc::ClientContext ctx;
    auto reader = analyst.stub().Subscribe(&ctx, rilon::v1::SubscribeRequest());
    seen = Read(*reader, 30);
    ASSERT_EQ(seen.size(), 30u);
    // Live tail: records submitted now arrive on the open stream.
    std::thread writer([&] {
      auto more = SubmitMany(5, "live");
      ids.insert(ids.end(), more.begin(), more.end());
    });
    auto live = Read(*reader, 5);
    writer.join();
    seen.insert(seen.end(), live.begin(), live.end());
    ctx.TryCancel();  // disconnect
  }
  std::vector<std::string> while_away = SubmitMany(20, "away");
  ids.insert(ids.end(), while_away.begin(), while_away.end());

  rilon::v1::SubscribeRequest resume;
  resume.set_cursor(seen.back().first);
  grpc::ClientContext ctx;
  auto reader = analyst.stub().Subscribe(&ctx, resume);
  auto rest = Read(*reader, 20);
  seen.insert(seen.end(), rest.begin(), rest.end());
  ctx.TryCancel();

  ASSERT_EQ(seen.size(), ids.size());
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].first, std::to_string(i + 1));
    EXPECT_EQ(seen[i].second, ids[i]) << "at " << i;
  }
}

TEST_F(FeedTest, AStalledSubscriberDoesNotHoldUpOthers) {
  ApiClient analyst = Client(analyst_);
  grpc::ClientContext stalled_ctx;
  auto stalled = analyst.stub().Subscribe(&stalled_ctx, rilon::v1::SubscribeRequest());
  // The stalled subscriber never reads. Far more than fits its flow-control window is published.
  std::vector<std::string> ids = SubmitMany(300, "s");
  ApiClient other = Client(analyst_);
  grpc::ClientContext ctx;
  auto reader = other.stub().Subscribe(&ctx, rilon::v1::SubscribeRequest());
  auto events = Read(*reader, 300);
  ASSERT_EQ(events.size(), 300u);
  EXPECT_EQ(events.back().second, ids.back());
  ctx.TryCancel();
  stalled_ctx.TryCancel();

  rilon::v1::NodeStatus status;
  ASSERT_TRUE(other.stub().GetNodeStatus(ApiClient::Context().get(), {}, &status).ok());
  EXPECT_EQ(status.records_stored(), 300u);
}

TEST_F(FeedTest, FiltersAndBadCursors) {
  SubmitMany(3, "f");
  ApiClient analyst = Client(analyst_);
  {
    rilon::v1::SubscribeRequest request;
    request.set_origin_agency("id.polri");  // nothing from there on this node
    request.set_cursor("0");
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    auto reader = analyst.stub().Subscribe(&ctx, request);
    rilon::v1::SubscribeResponse message;
    EXPECT_FALSE(reader->Read(&message));
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  }
  for (const char* bad : {"abc", "-1"}) {
    rilon::v1::SubscribeRequest request;
    request.set_cursor(bad);
    grpc::ClientContext ctx;
    auto reader = analyst.stub().Subscribe(&ctx, request);
    rilon::v1::SubscribeResponse message;
    EXPECT_FALSE(reader->Read(&message));
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
  }
  rilon::v1::SubscribeRequest future;
  future.set_cursor("99999");
  grpc::ClientContext ctx;
  auto reader = analyst.stub().Subscribe(&ctx, future);
  rilon::v1::SubscribeResponse message;
  EXPECT_FALSE(reader->Read(&message));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::OUT_OF_RANGE);
}

}  // namespace
}  // namespace rilon::testing
