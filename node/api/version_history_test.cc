// GetRecord's history and ListRecords' current-version choice over records made by the real
// committer (real signatures and ids).
#include "node/api/version_history.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "node/api/record_view.h"
#include "node/intake/committer.h"
#include "node/records/envelope.h"

namespace rilon::api {
namespace {

using ::rilon::storage::v1::StoredRecord;

class VersionHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/rilon-history-XXXXXX";
    dir_ = mkdtemp(tmpl);
    signer_ = security::RecordSigner::GenerateForTesting();
    auto store = store::RecordStore::Open({.data_dir = dir_ + "/db"});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    intake::CommitterOptions options;
    options.origin_agency = "au.abf";
    committer_ = std::make_unique<intake::Committer>(
        store_.get(), signer_.get(), options, [](const std::vector<store::SharedStoredRecord>&) {});
    ASSERT_TRUE(committer_->Start().ok());
  }
  void TearDown() override {
    committer_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Commits a report whose narrative is `period` (superseding `of` when given); returns its raw
  // id. The committer stores reports as given: no codebook is involved here.
  std::string Commit(const std::string& period, const std::string& of = "",
                     const std::string& retraction_reason = "") {
    intake::Submission s;
    s.kind = rilon::v1::TREND_REPORT;
    s.marking = rilon::v1::TLP_GREEN;
    s.supersedes = of;
    if (retraction_reason.empty()) {
      rilon::v1::TrendReport report;
      report.set_narrative(period);
      s.report = std::move(report);
    } else {
      s.retraction.emplace().set_reason(retraction_reason);
    }
    std::promise<absl::StatusOr<intake::CommitOutcome>> done;
    committer_->Submit(std::move(s), [&](absl::StatusOr<intake::CommitOutcome> o) {
      done.set_value(std::move(o));
    });
    absl::StatusOr<intake::CommitOutcome> outcome = done.get_future().get();
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    return outcome.ok() ? records::RecordIdBytes(outcome->stored->signed_().body()) : "";
  }

  rilon::v1::GetRecordResponse Get(const std::string& id) {
    rilon::v1::GetRecordResponse response;
    absl::Status read = ReadRecordWithHistory(*store_, id, &response);
    EXPECT_TRUE(read.ok()) << read;
    return response;
  }

  std::string dir_;
  std::unique_ptr<security::RecordSigner> signer_;
  std::unique_ptr<store::RecordStore> store_;
  std::unique_ptr<intake::Committer> committer_;
};

TEST_F(VersionHistoryTest, UncorrectedRecordIsCurrentWithOneVersion) {
  const std::string id = Commit("2026-Q1");
  rilon::v1::GetRecordResponse got = Get(id);
  EXPECT_EQ(got.record().id(), records::RecordIdHex(id));
  EXPECT_EQ(got.current().id(), got.record().id());
  EXPECT_TRUE(got.record().superseded_by().empty());
  ASSERT_EQ(got.history_size(), 1);
  EXPECT_EQ(got.history(0).kind(), rilon::v1::VERSION_ORIGINAL);
  EXPECT_TRUE(got.history(0).held());
  EXPECT_EQ(got.history(0).origin_seq(), 1u);
  EXPECT_FALSE(got.history_truncated());
}

TEST_F(VersionHistoryTest, OldVersionShowsTheCurrentOneAndTheWholeHistory) {
  const std::string v1 = Commit("2026-Q1");
  const std::string v2 = Commit("2026-Q2", v1);
  const std::string v3 = Commit("", v2, "double counted");

  rilon::v1::GetRecordResponse got = Get(v1);
  EXPECT_EQ(got.record().trend_report().narrative(), "2026-Q1");
  EXPECT_EQ(got.record().superseded_by(), records::RecordIdHex(v2));
  EXPECT_EQ(got.current().id(), records::RecordIdHex(v3));
  EXPECT_EQ(got.current().retraction().reason(), "double counted");
  EXPECT_EQ(got.current().supersedes(), records::RecordIdHex(v2));
  EXPECT_FALSE(got.current().has_trend_report()) << "a retraction has no content";
  ASSERT_EQ(got.history_size(), 3);
  EXPECT_EQ(got.history(0).kind(), rilon::v1::VERSION_ORIGINAL);
  EXPECT_EQ(got.history(1).kind(), rilon::v1::VERSION_CORRECTION);
  EXPECT_EQ(got.history(1).id(), records::RecordIdHex(v2));
  EXPECT_EQ(got.history(2).kind(), rilon::v1::VERSION_RETRACTION);
  EXPECT_EQ(got.history(2).retraction_reason(), "double counted");
  EXPECT_EQ(got.history(2).origin_seq(), 3u);

  rilon::v1::GetRecordResponse middle = Get(v2);
  EXPECT_EQ(middle.record().trend_report().narrative(), "2026-Q2");
  EXPECT_EQ(middle.record().supersedes(), records::RecordIdHex(v1));
  EXPECT_EQ(middle.history_size(), 3);
}

TEST_F(VersionHistoryTest, ListShowsCurrentVersionsUnlessAskedForAll) {
  const std::string v1 = Commit("2026-Q1");
  const std::string v2 = Commit("2026-Q2", v1);
  absl::StatusOr<std::vector<StoredRecord>> log = store_->ReadLog(0, 10, 1 << 20);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 2u);
  std::vector<bool> listed, listed_all;
  std::vector<std::string> superseded_by;
  for (const StoredRecord& stored : *log) {
    absl::StatusOr<rilon::v1::Record> record = ToApiRecord(stored);
    ASSERT_TRUE(record.ok());
    rilon::v1::Record copy = *record;
    listed.push_back(*ListAsVersion(*store_, false, *record));
    listed_all.push_back(*ListAsVersion(*store_, true, copy));
    superseded_by.push_back(copy.superseded_by());
  }
  EXPECT_EQ(listed, (std::vector<bool>{false, true}));
  EXPECT_EQ(listed_all, (std::vector<bool>{true, true}));
  EXPECT_EQ(superseded_by, (std::vector<std::string>{records::RecordIdHex(v2), ""}));
}

TEST_F(VersionHistoryTest, UnknownRecordIsNotFound) {
  rilon::v1::GetRecordResponse response;
  EXPECT_EQ(ReadRecordWithHistory(*store_, std::string(32, 'x'), &response).code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace rilon::api
