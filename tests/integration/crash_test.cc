// Durability under kill -9: concurrent officers submit while the node is killed and restarted 20
// times. Every submission the node acknowledged must be stored after the last restart, exactly
// once, in a gapless origin sequence. Clients retry with the same request_id until acknowledged,
// so a submission stored just before a crash (its reply lost) must come back as a duplicate, not
// be stored twice.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "tests/integration/harness/api_client.h"
#include "tests/integration/harness/node_process.h"

namespace rilon::testing {
namespace {

constexpr int kKills = 20;
constexpr int kWriters = 6;

TEST(CrashTest, AcknowledgedRecordsSurviveRepeatedKill9UnderLoad) {
  RestrictToTls13ForTests();
  PkiFixture pki;
  ScratchDir work("rilon-crash");
  NodeProcess node(pki, "au.abf", work.path() + "/node");
  node.Start();
  const Identity officer = pki.Person("officer", "au.abf", "jlee");

  std::mutex mu;
  std::map<std::string, std::string> acknowledged;  // request_id -> record id
  std::atomic<bool> stop{false};
  std::atomic<int> acks{0};

  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      ApiClient client(node.endpoint(), pki.ca_file(), officer, node.node_id(),
                       /*fast_reconnect=*/true);
      for (int i = 0; !stop.load(); ++i) {
        const std::string request_id = "w" + std::to_string(w) + "-" + std::to_string(i);
        auto request = SampleReport(request_id);
        request.set_request_id(request_id);
        // Retry the same request until the node acknowledges it (it may be down or restarting).
        for (int attempt = 0; attempt < 600; ++attempt) {
          grpc::ClientContext ctx;
          ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
          ctx.set_wait_for_ready(true);
          rilon::v1::SubmitReportResponse response;
          grpc::Status s = client.stub().SubmitReport(&ctx, request, &response);
          if (s.ok()) {
            std::lock_guard<std::mutex> lock(mu);
            acknowledged[request_id] = response.record().id();
            ++acks;
            break;
          }
          ASSERT_TRUE(s.error_code() == grpc::StatusCode::UNAVAILABLE ||
                      s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
                      s.error_code() == grpc::StatusCode::CANCELLED)
              << s.error_code() << " " << s.error_message();
          if (stop.load() && attempt > 100) break;
        }
      }
    });
  }

  std::mt19937 rng(20261123);
  for (int kill = 0; kill < kKills; ++kill) {
    const int target = acks.load() + 10 + static_cast<int>(rng() % 40);
    for (int spins = 0; acks.load() < target && spins < 6000; ++spins) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    node.Kill();
    node.Start();
  }
  const int target = acks.load() + 20;
  for (int spins = 0; acks.load() < target && spins < 6000; ++spins) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  stop = true;
  for (auto& t : writers) t.join();

  // Every acknowledged record is there, under the id it was acknowledged with, exactly once.
  ApiClient reader(node.endpoint(), pki.ca_file(), pki.Person("analyst", "au.abf", "check"),
                   node.node_id());
  std::vector<rilon::v1::Record> stored;
  rilon::v1::ListRecordsRequest list;
  list.set_page_size(1000);
  for (;;) {
    rilon::v1::ListRecordsResponse page;
    ASSERT_TRUE(reader.stub().ListRecords(ApiClient::Context().get(), list, &page).ok());
    stored.insert(stored.end(), page.records().begin(), page.records().end());
    if (page.next_page_token().empty()) break;
    list.set_page_token(page.next_page_token());
  }
  std::set<std::string> stored_ids;
  std::map<std::string, int> narratives;
  for (size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ(stored[i].origin_seq(), i + 1) << "origin sequence has a gap or a repeat";
    EXPECT_EQ(stored[i].cursor(), std::to_string(i + 1));
    stored_ids.insert(stored[i].id());
    ++narratives[stored[i].trend_report().narrative()];
  }
  ASSERT_GE(acknowledged.size(), static_cast<size_t>(kKills * 10));
  for (const auto& [request_id, id] : acknowledged) {
    EXPECT_TRUE(stored_ids.count(id)) << "acknowledged record lost: " << request_id;
  }
  for (const auto& [narrative, count] : narratives) {
    EXPECT_EQ(count, 1) << "stored twice: " << narrative;
  }
  // Nothing was stored that no client had asked for, and no acknowledged request is missing.
  EXPECT_EQ(stored.size(), acknowledged.size());
  std::cout << "kills=" << kKills << " acknowledged=" << acknowledged.size()
            << " stored=" << stored.size() << "\n";
}

}  // namespace
}  // namespace rilon::testing
