#include "node/intake/committer.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "node/records/envelope.h"
#include "node/records/redaction.h"
#include "node/store/fault_switch.h"
#include "node/store/forwarding_record_store.h"
#include "tests/testing/sample_reports.h"

namespace rilon::intake {
namespace {

using ::rilon::storage::v1::StoredRecord;

class CommitterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/rilon-committer-XXXXXX";
    dir_ = mkdtemp(tmpl);
    signer_ = security::RecordSigner::GenerateForTesting();
    OpenStore();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void OpenStore() {
    store_.reset();
    auto store = store::RecordStore::Open({.data_dir = dir_ + "/db"});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  static CommitterOptions AuOptions() {
    CommitterOptions options;
    options.origin_agency = "au.abf";
    return options;
  }
  std::unique_ptr<Committer> MakeCommitter(size_t max_queue = 16384) {
    CommitterOptions options = AuOptions();
    options.max_queue = max_queue;
    return std::make_unique<Committer>(
        store_.get(), signer_.get(), options,
        [this](const std::vector<store::SharedStoredRecord>& records) {
          std::lock_guard<std::mutex> lock(published_mu_);
          for (const auto& r : records) published_.push_back(r->local_seq());
        });
  }
  static Submission MakeSubmission(std::string payload, std::string request_key = "") {
    Submission s;
    s.kind = rilon::v1::TREND_REPORT;
    s.marking = rilon::v1::TLP_GREEN;
    s.audience.add_agencies("id.polri");
    rilon::v1::TrendReport report;  // the committer seals reports: a real one, told by narrative
    report.set_narrative(std::move(payload));
    s.report = std::move(report);
    s.request_key = std::move(request_key);
    return s;
  }
  static absl::StatusOr<CommitOutcome> SubmitAndWait(Committer& c, Submission s) {
    std::promise<absl::StatusOr<CommitOutcome>> done;
    c.Submit(std::move(s), [&](absl::StatusOr<CommitOutcome> o) { done.set_value(std::move(o)); });
    return done.get_future().get();
  }

  // What a burst of concurrent submissions got: the origin_seq of each acknowledged record and
  // the refusals. `before_each(thread, i)` runs before each submission (to inject faults).
  struct Burst {
    std::set<uint64_t> acknowledged;
    std::vector<absl::Status> refused;
  };
  static Burst SubmitBurst(Committer& c, int threads, int per_thread,
                           const std::function<void(int, int)>& before_each) {
    Burst burst;
    std::mutex mu;
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        for (int i = 0; i < per_thread; ++i) {
          before_each(t, i);
          auto o = SubmitAndWait(c, MakeSubmission("p" + std::to_string(t * 1000 + i)));
          absl::StatusOr<rilon::v1::RecordBody> body =
              o.ok() ? records::DecodeBody(o->stored->signed_()) : o.status();
          std::lock_guard<std::mutex> lock(mu);
          if (body.ok()) {
            burst.acknowledged.insert(body->origin_seq());
          } else {
            burst.refused.push_back(body.status());
          }
        }
      });
    }
    for (auto& w : workers) w.join();
    return burst;
  }

  std::string dir_;
  std::unique_ptr<security::RecordSigner> signer_;
  std::unique_ptr<store::RecordStore> store_;
  std::mutex published_mu_;
  std::vector<uint64_t> published_;
};

TEST_F(CommitterTest, ConcurrentSubmissionsGetGaplessOriginSequenceAndValidSignatures) {
  auto committer = MakeCommitter();
  ASSERT_TRUE(committer->Start().ok());
  constexpr int kThreads = 8, kPerThread = 25;
  std::vector<std::thread> threads;
  std::mutex mu;
  std::vector<CommitOutcome> outcomes;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto o = SubmitAndWait(*committer, MakeSubmission("p" + std::to_string(t * 1000 + i)));
        ASSERT_TRUE(o.ok()) << o.status();
        std::lock_guard<std::mutex> lock(mu);
        outcomes.push_back(*o);
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(outcomes.size(), kThreads * kPerThread);
  std::set<uint64_t> seqs;
  for (const auto& o : outcomes) {
    EXPECT_FALSE(o.duplicate);
    auto body = records::DecodeBody(o.stored->signed_());
    ASSERT_TRUE(body.ok()) << body.status();
    EXPECT_EQ(body->origin_agency(), "au.abf");
    EXPECT_EQ(body->signer_key_id(), signer_->key_id());
    seqs.insert(body->origin_seq());
    EXPECT_TRUE(security::VerifyWithPublicKey(signer_->public_key(),
                                              records::SignedBytes(o.stored->signed_().body()),
                                              o.stored->signed_().signature())
                    .ok());
  }
  EXPECT_EQ(seqs.size(), outcomes.size());
  EXPECT_EQ(*seqs.begin(), 1u);
  EXPECT_EQ(*seqs.rbegin(), outcomes.size());
  EXPECT_EQ(committer->origin_seq(), outcomes.size());
  EXPECT_EQ(*store_->LastOriginSeq("au.abf"), outcomes.size());
  std::lock_guard<std::mutex> lock(published_mu_);
  ASSERT_EQ(published_.size(), outcomes.size());
  for (size_t i = 0; i < published_.size(); ++i) EXPECT_EQ(published_[i], i + 1);
}

TEST_F(CommitterTest, AReportIsStoredSealedAsEnvelopeVersion2) {
  auto committer = MakeCommitter();
  ASSERT_TRUE(committer->Start().ok());
  const rilon::v1::TrendReport report = rilon::testing::SampleTrendReport();
  Submission s = MakeSubmission("");
  s.report = report;
  absl::StatusOr<CommitOutcome> o = SubmitAndWait(*committer, std::move(s));
  ASSERT_TRUE(o.ok()) << o.status();
  // What the store holds, not only what the committer returned.
  absl::StatusOr<StoredRecord> stored =
      store_->Get(records::RecordIdBytes(o->stored->signed_().body()));
  ASSERT_TRUE(stored.ok()) << stored.status();
  absl::StatusOr<rilon::v1::RecordBody> body = records::DecodeBody(stored->signed_());
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(body->envelope_version(), records::kEnvelopeV2);
  // 4 fields; measures of 1, 10, 1 and 0 cells, each with a descriptor and a value.
  EXPECT_EQ(body->part_digests_size(), 4 + 4 * 2 + 12);
  EXPECT_EQ(stored->signed_().parts_size(), body->part_digests_size());
  rilon::v1::TrendReport skeleton;
  ASSERT_TRUE(skeleton.ParseFromString(body->payload()));
  EXPECT_EQ(skeleton.measures_size(), 0);
  EXPECT_TRUE(skeleton.narrative().empty());
  absl::StatusOr<records::OpenedReport> opened = records::OpenReport(stored->signed_(), *body);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(opened->report, report));
  EXPECT_TRUE(opened->withheld_parts.empty());
  EXPECT_TRUE(security::VerifyWithPublicKey(signer_->public_key(),
                                            records::SignedBytes(stored->signed_().body()),
                                            stored->signed_().signature())
                  .ok());
}

TEST_F(CommitterTest, ASubmissionOfAKindWithoutContentIsRefusedAtOnce) {
  auto committer = MakeCommitter();
  ASSERT_TRUE(committer->Start().ok());
  Submission s = MakeSubmission("a narrative");
  s.kind = rilon::v1::GROUP_MESSAGE;  // reserved: nothing to seal it from
  absl::StatusOr<CommitOutcome> o = SubmitAndWait(*committer, std::move(s));
  EXPECT_EQ(o.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(o.status().message(), ::testing::HasSubstr("GROUP_MESSAGE"));
  EXPECT_EQ(committer->origin_seq(), 0u) << "no sequence number consumed";
}

TEST_F(CommitterTest, SequenceContinuesAfterRestart) {
  {
    auto committer = MakeCommitter();
    ASSERT_TRUE(committer->Start().ok());
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(SubmitAndWait(*committer, MakeSubmission("a")).ok());
  }
  OpenStore();
  auto committer = MakeCommitter();
  ASSERT_TRUE(committer->Start().ok());
  auto o = SubmitAndWait(*committer, MakeSubmission("b"));
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(records::DecodeBody(o->stored->signed_())->origin_seq(), 4u);
  EXPECT_EQ(o->stored->local_seq(), 4u);
}

TEST_F(CommitterTest, RequestKeyMakesResubmissionIdempotent) {
  auto committer = MakeCommitter();
  ASSERT_TRUE(committer->Start().ok());
  auto first = SubmitAndWait(*committer, MakeSubmission("x", "au.abf/req-1"));
  auto again = SubmitAndWait(*committer, MakeSubmission("x", "au.abf/req-1"));
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_FALSE(first->duplicate);
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(first->stored->signed_().body(), again->stored->signed_().body());
  EXPECT_EQ(store_->LastLocalSeq(), 1u);
}

TEST_F(CommitterTest, DuplicateKeysWithinOneBatchStoreOnce) {
  auto committer = MakeCommitter();
  // Queued before Start(), so all land in the first batch.
  std::vector<std::future<absl::StatusOr<CommitOutcome>>> futures;
  std::vector<std::shared_ptr<std::promise<absl::StatusOr<CommitOutcome>>>> promises;
  for (const char* key : {"au.abf/k", "au.abf/k", "", "au.abf/k"}) {
    auto p = std::make_shared<std::promise<absl::StatusOr<CommitOutcome>>>();
    futures.push_back(p->get_future());
    committer->Submit(MakeSubmission("same", key),
                      [p](absl::StatusOr<CommitOutcome> o) { p->set_value(std::move(o)); });
  }
  ASSERT_TRUE(committer->Start().ok());
  std::vector<CommitOutcome> out;
  for (auto& f : futures) {
    auto o = f.get();
    ASSERT_TRUE(o.ok()) << o.status();
    out.push_back(*o);
  }
  EXPECT_FALSE(out[0].duplicate);
  EXPECT_TRUE(out[1].duplicate);
  EXPECT_FALSE(out[2].duplicate);
  EXPECT_TRUE(out[3].duplicate);
  EXPECT_EQ(out[1].stored->local_seq(), out[0].stored->local_seq());
  EXPECT_EQ(out[3].stored->local_seq(), out[0].stored->local_seq());
  EXPECT_EQ(store_->LastLocalSeq(), 2u);
}

// Resubmissions racing with the batch that stores their key: each key is stored once, whichever
// batches the pipeline forms, and every submission of a key gets that one record.
TEST_F(CommitterTest, KeysResubmittedWhileTheirBatchIsWrittenAreStoredOnce) {
  auto committer = MakeCommitter();
  ASSERT_TRUE(committer->Start().ok());
  constexpr int kThreads = 8, kPerThread = 40, kKeys = 12;
  std::mutex mu;
  std::map<std::string, std::set<std::string>> ids_by_key;
  int fresh = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string key = "au.abf/r" + std::to_string((t + i) % kKeys);
        auto o = SubmitAndWait(*committer, MakeSubmission("same for " + key, key));
        ASSERT_TRUE(o.ok()) << o.status();
        std::lock_guard<std::mutex> lock(mu);
        ids_by_key[key].insert(records::RecordIdBytes(o->stored->signed_().body()));
        if (!o->duplicate) ++fresh;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(fresh, kKeys);
  ASSERT_EQ(ids_by_key.size(), static_cast<size_t>(kKeys));
  for (const auto& [key, ids] : ids_by_key) EXPECT_EQ(ids.size(), 1u) << key;
  EXPECT_EQ(store_->LastLocalSeq(), static_cast<uint64_t>(kKeys));
  EXPECT_EQ(committer->origin_seq(), static_cast<uint64_t>(kKeys));
}

// A disk that fails while batches are in flight: every submission gets an answer, nothing
// acknowledged is lost, and the origin sequence has no gap, also across the restart that the
// read-only store asks for.
TEST_F(CommitterTest, AFailedWriteLosesNothingAcknowledgedAndLeavesNoGap) {
  store_.reset();
  auto faults = std::make_shared<store::FaultSwitch>();
  {
    auto store = store::RecordStore::Open({.data_dir = dir_ + "/db", .fault_switch = faults});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  auto committer = MakeCommitter();
  ASSERT_TRUE(committer->Start().ok());
  constexpr int kThreads = 8, kPerThread = 60;
  Burst burst = SubmitBurst(*committer, kThreads, kPerThread, [&](int t, int i) {
    if (t == 0 && i == kPerThread / 3) faults->fail_writes = true;
  });
  const std::set<uint64_t>& acknowledged = burst.acknowledged;
  EXPECT_EQ(acknowledged.size() + burst.refused.size(), static_cast<size_t>(kThreads * kPerThread));
  for (const absl::Status& s : burst.refused) {
    EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  }
  ASSERT_FALSE(acknowledged.empty());
  EXPECT_EQ(*acknowledged.rbegin(), acknowledged.size()) << "acknowledged numbers have a gap";
  EXPECT_EQ(committer->origin_seq(), acknowledged.size());
  committer.reset();

  faults->fail_writes = false;
  OpenStore();
  // Every acknowledged record survived. The batch whose write failed may have reached the log
  // before the failing sync (the disk cannot say), so its records may be stored although their
  // submitters heard UNAVAILABLE; they resubmit with their request id, which finds them. It is at
  // most that one batch, and the origin sequence stays gapless either way.
  const uint64_t stored = store_->LastLocalSeq();
  ASSERT_GE(stored, acknowledged.size()) << "an acknowledged record was lost";
  EXPECT_LE(stored - acknowledged.size(), AuOptions().max_batch);
  EXPECT_EQ(*store_->LastOriginSeq("au.abf"), stored) << "the origin sequence has a gap";
  auto restarted = MakeCommitter();
  ASSERT_TRUE(restarted->Start().ok());
  auto next = SubmitAndWait(*restarted, MakeSubmission("after the disk was fixed"));
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(records::DecodeBody(next->stored->signed_())->origin_seq(), stored + 1);
}

// A store whose next append fails once (a write refused for a reason that passes), then works.
class FailOnceStore final : public store::ForwardingRecordStore {
 public:
  using ForwardingRecordStore::ForwardingRecordStore;
  std::atomic<bool> fail_next{false};
  absl::StatusOr<std::vector<store::SharedStoredRecord>> Append(
      std::vector<store::NewRecord> records) override {
    if (fail_next.exchange(false)) return absl::UnavailableError("injected write failure");
    return ForwardingRecordStore::Append(std::move(records));
  }
};

// A write that fails now and then: its submissions are refused, numbering goes on from the last
// durable record, and the batches after it are stored, so the origin sequence never has a gap.
TEST_F(CommitterTest, AWriteThatFailsOnceConsumesNoNumbers) {
  FailOnceStore flaky(store_.get());
  Committer committer(&flaky, signer_.get(), AuOptions(),
                      [](const std::vector<store::SharedStoredRecord>&) {});
  ASSERT_TRUE(committer.Start().ok());
  constexpr int kThreads = 8, kPerThread = 50;
  Burst burst = SubmitBurst(committer, kThreads, kPerThread, [&](int, int i) {
    if (i % 10 == 5) flaky.fail_next = true;
  });
  const std::set<uint64_t>& acknowledged = burst.acknowledged;
  EXPECT_FALSE(burst.refused.empty());
  for (const absl::Status& s : burst.refused) {
    EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
    EXPECT_EQ(s.message(), "injected write failure");
  }
  ASSERT_EQ(acknowledged.size() + burst.refused.size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_EQ(*acknowledged.rbegin(), acknowledged.size()) << "acknowledged numbers have a gap";
  EXPECT_EQ(*store_->LastOriginSeq("au.abf"), acknowledged.size());
  EXPECT_EQ(store_->LastLocalSeq(), acknowledged.size());
}

TEST_F(CommitterTest, FullQueueIsRefusedAtOnce) {
  auto committer = MakeCommitter(/*max_queue=*/2);
  std::atomic<int> exhausted{0}, ok{0};
  for (int i = 0; i < 3; ++i) {
    committer->Submit(MakeSubmission("q"), [&](absl::StatusOr<CommitOutcome> o) {
      if (o.status().code() == absl::StatusCode::kResourceExhausted) ++exhausted;
      if (o.ok()) ++ok;
    });
  }
  EXPECT_EQ(exhausted.load(), 1);
  ASSERT_TRUE(committer->Start().ok());
  for (int i = 0; ok.load() < 2 && i < 3000; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // wait for the queued two
  }
  EXPECT_EQ(ok.load(), 2);
  EXPECT_TRUE(SubmitAndWait(*committer, MakeSubmission("after")).ok());
}

// Replies leave from the reply thread: in commit order, after the feed listener saw the record,
// never on the commit thread (which runs the listener), and every one of them before Stop()
// returns.
TEST_F(CommitterTest, RepliesComeInCommitOrderAfterTheListenerAndAllBeforeStopReturns) {
  std::mutex mu;
  std::thread::id commit_thread;
  std::vector<uint64_t> listened, replied;
  bool reply_on_commit_thread = false;
  bool reply_before_listener = false;
  Committer committer(store_.get(), signer_.get(), AuOptions(),
                      [&](const std::vector<store::SharedStoredRecord>& records) {
                        std::lock_guard<std::mutex> lock(mu);
                        commit_thread = std::this_thread::get_id();
                        for (const auto& r : records) listened.push_back(r->local_seq());
                      });
  ASSERT_TRUE(committer.Start().ok());
  constexpr int kSubmissions = 300;
  for (int i = 0; i < kSubmissions; ++i) {
    committer.Submit(MakeSubmission("r" + std::to_string(i)), [&](absl::StatusOr<CommitOutcome> o) {
      ASSERT_TRUE(o.ok()) << o.status();
      std::lock_guard<std::mutex> lock(mu);
      reply_on_commit_thread |= std::this_thread::get_id() == commit_thread;
      const uint64_t seq = o->stored->local_seq();
      reply_before_listener |= std::find(listened.begin(), listened.end(), seq) == listened.end();
      replied.push_back(seq);
    });
  }
  // Wait until everything is stored, then stop: the replies still waiting must all run.
  for (int spins = 0; store_->LastLocalSeq() < kSubmissions && spins < 3000; ++spins) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  committer.Stop();
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_EQ(replied.size(), static_cast<size_t>(kSubmissions));
  EXPECT_TRUE(std::is_sorted(replied.begin(), replied.end()));
  EXPECT_FALSE(reply_on_commit_thread);
  EXPECT_FALSE(reply_before_listener);
}

TEST_F(CommitterTest, StopFailsQueuedAndLaterSubmissionsWithUnavailable) {
  auto committer = MakeCommitter();
  std::atomic<int> unavailable{0};
  auto count = [&](absl::StatusOr<CommitOutcome> o) {
    if (o.status().code() == absl::StatusCode::kUnavailable) ++unavailable;
  };
  committer->Submit(MakeSubmission("queued"), count);  // never started: stays queued
  committer->Stop();
  committer->Submit(MakeSubmission("late"), count);
  EXPECT_EQ(unavailable.load(), 2);
  EXPECT_EQ(store_->LastLocalSeq(), 0u);
}

}  // namespace
}  // namespace rilon::intake
