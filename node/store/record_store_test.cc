// Behaviour of an open store: appends, local sequence numbers, reads and indexes.
#include "node/store/record_store.h"

#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "node/store/key_codec.h"
#include "node/store/store_test_util.h"

namespace rilon::store {
namespace {

using ::rilon::storage::v1::StoredRecord;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::MakeId;
using testing::MakeRecord;
using testing::TempDir;

const StoredRecord& Deref(const StoredRecord& record) { return record; }
const StoredRecord& Deref(const SharedStoredRecord& record) { return *record; }

// Of records as ReadLog returns them, or as Append does (shared).
template <typename Record>
std::vector<uint64_t> LocalSeqs(const std::vector<Record>& records) {
  std::vector<uint64_t> seqs;
  for (const Record& record : records) seqs.push_back(Deref(record).local_seq());
  return seqs;
}

class RecordStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen() {
    store_.reset();
    absl::StatusOr<std::unique_ptr<RecordStore>> opened =
        RecordStore::Open({.data_dir = dir_.path()});
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = *std::move(opened);
  }

  std::vector<SharedStoredRecord> MustAppend(std::vector<NewRecord> records) {
    absl::StatusOr<std::vector<SharedStoredRecord>> stored = store_->Append(std::move(records));
    EXPECT_TRUE(stored.ok()) << stored.status();
    return stored.ok() ? *std::move(stored) : std::vector<SharedStoredRecord>{};
  }

  // Appends origin's records first_seq..last_seq, one per batch.
  void AppendRange(const std::string& origin, uint64_t first_seq, uint64_t last_seq,
                   size_t payload_bytes = 64) {
    for (uint64_t seq = first_seq; seq <= last_seq; ++seq) {
      MustAppend({MakeRecord(origin, seq, payload_bytes)});
    }
  }

  TempDir dir_;
  std::unique_ptr<RecordStore> store_;
};

TEST_F(RecordStoreTest, AppendThenGetRoundTrips) {
  NewRecord record = MakeRecord("au.abf", 1, 100);
  record.received_from = "id.polri";
  const std::string body = record.signed_record.body();
  const std::string signature = record.signed_record.signature();

  std::vector<SharedStoredRecord> stored = MustAppend({record});
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0]->local_seq(), 1u);
  EXPECT_EQ(stored[0]->signed_().body(), body);
  EXPECT_EQ(stored[0]->signed_().signature(), signature);
  EXPECT_EQ(stored[0]->stored_unix_micros(), record.stored_unix_micros);
  EXPECT_EQ(stored[0]->received_from(), "id.polri");

  absl::StatusOr<StoredRecord> got = store_->Get(record.id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->SerializeAsString(), stored[0]->SerializeAsString());
  EXPECT_EQ(store_->LastLocalSeq(), 1u);
}

TEST_F(RecordStoreTest, GetUnknownIdIsNotFoundAndMalformedIdIsInvalidArgument) {
  EXPECT_EQ(store_->Get(MakeId("au.abf", 1)).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->Get("abc").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(RecordStoreTest, EmptyBatchIsOkAndWritesNothing) {
  absl::StatusOr<std::vector<store::SharedStoredRecord>> stored = store_->Append({});
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_THAT(*stored, IsEmpty());
  EXPECT_EQ(store_->LastLocalSeq(), 0u);
}

TEST_F(RecordStoreTest, LocalSeqsHaveNoGapsAcrossBatchesAndReopen) {
  EXPECT_THAT(LocalSeqs(MustAppend(
                  {MakeRecord("au.abf", 1), MakeRecord("au.abf", 2), MakeRecord("id.polri", 1)})),
              ElementsAre(1, 2, 3));
  EXPECT_THAT(LocalSeqs(MustAppend({MakeRecord("au.abf", 3)})), ElementsAre(4));
  EXPECT_EQ(store_->LastLocalSeq(), 4u);

  Reopen();
  EXPECT_EQ(store_->LastLocalSeq(), 4u);
  EXPECT_THAT(LocalSeqs(MustAppend({MakeRecord("th.rtp", 1), MakeRecord("th.rtp", 2)})),
              ElementsAre(5, 6));

  Reopen();
  absl::StatusOr<std::vector<StoredRecord>> all =
      store_->ReadLog(0, 100, std::numeric_limits<size_t>::max());
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_THAT(LocalSeqs(*all), ElementsAre(1, 2, 3, 4, 5, 6));
  absl::StatusOr<StoredRecord> fifth = store_->Get(MakeId("th.rtp", 1));
  ASSERT_TRUE(fifth.ok()) << fifth.status();
  EXPECT_EQ(fifth->local_seq(), 5u);
}

TEST_F(RecordStoreTest, ReadLogPagesByMaxRecords) {
  AppendRange("au.abf", 1, 10);
  const size_t kNoByteLimit = std::numeric_limits<size_t>::max();

  absl::StatusOr<std::vector<StoredRecord>> page = store_->ReadLog(0, 4, kNoByteLimit);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(LocalSeqs(*page), ElementsAre(1, 2, 3, 4));
  page = store_->ReadLog(4, 4, kNoByteLimit);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(LocalSeqs(*page), ElementsAre(5, 6, 7, 8));
  page = store_->ReadLog(8, 4, kNoByteLimit);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(LocalSeqs(*page), ElementsAre(9, 10));
  page = store_->ReadLog(10, 4, kNoByteLimit);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(*page, IsEmpty());
  page = store_->ReadLog(std::numeric_limits<uint64_t>::max(), 4, kNoByteLimit);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(*page, IsEmpty());

  // The records come back whole: the third page's first record is au.abf seq 9.
  page = store_->ReadLog(8, 1, kNoByteLimit);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].signed_().body(), MakeRecord("au.abf", 9).signed_record.body());

  EXPECT_EQ(store_->ReadLog(0, 0, kNoByteLimit).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(RecordStoreTest, ReadLogSpansManyLookupChunks) {
  std::vector<NewRecord> batch;
  for (uint64_t seq = 1; seq <= 150; ++seq) batch.push_back(MakeRecord("au.abf", seq, 8));
  MustAppend(std::move(batch));

  absl::StatusOr<std::vector<StoredRecord>> all =
      store_->ReadLog(0, 1000, std::numeric_limits<size_t>::max());
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 150u);
  for (size_t i = 0; i < all->size(); ++i) EXPECT_EQ((*all)[i].local_seq(), i + 1);

  absl::StatusOr<std::vector<StoredRecord>> hundred =
      store_->ReadLog(20, 100, std::numeric_limits<size_t>::max());
  ASSERT_TRUE(hundred.ok()) << hundred.status();
  ASSERT_EQ(hundred->size(), 100u);
  EXPECT_EQ(hundred->front().local_seq(), 21u);
  EXPECT_EQ(hundred->back().local_seq(), 120u);
}

TEST_F(RecordStoreTest, ReadLogStopsAtMaxBytesButReturnsAtLeastOne) {
  std::vector<SharedStoredRecord> stored =
      MustAppend({MakeRecord("au.abf", 1, 1000), MakeRecord("au.abf", 2, 1000),
                  MakeRecord("au.abf", 3, 1000), MakeRecord("au.abf", 4, 1000)});
  ASSERT_EQ(stored.size(), 4u);
  const size_t one = stored[0]->ByteSizeLong();
  const size_t two = one + stored[1]->ByteSizeLong();
  const size_t three = two + stored[2]->ByteSizeLong();

  absl::StatusOr<std::vector<StoredRecord>> page = store_->ReadLog(0, 100, two + one / 2);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(LocalSeqs(*page), ElementsAre(1, 2));

  page = store_->ReadLog(0, 100, three);  // exactly three records' worth
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(LocalSeqs(*page), ElementsAre(1, 2, 3));

  page = store_->ReadLog(1, 100, 1);  // smaller than any record: still one
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(LocalSeqs(*page), ElementsAre(2));

  page = store_->ReadLog(0, 2, three);  // max_records binds first
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(LocalSeqs(*page), ElementsAre(1, 2));
}

TEST_F(RecordStoreTest, StoredIdIsAlreadyExistsAndNothingIsWritten) {
  NewRecord first = MakeRecord("au.abf", 1);
  MustAppend({first});

  NewRecord fresh = MakeRecord("au.abf", 2);
  fresh.request_key = "au.abf/req-2";
  absl::StatusOr<std::vector<store::SharedStoredRecord>> again = store_->Append({fresh, first});
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(again.status().message(), HasSubstr(Hex(first.id)));

  EXPECT_EQ(store_->LastLocalSeq(), 1u);
  EXPECT_EQ(store_->Get(fresh.id).status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<std::optional<std::string>> by_origin = store_->FindByOrigin("au.abf", 2);
  ASSERT_TRUE(by_origin.ok()) << by_origin.status();
  EXPECT_FALSE(by_origin->has_value());
  absl::StatusOr<std::optional<std::string>> by_request = store_->FindByRequestKey("au.abf/req-2");
  ASSERT_TRUE(by_request.ok()) << by_request.status();
  EXPECT_FALSE(by_request->has_value());

  // The refused batch left no trace: the fresh record still gets the next local_seq.
  EXPECT_THAT(LocalSeqs(MustAppend({fresh})), ElementsAre(2));
}

TEST_F(RecordStoreTest, EquivocationIsAbortedAndNothingIsWritten) {
  MustAppend({MakeRecord("au.abf", 1)});

  NewRecord innocent = MakeRecord("id.polri", 1);
  NewRecord equivocal = MakeRecord("au.abf", 1, 64, /*variant=*/1);
  absl::StatusOr<std::vector<store::SharedStoredRecord>> refused =
      store_->Append({innocent, equivocal});
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(refused.status().message(), HasSubstr("origin au.abf seq 1"));
  EXPECT_THAT(refused.status().message(), HasSubstr(Hex(MakeId("au.abf", 1))));

  EXPECT_EQ(store_->LastLocalSeq(), 1u);
  EXPECT_EQ(store_->Get(innocent.id).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->Get(equivocal.id).status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<std::optional<std::string>> holder = store_->FindByOrigin("au.abf", 1);
  ASSERT_TRUE(holder.ok()) << holder.status();
  EXPECT_EQ(holder->value_or(""), MakeId("au.abf", 1));
}

TEST_F(RecordStoreTest, RequestKeyIndex) {
  NewRecord with_key = MakeRecord("au.abf", 1);
  with_key.request_key = std::string("au.abf\0req-1", 12);
  MustAppend({with_key, MakeRecord("au.abf", 2)});

  absl::StatusOr<std::optional<std::string>> found = store_->FindByRequestKey(with_key.request_key);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->value_or(""), with_key.id);
  absl::StatusOr<std::optional<std::string>> missing = store_->FindByRequestKey("au.abf/req-2");
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_FALSE(missing->has_value());
  EXPECT_EQ(store_->FindByRequestKey("").status().code(), absl::StatusCode::kInvalidArgument);

  // The key is taken: a different record under it is refused, and nothing is written.
  NewRecord reuse = MakeRecord("au.abf", 3);
  reuse.request_key = with_key.request_key;
  absl::StatusOr<std::vector<store::SharedStoredRecord>> refused = store_->Append({reuse});
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(refused.status().message(), HasSubstr(Hex(with_key.id)));
  EXPECT_EQ(store_->LastLocalSeq(), 2u);
}

TEST_F(RecordStoreTest, OriginIndexesKeepPrefixAgenciesApart) {
  AppendRange("au.ab", 1, 3);
  AppendRange("au.abf", 1, 5);
  MustAppend({MakeRecord("id.polri", 7)});
  // Seqs that differ only in a higher byte: numeric, not lexicographic-decimal, order.
  MustAppend({MakeRecord("au.ab", 256), MakeRecord("au.ab", 255)});

  auto last = [&](const std::string& origin) {
    absl::StatusOr<uint64_t> seq = store_->LastOriginSeq(origin);
    EXPECT_TRUE(seq.ok()) << seq.status();
    return seq.value_or(std::numeric_limits<uint64_t>::max());
  };
  EXPECT_EQ(last("au.ab"), 256u);
  EXPECT_EQ(last("au.abf"), 5u);
  EXPECT_EQ(last("id.polri"), 7u);
  EXPECT_EQ(last("au.a"), 0u);
  EXPECT_EQ(last("au.abfx"), 0u);
  EXPECT_EQ(last("zz.none"), 0u);
  EXPECT_EQ(store_->LastOriginSeq("").status().code(), absl::StatusCode::kInvalidArgument);

  auto find = [&](const std::string& origin, uint64_t seq) {
    absl::StatusOr<std::optional<std::string>> id = store_->FindByOrigin(origin, seq);
    EXPECT_TRUE(id.ok()) << id.status();
    return id.ok() ? id->value_or("none") : "error";
  };
  EXPECT_EQ(find("au.ab", 2), MakeId("au.ab", 2));
  EXPECT_EQ(find("au.abf", 2), MakeId("au.abf", 2));
  EXPECT_EQ(find("au.ab", 4), "none");
  EXPECT_EQ(find("au.abf", 4), MakeId("au.abf", 4));
  EXPECT_EQ(find("id.polri", 1), "none");
  EXPECT_EQ(find("id.polri", 7), MakeId("id.polri", 7));
  EXPECT_EQ(store_->FindByOrigin(std::string("au\0ab", 5), 1).status().code(),
            absl::StatusCode::kInvalidArgument);

  Reopen();  // indexes are durable, not rebuilt in memory
  EXPECT_EQ(last("au.ab"), 256u);
  EXPECT_EQ(find("au.abf", 5), MakeId("au.abf", 5));
}

TEST_F(RecordStoreTest, MalformedRecordsAreInvalidArgumentAndNothingIsWritten) {
  NewRecord bad = MakeRecord("au.abf", 2);
  bad.origin_seq = 0;
  absl::StatusOr<std::vector<store::SharedStoredRecord>> refused =
      store_->Append({MakeRecord("au.abf", 1), bad});
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->LastLocalSeq(), 0u);
  EXPECT_EQ(store_->Get(MakeId("au.abf", 1)).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(RecordStoreTest, VerifyIntegrityPassesOnFreshAndFlushedStores) {
  EXPECT_TRUE(store_->VerifyIntegrity().ok());
  AppendRange("au.abf", 1, 20, 500);
  Reopen();  // the records are now in the WAL or SST files written at open
  absl::Status verified = store_->VerifyIntegrity();
  EXPECT_TRUE(verified.ok()) << verified;
}

// A damaged block must still be found by its checksum (the table files use XXH3 checksums; see
// MakeCfOptions): one flipped byte inside the first data block of the largest table file, the
// records family's.
TEST_F(RecordStoreTest, VerifyIntegrityFindsAFlippedByteInATableFile) {
  AppendRange("au.abf", 1, 20, 500);
  Reopen();  // recovery writes the WAL's records into table files
  store_.reset();
  std::filesystem::path largest;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_.path())) {
    if (entry.path().extension() != ".sst") continue;
    if (largest.empty() || entry.file_size() > std::filesystem::file_size(largest)) {
      largest = entry.path();
    }
  }
  ASSERT_FALSE(largest.empty()) << "no table file was written";
  constexpr std::streamoff kInsideFirstBlock = 100;  // the records are 500 bytes each
  std::fstream file(largest, std::ios::in | std::ios::out | std::ios::binary);
  char byte = 0;
  file.seekg(kInsideFirstBlock);
  file.read(&byte, 1);
  byte = static_cast<char>(byte ^ 0x5a);
  file.seekp(kInsideFirstBlock);
  file.write(&byte, 1);
  file.close();
  ASSERT_FALSE(file.fail()) << largest;

  Reopen();
  absl::Status verified = store_->VerifyIntegrity();
  EXPECT_EQ(verified.code(), absl::StatusCode::kDataLoss) << verified;
  EXPECT_THAT(verified.message(), HasSubstr("restore it from a backup"));
}

}  // namespace
}  // namespace rilon::store
