// Corrections and retractions through the committer: signed with their link to the superseded
// version, indexed, refused when the version is no longer current (also within one batch), and
// idempotent by request key even after the version was superseded.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "node/intake/committer.h"
#include "node/records/envelope.h"
#include "node/records/redaction.h"
#include "node/store/key_codec.h"

namespace rilon::intake {
namespace {

using ::rilon::storage::v1::StoredRecord;
using ::testing::AllOf;
using ::testing::HasSubstr;

class CommitterAmendmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/rilon-amend-XXXXXX";
    dir_ = mkdtemp(tmpl);
    signer_ = security::RecordSigner::GenerateForTesting();
    auto store = store::RecordStore::Open({.data_dir = dir_ + "/db"});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    CommitterOptions options;
    options.origin_agency = "au.abf";
    committer_ = std::make_unique<Committer>(store_.get(), signer_.get(), options,
                                             [](const std::vector<store::SharedStoredRecord>&) {});
  }
  void TearDown() override {
    committer_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  static Submission Report(std::string payload, std::string request_key = "") {
    Submission s;
    s.kind = rilon::v1::TREND_REPORT;
    s.marking = rilon::v1::TLP_GREEN;
    rilon::v1::TrendReport report;  // the committer seals reports: a real one, told by narrative
    report.set_narrative(std::move(payload));
    s.report = std::move(report);
    s.request_key = std::move(request_key);
    return s;
  }
  static Submission Correction(const std::string& of, std::string payload,
                               std::string request_key = "") {
    Submission s = Report(std::move(payload), std::move(request_key));
    s.supersedes = of;
    return s;
  }
  static Submission Retraction(const std::string& of, std::string reason) {
    Submission s = Report("");
    s.supersedes = of;
    s.retraction.emplace().set_reason(std::move(reason));
    return s;
  }

  // Queues a submission; the future resolves when the committer answers.
  std::future<absl::StatusOr<CommitOutcome>> Queue(Submission s) {
    auto done = std::make_shared<std::promise<absl::StatusOr<CommitOutcome>>>();
    auto future = done->get_future();
    committer_->Submit(std::move(s),
                       [done](absl::StatusOr<CommitOutcome> o) { done->set_value(std::move(o)); });
    return future;
  }
  absl::StatusOr<CommitOutcome> Commit(Submission s) { return Queue(std::move(s)).get(); }

  static std::string IdOf(const CommitOutcome& outcome) {
    return records::RecordIdBytes(outcome.stored->signed_().body());
  }
  static rilon::v1::RecordBody BodyOf(const CommitOutcome& outcome) {
    absl::StatusOr<rilon::v1::RecordBody> body = records::DecodeBody(outcome.stored->signed_());
    EXPECT_TRUE(body.ok()) << body.status();
    return body.ok() ? *body : rilon::v1::RecordBody();
  }

  std::string dir_;
  std::unique_ptr<security::RecordSigner> signer_;
  std::unique_ptr<store::RecordStore> store_;
  std::unique_ptr<Committer> committer_;
};

TEST_F(CommitterAmendmentTest, CorrectionIsSignedWithItsLinkAndIndexed) {
  ASSERT_TRUE(committer_->Start().ok());
  absl::StatusOr<CommitOutcome> original = Commit(Report("v1"));
  ASSERT_TRUE(original.ok()) << original.status();
  absl::StatusOr<CommitOutcome> corrected = Commit(Correction(IdOf(*original), "v2"));
  ASSERT_TRUE(corrected.ok()) << corrected.status();

  rilon::v1::RecordBody body = BodyOf(*corrected);
  EXPECT_EQ(body.supersedes(), IdOf(*original));
  absl::StatusOr<records::OpenedReport> opened =
      records::OpenReport(corrected->stored->signed_(), body);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->report.narrative(), "v2");
  EXPECT_EQ(body.envelope_version(), records::kEnvelopeV2);
  EXPECT_EQ(body.origin_seq(), 2u);
  EXPECT_FALSE(body.has_retraction());
  EXPECT_EQ(*store_->FindSuccessor(IdOf(*original)), IdOf(*corrected));
}

TEST_F(CommitterAmendmentTest, SupersededVersionIsRefusedNamingTheCurrentOne) {
  ASSERT_TRUE(committer_->Start().ok());
  absl::StatusOr<CommitOutcome> v1 = Commit(Report("v1"));
  ASSERT_TRUE(v1.ok());
  absl::StatusOr<CommitOutcome> v2 = Commit(Correction(IdOf(*v1), "v2"));
  ASSERT_TRUE(v2.ok());

  absl::StatusOr<CommitOutcome> stale = Commit(Correction(IdOf(*v1), "v2 again"));
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(stale.status().message(), HasSubstr("current version is " + store::Hex(IdOf(*v2))));
  EXPECT_EQ(committer_->origin_seq(), 2u) << "a refused amendment consumes no sequence number";
}

TEST_F(CommitterAmendmentTest, TwoAmendmentsOfOneVersionInOneBatchStoreOnlyTheFirst) {
  ASSERT_TRUE(committer_->Start().ok());
  absl::StatusOr<CommitOutcome> v1 = Commit(Report("v1"));
  ASSERT_TRUE(v1.ok());
  // A fresh committer, fed before Start(), so that its commit thread takes all three in one batch.
  committer_ = nullptr;
  CommitterOptions options;
  options.origin_agency = "au.abf";
  committer_ = std::make_unique<Committer>(store_.get(), signer_.get(), options,
                                           [](const std::vector<store::SharedStoredRecord>&) {});
  auto first = Queue(Retraction(IdOf(*v1), "double counted"));
  auto second = Queue(Correction(IdOf(*v1), "v2"));
  auto unrelated = Queue(Report("other"));
  ASSERT_TRUE(committer_->Start().ok());

  absl::StatusOr<CommitOutcome> retracted = first.get();
  ASSERT_TRUE(retracted.ok()) << retracted.status();
  absl::StatusOr<CommitOutcome> refused = second.get();
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.status().message(),
              AllOf(HasSubstr("retracted by record " + store::Hex(IdOf(*retracted))),
                    HasSubstr("double counted")));
  EXPECT_TRUE(unrelated.get().ok()) << "one refusal does not fail the batch";
  EXPECT_EQ(BodyOf(*retracted).retraction().reason(), "double counted");
  EXPECT_EQ(BodyOf(*retracted).envelope_version(), records::kEnvelopeV2);
  EXPECT_EQ(BodyOf(*retracted).part_digests_size(), 0) << "a retraction has no content";
  EXPECT_EQ(retracted->stored->signed_().parts_size(), 0);
  EXPECT_EQ(committer_->origin_seq(), 3u);
}

TEST_F(CommitterAmendmentTest, RetryWithTheSameRequestKeyIsADuplicateNotARefusal) {
  ASSERT_TRUE(committer_->Start().ok());
  absl::StatusOr<CommitOutcome> v1 = Commit(Report("v1"));
  ASSERT_TRUE(v1.ok());
  absl::StatusOr<CommitOutcome> first = Commit(Correction(IdOf(*v1), "v2", "au.abf/fix-1"));
  ASSERT_TRUE(first.ok());
  // v1 is superseded now, but the request key wins: the client gets the stored correction.
  absl::StatusOr<CommitOutcome> retry = Commit(Correction(IdOf(*v1), "v2", "au.abf/fix-1"));
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_TRUE(retry->duplicate);
  EXPECT_EQ(IdOf(*retry), IdOf(*first));
  EXPECT_EQ(committer_->origin_seq(), 2u);
}

}  // namespace
}  // namespace rilon::intake
