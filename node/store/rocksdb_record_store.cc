// RecordStore on RocksDB (contract in record_store.h, layout in schema.h). This is the only
// translation unit of the project that includes RocksDB headers: everything RocksDB-specific
// (options, status mapping, the test-only fault-injecting file system) lives here.

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/memory/memory.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "node/audit/audit_chain.h"
#include "node/store/accept_entry.h"
#include "node/store/append_validation.h"
#include "node/store/audit_store.h"
#include "node/store/data_dir.h"
#include "node/store/fault_switch.h"
#include "node/store/internal/raw_store_access.h"
#include "node/store/internal/string_views.h"
#include "node/store/key_codec.h"
#include "node/store/record_store.h"
#include "node/store/schema.h"
#include "rilon/v1/record.pb.h"
#include "rocksdb/cache.h"
#include "rocksdb/convenience.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/io_status.h"
#include "rocksdb/options.h"
#include "rocksdb/slice.h"
#include "rocksdb/snapshot.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"

namespace rilon::store {
namespace {

using rilon::storage::v1::StoredRecord;

// Sized for a modest on-premise server: the working set is recent records (the feed) and point
// lookups by id, so a bounded cache plus bloom filters beats a large memtable budget.
constexpr size_t kBlockCacheBytes = size_t{64} << 20;
constexpr size_t kMemtableBudgetBytes = size_t{64} << 20;
constexpr double kBloomBitsPerKey = 10;       // ~1% false positives on absent ids
constexpr double kMemtableBloomRatio = 0.02;  // of a memtable's size, for its bloom filter
constexpr size_t kInfoLogFilesKept = 4;
constexpr size_t kInfoLogFileBytes = size_t{4} << 20;
// Log entries resolved per MultiGet in ReadLog: big enough to amortize, small enough that a
// max_bytes stop wastes little.
constexpr size_t kReadLogChunk = 64;

#define RILON_RETURN_IF_ERROR(expr)             \
  do {                                          \
    if (absl::Status _st = (expr); !_st.ok()) { \
      return _st;                               \
    }                                           \
  } while (false)

// Maps a RocksDB status to our canonical codes, keeping RocksDB's text after the context.
absl::Status FromRocks(const rocksdb::Status& s, std::string_view context) {
  if (s.ok()) return absl::OkStatus();
  std::string message = absl::StrCat(AsAbsl(context), ": ", s.ToString());
  switch (s.code()) {
    case rocksdb::Status::kNotFound:
      return absl::NotFoundError(message);
    case rocksdb::Status::kCorruption:
      return absl::DataLossError(
          absl::StrCat(message, "; the data directory is damaged: restore it from a backup"));
    case rocksdb::Status::kInvalidArgument:
    case rocksdb::Status::kNotSupported:
      return absl::FailedPreconditionError(message);
    case rocksdb::Status::kIOError:
    case rocksdb::Status::kBusy:
    case rocksdb::Status::kTimedOut:
    case rocksdb::Status::kTryAgain:
    case rocksdb::Status::kIncomplete:
    case rocksdb::Status::kShutdownInProgress:
    case rocksdb::Status::kAborted:
      return absl::UnavailableError(message);
    default:
      return absl::InternalError(message);
  }
}

// ---- Test-only fault injection (fault_switch.h) ------------------------------------------------

rocksdb::IOStatus InjectedNoSpace() {
  return rocksdb::IOStatus::NoSpace("injected by FaultSwitch (test only)");
}

// Fails every data-carrying operation of a writable file while the switch is on. Close is left
// alone so that RocksDB can still release the file after the error.
class FaultWritableFile final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FaultWritableFile(std::unique_ptr<rocksdb::FSWritableFile> target,
                    std::shared_ptr<FaultSwitch> faults)
      : FSWritableFileOwnerWrapper(std::move(target)), faults_(std::move(faults)) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* dbg) override {
    if (Failing()) return InjectedNoSpace();
    return FSWritableFileOwnerWrapper::Append(data, options, dbg);
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& info,
                           rocksdb::IODebugContext* dbg) override {
    if (Failing()) return InjectedNoSpace();
    return FSWritableFileOwnerWrapper::Append(data, options, info, dbg);
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset,
                                     const rocksdb::IOOptions& options,
                                     rocksdb::IODebugContext* dbg) override {
    if (Failing()) return InjectedNoSpace();
    return FSWritableFileOwnerWrapper::PositionedAppend(data, offset, options, dbg);
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset,
                                     const rocksdb::IOOptions& options,
                                     const rocksdb::DataVerificationInfo& info,
                                     rocksdb::IODebugContext* dbg) override {
    if (Failing()) return InjectedNoSpace();
    return FSWritableFileOwnerWrapper::PositionedAppend(data, offset, options, info, dbg);
  }
  rocksdb::IOStatus Flush(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* dbg) override {
    if (Failing()) return InjectedNoSpace();
    return FSWritableFileOwnerWrapper::Flush(options, dbg);
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) override {
    if (Failing()) return InjectedNoSpace();
    return FSWritableFileOwnerWrapper::Sync(options, dbg);
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* dbg) override {
    if (Failing()) return InjectedNoSpace();
    return FSWritableFileOwnerWrapper::Fsync(options, dbg);
  }
  rocksdb::IOStatus RangeSync(uint64_t offset, uint64_t nbytes, const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* dbg) override {
    if (Failing()) return InjectedNoSpace();
    return FSWritableFileOwnerWrapper::RangeSync(offset, nbytes, options, dbg);
  }
  rocksdb::IOStatus Allocate(uint64_t offset, uint64_t len, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override {
    if (Failing()) return InjectedNoSpace();
    return FSWritableFileOwnerWrapper::Allocate(offset, len, options, dbg);
  }

 private:
  bool Failing() const { return faults_->fail_writes.load(); }

  std::shared_ptr<FaultSwitch> faults_;
};

class FaultFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  FaultFileSystem(std::shared_ptr<rocksdb::FileSystem> target, std::shared_ptr<FaultSwitch> faults)
      : FileSystemWrapper(std::move(target)), faults_(std::move(faults)) {}

  const char* Name() const override { return "RilonFaultFileSystem"; }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override {
    if (faults_->fail_writes.load()) return InjectedNoSpace();
    return Wrap(target()->NewWritableFile(name, options, result, dbg), result);
  }
  rocksdb::IOStatus ReopenWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* dbg) override {
    if (faults_->fail_writes.load()) return InjectedNoSpace();
    return Wrap(target()->ReopenWritableFile(name, options, result, dbg), result);
  }
  rocksdb::IOStatus ReuseWritableFile(const std::string& name, const std::string& old_name,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* dbg) override {
    if (faults_->fail_writes.load()) return InjectedNoSpace();
    return Wrap(target()->ReuseWritableFile(name, old_name, options, result, dbg), result);
  }

 private:
  rocksdb::IOStatus Wrap(rocksdb::IOStatus opened,
                         std::unique_ptr<rocksdb::FSWritableFile>* result) {
    if (opened.ok()) *result = std::make_unique<FaultWritableFile>(std::move(*result), faults_);
    return opened;
  }

  std::shared_ptr<FaultSwitch> faults_;
};

// ---- Options ------------------------------------------------------------------------------------

rocksdb::CompressionType PickCompression() {
  for (rocksdb::CompressionType type : rocksdb::GetSupportedCompressions()) {
    if (type == rocksdb::kLZ4Compression) return type;
  }
  return rocksdb::kNoCompression;
}

rocksdb::DBOptions MakeDbOptions(rocksdb::Env* env) {
  rocksdb::DBOptions options;
  options.env = env;
  // A failed write or background error turns the DB read-only instead of carrying on.
  options.paranoid_checks = true;
  // Detects a missing or truncated WAL at open instead of silently losing its writes.
  options.track_and_verify_wals_in_manifest = true;
  // Debian's librocksdb is built without NDEBUG, so its default would be DEBUG_LEVEL (trap 9).
  options.info_log_level = rocksdb::WARN_LEVEL;
  options.keep_log_file_num = kInfoLogFilesKept;
  options.max_log_file_size = kInfoLogFileBytes;
  options.db_write_buffer_size = kMemtableBudgetBytes;
  options.max_background_jobs = 2;
  return options;
}

// Column families looked up by key (records by id, origin and request indexes) get a bloom
// filter so that the "is it already stored?" check of every Append rarely touches disk.
bool HasPointLookups(std::string_view column_family) {
  return column_family == schema::kRecordsCf || column_family == schema::kOriginCf ||
         column_family == schema::kRequestsCf || column_family == schema::kSuccessorsCf;
}

rocksdb::ColumnFamilyOptions MakeCfOptions(std::string_view column_family,
                                           const std::shared_ptr<rocksdb::Cache>& block_cache) {
  rocksdb::ColumnFamilyOptions options;
  options.compression = PickCompression();
  options.level_compaction_dynamic_level_bytes = true;
  // L0 files are written by every flush and rewritten by the next compaction: compressing them
  // costs a compression and a decompression per record for no lasting saving, so only the levels
  // data settles in are compressed (RocksDB's tuning guide). With dynamic level sizes, entry 0 is
  // L0 and the others the base level and below.
  options.compression_per_level.assign(options.num_levels, options.compression);
  options.compression_per_level[0] = rocksdb::kNoCompression;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = block_cache;
  // RocksDB 7.8's default, stated because it matters here: Debian's librocksdb is built for the
  // baseline x86-64, without SSE4.2, so CRC32C (the default of older releases, and still the
  // WAL's) runs table-driven, several times slower on every flush, compaction and block read.
  table.checksum = rocksdb::kXXH3;
  // Index and filter blocks count against the bounded cache, so memory stays bounded as the store
  // grows; L0's are pinned because every lookup consults them.
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  if (HasPointLookups(column_family)) {
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(kBloomBitsPerKey));
    // Every append first looks its keys up and expects them absent: without a memtable bloom
    // filter, each miss walks the memtable's skip list.
    options.memtable_prefix_bloom_size_ratio = kMemtableBloomRatio;
    options.memtable_whole_key_filtering = true;
  }
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

bool IsKnownColumnFamily(std::string_view name) {
  for (std::string_view known : schema::kKnownColumnFamilies) {
    if (known == name) return true;
  }
  return false;
}

// The schema version that introduced a column family (1 for the original layout).
uint32_t VersionIntroducing(std::string_view column_family) {
  if (column_family == schema::kSuccessorsCf) return 2;
  if (column_family == schema::kAuditCf || column_family == schema::kAuditHeadsCf) return 3;
  return 1;
}

// ---- Data directory and raw DB handling -----------------------------------------------------

// Column families present in `dir`; empty when there is no RocksDB there yet.
absl::StatusOr<std::vector<std::string>> ExistingColumnFamilies(const std::string& dir) {
  std::error_code ignored;
  if (!std::filesystem::exists(std::filesystem::path(dir) / "CURRENT", ignored)) {
    return std::vector<std::string>{};
  }
  std::vector<std::string> names;
  RILON_RETURN_IF_ERROR(
      FromRocks(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &names),
                absl::StrCat("listing column families of ", dir)));
  return names;
}

// An open DB and its column family handles, closed in the right order on destruction.
class OpenDb {
 public:
  OpenDb() = default;
  OpenDb(const OpenDb&) = delete;
  OpenDb& operator=(const OpenDb&) = delete;
  ~OpenDb() { Close(); }

  absl::Status Open(const std::string& dir, const rocksdb::DBOptions& db_options,
                    const std::vector<std::string>& names,
                    const std::shared_ptr<rocksdb::Cache>& block_cache) {
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (const std::string& name : names) {
      descriptors.emplace_back(name, MakeCfOptions(name, block_cache));
    }
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    rocksdb::Status s = rocksdb::DB::Open(db_options, dir, descriptors, &handles, &db);
    if (!s.ok()) return FromRocks(s, absl::StrCat("opening record store in ", dir));
    db_.reset(db);
    for (rocksdb::ColumnFamilyHandle* handle : handles) handles_[handle->GetName()] = handle;
    return absl::OkStatus();
  }

  absl::Status Create(std::string_view name, const std::shared_ptr<rocksdb::Cache>& block_cache) {
    rocksdb::ColumnFamilyHandle* handle = nullptr;
    std::string cf_name(name);
    rocksdb::Status s = db_->CreateColumnFamily(MakeCfOptions(name, block_cache), cf_name, &handle);
    if (!s.ok()) return FromRocks(s, absl::StrCat("creating column family ", AsAbsl(name)));
    handles_[cf_name] = handle;
    return absl::OkStatus();
  }

  // Test-only (internal::DropColumnFamily): removes a column family and its data.
  absl::Status Drop(std::string_view name) {
    auto it = handles_.find(std::string(name));
    if (it == handles_.end()) {
      return absl::NotFoundError(absl::StrCat("no column family ", AsAbsl(name)));
    }
    RILON_RETURN_IF_ERROR(FromRocks(db_->DropColumnFamily(it->second),
                                    absl::StrCat("dropping column family ", AsAbsl(name))));
    RILON_RETURN_IF_ERROR(FromRocks(db_->DestroyColumnFamilyHandle(it->second),
                                    absl::StrCat("closing column family ", AsAbsl(name))));
    handles_.erase(it);
    return absl::OkStatus();
  }

  // nullptr when the column family does not exist.
  rocksdb::ColumnFamilyHandle* Handle(std::string_view name) const {
    auto it = handles_.find(std::string(name));
    return it == handles_.end() ? nullptr : it->second;
  }
  rocksdb::DB* db() const { return db_.get(); }

 private:
  void Close() {
    if (db_ == nullptr) return;
    for (auto& [name, handle] : handles_) {
      // Only fails for an already-destroyed handle; nothing to recover at close.
      db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
    }
    handles_.clear();
    // A store that failed a write may also fail to close cleanly; what reached disk is recovered
    // from the WAL at the next open either way.
    db_->Close().PermitUncheckedError();
    db_.reset();
  }

  std::unique_ptr<rocksdb::DB> db_;
  std::map<std::string, rocksdb::ColumnFamilyHandle*> handles_;
};

// ---- The store ----------------------------------------------------------------------------------

// Also the store's AuditStore: the audit chain is sealed under write_mu_, the one lock every
// write of the store takes, so that there is one chain in one order.
class RocksDbRecordStore final : public RecordStore, public AuditStore {
 public:
  static absl::StatusOr<std::unique_ptr<RecordStore>> Open(const StoreOptions& options) {
    RILON_RETURN_IF_ERROR(EnsureDataDir(options.data_dir, options.create_if_missing));
    auto store = absl::WrapUnique(new RocksDbRecordStore(options));
    RILON_RETURN_IF_ERROR(store->OpenAndCheck(options.create_if_missing));
    store->audit_writer_ = std::thread([s = store.get()] { s->AuditWriterLoop(); });
    return std::unique_ptr<RecordStore>(std::move(store));
  }

  // Writes what is still queued for the audit log before the database closes.
  ~RocksDbRecordStore() override {
    {
      absl::MutexLock lock(&queue_mu_);
      stopping_ = true;
    }
    if (audit_writer_.joinable()) audit_writer_.join();
  }

  absl::StatusOr<std::vector<SharedStoredRecord>> Append(std::vector<NewRecord> records) override {
    if (records.empty()) return std::vector<SharedStoredRecord>{};
    return AppendBatch(std::move(records), nullptr);
  }

  absl::StatusOr<std::vector<SharedStoredRecord>> AppendFromPeer(
      std::vector<NewRecord> records, const PeerCursor& cursor) override {
    RILON_RETURN_IF_ERROR(ValidateOriginAgency(cursor.peer_agency));
    return AppendBatch(std::move(records), &cursor);
  }

  absl::StatusOr<uint64_t> GetPeerCursor(const std::string& peer_agency) const override {
    RILON_RETURN_IF_ERROR(ValidateOriginAgency(peer_agency));
    absl::StatusOr<std::optional<std::string>> value =
        GetValue(rocksdb::ReadOptions(), peer_cursors_, peer_agency,
                 absl::StrCat("reading the cursor of peer ", peer_agency));
    if (!value.ok()) return value.status();
    if (!value->has_value()) return uint64_t{0};
    return DecodeBigEndian64(**value, absl::StrCat("cursor of peer ", peer_agency));
  }

  // Records (possibly none, when a cursor is given) and the optional peer cursor in one batch.
  absl::StatusOr<std::vector<SharedStoredRecord>> AppendBatch(std::vector<NewRecord> records,
                                                              const PeerCursor* cursor) {
    RILON_RETURN_IF_ERROR(ValidateAppendBatch(records));

    absl::MutexLock lock(&write_mu_);
    RILON_RETURN_IF_ERROR(RefuseIfFailed());
    RILON_RETURN_IF_ERROR(CheckNotStored(records));

    rocksdb::WriteBatch batch;
    std::vector<SharedStoredRecord> stored;
    stored.reserve(records.size());
    uint64_t local_seq = last_local_seq_.load(std::memory_order_relaxed);
    // Entries queued before this write ride in its batch, ahead of the ACCEPT entries; the chain
    // advances only if the write succeeds.
    audit::AuditChain chain = chain_;
    RILON_RETURN_IF_ERROR(PutAuditEntries(TakeQueued(), &chain, &batch));
    for (NewRecord& record : records) {
      RILON_RETURN_IF_ERROR(PutAuditEntry(AcceptEntry(record, local_seq + 1), &chain, &batch));
      auto entry = std::make_shared<StoredRecord>();
      *entry->mutable_signed_() = std::move(record.signed_record);
      entry->set_local_seq(++local_seq);
      entry->set_stored_unix_micros(record.stored_unix_micros);
      entry->set_received_from(std::move(record.received_from));
      std::string value;
      if (!entry->SerializeToString(&value)) {
        return absl::InternalError(
            absl::StrCat("cannot serialize record ", Hex(record.id), " for storage"));
      }
      RILON_RETURN_IF_ERROR(PutInBatch(&batch, records_, record.id, value));
      RILON_RETURN_IF_ERROR(PutInBatch(&batch, log_, EncodeBigEndian64(local_seq), record.id));
      RILON_RETURN_IF_ERROR(PutInBatch(
          &batch, origin_, OriginKey(record.origin_agency, record.origin_seq), record.id));
      if (!record.request_key.empty()) {
        RILON_RETURN_IF_ERROR(PutInBatch(&batch, requests_, record.request_key, record.id));
      }
      if (!record.supersedes.empty()) {
        RILON_RETURN_IF_ERROR(PutInBatch(&batch, successors_, record.supersedes, record.id));
      }
      stored.push_back(std::move(entry));
    }
    if (cursor != nullptr) {
      RILON_RETURN_IF_ERROR(PutInBatch(&batch, peer_cursors_, cursor->peer_agency,
                                       EncodeBigEndian64(cursor->position)));
    }

    RILON_RETURN_IF_ERROR(WriteSynced(&batch, records.size(), "records"));
    last_local_seq_.store(local_seq, std::memory_order_release);
    AdvanceChain(chain);
    return stored;
  }

  // ---- AuditStore (audit_store.h) ----

  // The audit log is the one thing a holder of a const store may append to (record_store.h);
  // its state is guarded by write_mu_ and queue_mu_, not by constness.
  AuditStore& audit() const override { return const_cast<RocksDbRecordStore&>(*this); }

  void Record(rilon::v1::AuditEntry entry) override {
    // The time of the action, not of the write that makes it durable.
    if (entry.time_unix_micros() == 0) entry.set_time_unix_micros(absl::ToUnixMicros(absl::Now()));
    absl::MutexLock lock(&queue_mu_);
    queue_mu_.Await(absl::Condition(this, &RocksDbRecordStore::QueueHasRoom));
    queued_.push_back(std::move(entry));
  }

  absl::Status Flush() override {
    absl::MutexLock lock(&write_mu_);
    return WriteQueued();
  }

  audit::ChainHead Head() const override {
    absl::MutexLock lock(&head_mu_);
    return durable_head_;
  }

  absl::Status PutSignedHead(const SignedHeadAt& head) override {
    absl::MutexLock lock(&write_mu_);
    RILON_RETURN_IF_ERROR(RefuseIfFailed());
    if (head.seq == 0 || head.seq > chain_.head().seq) {
      return absl::InvalidArgumentError(absl::StrCat("signed audit head names seq ", head.seq,
                                                     ", but the chain holds 1..",
                                                     chain_.head().seq));
    }
    std::string value;
    if (!head.head.SerializeToString(&value)) {
      return absl::InternalError("cannot serialize a signed audit head");
    }
    rocksdb::WriteBatch batch;
    RILON_RETURN_IF_ERROR(PutInBatch(&batch, audit_heads_, EncodeBigEndian64(head.seq), value));
    return WriteSynced(&batch, 1, "signed audit head");
  }

  absl::StatusOr<std::optional<SignedHeadAt>> LastSignedHead() const override {
    std::unique_ptr<rocksdb::Iterator> it(
        db_.db()->NewIterator(rocksdb::ReadOptions(), audit_heads_));
    it->SeekToLast();
    RILON_RETURN_IF_ERROR(FromRocks(it->status(), "seeking the last signed audit head"));
    if (!it->Valid()) return std::optional<SignedHeadAt>();
    absl::StatusOr<SignedHeadAt> head = ParseSignedHead(*it);
    if (!head.ok()) return head.status();
    return std::optional<SignedHeadAt>(*std::move(head));
  }

  absl::StatusOr<AuditPage> Read(uint64_t from_seq, size_t max_entries) const override {
    if (from_seq == 0 || max_entries == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("audit Read needs from_seq >= 1 and max_entries >= 1 (got ", from_seq,
                       " and ", max_entries, ")"));
    }
    rocksdb::ManagedSnapshot snapshot(db_.db());
    rocksdb::ReadOptions read_options;
    read_options.snapshot = snapshot.snapshot();
    AuditPage page;
    std::unique_ptr<rocksdb::Iterator> it(db_.db()->NewIterator(read_options, audit_));
    for (it->Seek(EncodeBigEndian64(from_seq)); it->Valid() && page.entries.size() < max_entries;
         it->Next()) {
      absl::StatusOr<uint64_t> seq =
          DecodeBigEndian64(ToView(it->key()), "seq key in the audit column family");
      if (!seq.ok()) return seq.status();
      const uint64_t expected = from_seq + page.entries.size();
      if (*seq != expected) {
        return absl::DataLossError(absl::StrCat("the audit log has seq ", *seq, " where ", expected,
                                                " was expected; the data directory "
                                                "is damaged: restore it from a backup"));
      }
      absl::StatusOr<audit::SealedAuditEntry> entry =
          audit::DecodeStoredEntry(*seq, ToView(it->value()));
      if (!entry.ok()) return entry.status();
      page.entries.push_back(*std::move(entry));
    }
    RILON_RETURN_IF_ERROR(FromRocks(it->status(), "iterating the audit log"));
    if (page.entries.empty()) return page;
    const uint64_t last = page.entries.back().seq;
    std::unique_ptr<rocksdb::Iterator> heads(db_.db()->NewIterator(read_options, audit_heads_));
    for (heads->Seek(EncodeBigEndian64(from_seq)); heads->Valid(); heads->Next()) {
      absl::StatusOr<SignedHeadAt> head = ParseSignedHead(*heads);
      if (!head.ok()) return head.status();
      if (head->seq > last) break;
      page.heads.push_back(*std::move(head));
    }
    RILON_RETURN_IF_ERROR(FromRocks(heads->status(), "iterating the signed audit heads"));
    return page;
  }

  absl::StatusOr<StoredRecord> Get(const std::string& id) const override {
    if (id.size() != kRecordIdBytes) {
      return absl::InvalidArgumentError(absl::StrCat("record id must be ", kRecordIdBytes,
                                                     " raw bytes, got ", id.size(),
                                                     "; parse hex ids first"));
    }
    absl::StatusOr<std::optional<std::string>> value =
        GetValue(rocksdb::ReadOptions(), records_, id, "reading record");
    if (!value.ok()) return value.status();
    if (!value->has_value()) {
      return absl::NotFoundError(absl::StrCat("record ", Hex(id), " is not stored"));
    }
    return ParseStored(**value, id);
  }

  absl::StatusOr<std::vector<StoredRecord>> ReadLog(uint64_t after_local_seq, size_t max_records,
                                                    size_t max_bytes) const override {
    if (max_records == 0) {
      return absl::InvalidArgumentError("ReadLog max_records must be at least 1");
    }
    std::vector<StoredRecord> out;
    if (after_local_seq == std::numeric_limits<uint64_t>::max()) return out;

    rocksdb::ManagedSnapshot snapshot(db_.db());
    rocksdb::ReadOptions read_options;
    read_options.snapshot = snapshot.snapshot();
    std::unique_ptr<rocksdb::Iterator> it(db_.db()->NewIterator(read_options, log_));
    size_t bytes = 0;
    bool full = false;
    it->Seek(EncodeBigEndian64(after_local_seq + 1));
    while (!full && it->Valid() && out.size() < max_records) {
      std::vector<uint64_t> seqs;
      std::vector<std::string> ids;
      size_t chunk = std::min(kReadLogChunk, max_records - out.size());
      for (; it->Valid() && ids.size() < chunk; it->Next()) {
        absl::StatusOr<uint64_t> seq =
            DecodeBigEndian64(ToView(it->key()), "local_seq key in the log column family");
        if (!seq.ok()) return seq.status();
        if (it->value().size() != kRecordIdBytes) {
          return absl::DataLossError(
              absl::StrCat("log entry local_seq ", *seq, " holds a ", it->value().size(),
                           "-byte record id (expected 32); the data directory is damaged"));
        }
        seqs.push_back(*seq);
        ids.emplace_back(it->value().data(), it->value().size());
      }
      RILON_RETURN_IF_ERROR(FromRocks(it->status(), "iterating the local log"));

      absl::StatusOr<std::vector<std::optional<std::string>>> values =
          MultiGetValues(read_options, records_, ids, "reading records of the local log");
      if (!values.ok()) return values.status();
      for (size_t i = 0; i < ids.size(); ++i) {
        const std::optional<std::string>& value = (*values)[i];
        if (!value.has_value()) {
          return absl::DataLossError(
              absl::StrCat("log entry local_seq ", seqs[i], " names record ", Hex(ids[i]),
                           ", which is not stored; the data directory is damaged"));
        }
        if (!out.empty() && bytes + value->size() > max_bytes) {
          full = true;
          break;
        }
        absl::StatusOr<StoredRecord> record = ParseStored(*value, ids[i]);
        if (!record.ok()) return record.status();
        if (record->local_seq() != seqs[i]) {
          return absl::DataLossError(absl::StrCat("record ", Hex(ids[i]), " says local_seq ",
                                                  record->local_seq(), " but the log has it at ",
                                                  seqs[i], "; the data directory is damaged"));
        }
        out.push_back(*std::move(record));
        bytes += value->size();
        if (bytes >= max_bytes) {
          full = true;
          break;
        }
      }
    }
    RILON_RETURN_IF_ERROR(FromRocks(it->status(), "iterating the local log"));
    return out;
  }

  absl::StatusOr<std::optional<std::string>> FindByOrigin(const std::string& origin_agency,
                                                          uint64_t origin_seq) const override {
    RILON_RETURN_IF_ERROR(ValidateOriginAgency(origin_agency));
    return GetId(origin_, OriginKey(origin_agency, origin_seq),
                 absl::StrCat("origin index entry ", origin_agency, " seq ", origin_seq));
  }

  absl::StatusOr<std::optional<std::string>> FindByRequestKey(
      const std::string& request_key) const override {
    if (request_key.empty()) {
      return absl::InvalidArgumentError("request_key is empty; nothing is indexed under it");
    }
    return GetId(requests_, request_key,
                 absl::StrCat("request index entry ", absl::CHexEscape(request_key)));
  }

  absl::StatusOr<std::optional<std::string>> FindSuccessor(const std::string& id) const override {
    if (id.size() != kRecordIdBytes) {
      return absl::InvalidArgumentError(absl::StrCat("record id must be ", kRecordIdBytes,
                                                     " raw bytes, got ", id.size(),
                                                     "; parse hex ids first"));
    }
    return GetId(successors_, id, absl::StrCat("successor index entry of record ", Hex(id)));
  }

  uint64_t LastLocalSeq() const override { return last_local_seq_.load(std::memory_order_acquire); }

  absl::StatusOr<uint64_t> LastOriginSeq(const std::string& origin_agency) const override {
    RILON_RETURN_IF_ERROR(ValidateOriginAgency(origin_agency));
    const std::string prefix = OriginPrefix(origin_agency);
    std::unique_ptr<rocksdb::Iterator> it(db_.db()->NewIterator(rocksdb::ReadOptions(), origin_));
    // The greatest possible key of this origin; the 0x00 separator keeps other origins (even
    // "au.abf" for "au.ab") outside [prefix, bound].
    it->SeekForPrev(OriginKey(origin_agency, std::numeric_limits<uint64_t>::max()));
    RILON_RETURN_IF_ERROR(FromRocks(it->status(), "seeking the origin index"));
    if (!it->Valid() || !it->key().starts_with(prefix)) return uint64_t{0};
    absl::StatusOr<std::pair<std::string, uint64_t>> key = DecodeOriginKey(ToView(it->key()));
    if (!key.ok()) return key.status();
    return key->second;
  }

  absl::Status VerifyIntegrity() const override {
    return FromRocks(db_.db()->VerifyChecksum(),
                     absl::StrCat("verifying block checksums of the store in ", data_dir_));
  }

 private:
  explicit RocksDbRecordStore(const StoreOptions& options)
      : data_dir_(options.data_dir), block_cache_(rocksdb::NewLRUCache(kBlockCacheBytes)) {
    if (options.fault_switch != nullptr) {
      fault_fs_ =
          std::make_shared<FaultFileSystem>(rocksdb::FileSystem::Default(), options.fault_switch);
      fault_env_ = rocksdb::NewCompositeEnv(fault_fs_);
    }
  }

  static std::string_view ToView(const rocksdb::Slice& slice) {
    return std::string_view(slice.data(), slice.size());
  }

  // ---- Audit chain plumbing (all sealing happens under write_mu_) ----

  bool QueueHasRoom() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(queue_mu_) {
    return queued_.size() < kMaxQueuedAuditEntries;
  }
  bool QueueHasWork() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(queue_mu_) {
    return stopping_ || !queued_.empty();
  }

  std::vector<rilon::v1::AuditEntry> TakeQueued() {
    std::vector<rilon::v1::AuditEntry> taken;
    absl::MutexLock lock(&queue_mu_);
    taken.swap(queued_);
    return taken;
  }

  absl::Status PutAuditEntry(rilon::v1::AuditEntry entry, audit::AuditChain* chain,
                             rocksdb::WriteBatch* batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) {
    const audit::SealedAuditEntry sealed =
        chain->Seal(std::move(entry), absl::ToUnixMicros(absl::Now()));
    return PutInBatch(batch, audit_, EncodeBigEndian64(sealed.seq),
                      audit::EncodeStoredEntry(sealed));
  }

  absl::Status PutAuditEntries(std::vector<rilon::v1::AuditEntry> entries, audit::AuditChain* chain,
                               rocksdb::WriteBatch* batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) {
    for (rilon::v1::AuditEntry& entry : entries) {
      RILON_RETURN_IF_ERROR(PutAuditEntry(std::move(entry), chain, batch));
    }
    return absl::OkStatus();
  }

  // After a successful write of the entries sealed into `chain`.
  void AdvanceChain(const audit::AuditChain& chain) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) {
    chain_ = chain;
    absl::MutexLock lock(&head_mu_);
    durable_head_ = chain.head();
  }

  // The queued standalone entries in one synced batch (Flush and the background writer).
  absl::Status WriteQueued() ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) {
    // Taken even from a failed store, so that writers blocked on a full queue go on.
    std::vector<rilon::v1::AuditEntry> queued = TakeQueued();
    RILON_RETURN_IF_ERROR(RefuseIfFailed());
    if (queued.empty()) return absl::OkStatus();
    audit::AuditChain chain = chain_;
    rocksdb::WriteBatch batch;
    const size_t count = queued.size();
    RILON_RETURN_IF_ERROR(PutAuditEntries(std::move(queued), &chain, &batch));
    RILON_RETURN_IF_ERROR(WriteSynced(&batch, count, "audit entries"));
    AdvanceChain(chain);
    return absl::OkStatus();
  }

  // Group commit of standalone audit entries: whatever was queued while the previous write was
  // syncing goes out in the next one. Exits once stopping and the queue is empty, so entries
  // queued before the store is destroyed are written.
  void AuditWriterLoop() {
    for (;;) {
      {
        absl::MutexLock lock(&queue_mu_);
        queue_mu_.Await(absl::Condition(this, &RocksDbRecordStore::QueueHasWork));
        if (queued_.empty()) return;  // stopping
      }
      // An error has failed the store; TakeQueued() already emptied the queue, so writers
      // blocked on a full queue go on (their entries are lost with the failed store).
      Flush().IgnoreError();
    }
  }

  absl::Status RefuseIfFailed() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) {
    if (!write_failed_) return absl::OkStatus();
    return absl::UnavailableError(
        absl::StrCat("store is read-only after a write error; restart rilond after fixing the "
                     "disk (data dir ",
                     data_dir_, ", first error: ", write_failure_, ")"));
  }

  // One synced write of `count` `what`s (named in the error); on failure the store refuses every
  // later write.
  absl::Status WriteSynced(rocksdb::WriteBatch* batch, size_t count, std::string_view what)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) {
    rocksdb::WriteOptions write_options;
    write_options.sync = true;  // fdatasync before acknowledging: the contract is durability
    rocksdb::Status s = db_.db()->Write(write_options, batch);
    if (s.ok()) return absl::OkStatus();
    // RocksDB cannot tell us whether part of the batch reached the WAL, so no later write may be
    // acknowledged on top of it: refuse all writes until a reopen recovers a known state.
    write_failed_ = true;
    write_failure_ = s.ToString();
    return absl::UnavailableError(absl::StrCat(
        "writing ", count, " ", AsAbsl(what), " to the store in ", data_dir_, " failed: ",
        s.ToString(), "; the store is now read-only: restart rilond after fixing the disk"));
  }

  static absl::StatusOr<SignedHeadAt> ParseSignedHead(const rocksdb::Iterator& it) {
    absl::StatusOr<uint64_t> seq =
        DecodeBigEndian64(ToView(it.key()), "seq key in the audit_heads column family");
    if (!seq.ok()) return seq.status();
    SignedHeadAt head;
    head.seq = *seq;
    if (!head.head.ParseFromArray(it.value().data(), static_cast<int>(it.value().size()))) {
      return absl::DataLossError(absl::StrCat("signed audit head at seq ", *seq,
                                              " does not parse; the data directory is damaged"));
    }
    return head;
  }

  // One seek to the end of the audit log: the chain resumes where it stopped.
  absl::Status LoadAuditHead() ABSL_NO_THREAD_SAFETY_ANALYSIS /* before any other thread */ {
    std::unique_ptr<rocksdb::Iterator> it(db_.db()->NewIterator(rocksdb::ReadOptions(), audit_));
    it->SeekToLast();
    RILON_RETURN_IF_ERROR(FromRocks(it->status(), "seeking the end of the audit log"));
    audit::ChainHead head;
    if (it->Valid()) {
      absl::StatusOr<uint64_t> seq =
          DecodeBigEndian64(ToView(it->key()), "last key of the audit column family");
      if (!seq.ok()) return seq.status();
      absl::StatusOr<audit::SealedAuditEntry> last =
          audit::DecodeStoredEntry(*seq, ToView(it->value()));
      if (!last.ok()) return last.status();
      head = audit::ChainHead{*seq, last->hash};
    }
    chain_ = audit::AuditChain(head);
    durable_head_ = head;
    return absl::OkStatus();
  }

  absl::Status OpenAndCheck(bool create_if_missing) {
    absl::StatusOr<std::vector<std::string>> existing = ExistingColumnFamilies(data_dir_);
    if (!existing.ok()) return existing.status();
    const bool fresh = existing->empty();
    if (fresh && !create_if_missing) {
      return absl::NotFoundError(
          absl::StrCat("no record store in ", data_dir_, " and create_if_missing is off"));
    }
    for (const std::string& name : *existing) {
      if (!IsKnownColumnFamily(name)) {
        return absl::FailedPreconditionError(absl::StrCat(
            "data dir ", data_dir_, " has column family \"", name,
            "\", unknown to this rilond (schema version ", kSchemaVersion,
            "); it was written by a newer rilond: run that version, or restore a backup"));
      }
    }
    std::vector<std::string> names = *existing;
    if (fresh) {
      names.assign(schema::kKnownColumnFamilies.begin(), schema::kKnownColumnFamilies.end());
    }

    rocksdb::DBOptions db_options =
        MakeDbOptions(fault_env_ != nullptr ? fault_env_.get() : rocksdb::Env::Default());
    db_options.create_if_missing = fresh;
    db_options.create_missing_column_families = fresh;
    RILON_RETURN_IF_ERROR(db_.Open(data_dir_, db_options, names, block_cache_));

    absl::StatusOr<std::optional<uint32_t>> version = StoredSchemaVersion();
    if (!version.ok()) return version.status();
    if (version->has_value()) {
      RILON_RETURN_IF_ERROR(CheckSchemaVersion(**version));
      RILON_RETURN_IF_ERROR(RequireAllColumnFamilies(**version));
      if (**version == 1) RILON_RETURN_IF_ERROR(UpgradeFromVersion1());
      if (**version <= 2) RILON_RETURN_IF_ERROR(UpgradeFromVersion2());
    } else {
      RILON_RETURN_IF_ERROR(InitializeSchema());
    }
    records_ = db_.Handle(schema::kRecordsCf);
    log_ = db_.Handle(schema::kLogCf);
    origin_ = db_.Handle(schema::kOriginCf);
    requests_ = db_.Handle(schema::kRequestsCf);
    peer_cursors_ = db_.Handle(schema::kPeerCursorsCf);
    successors_ = db_.Handle(schema::kSuccessorsCf);
    audit_ = db_.Handle(schema::kAuditCf);
    audit_heads_ = db_.Handle(schema::kAuditHeadsCf);
    RILON_RETURN_IF_ERROR(LoadLastLocalSeq());
    return LoadAuditHead();
  }

  // Version 2 -> 3: adds the audit log, empty. Entries are never back-filled for records stored
  // before: an ACCEPT entry asserts that it was written with its record, and these were not. The
  // chain starts with the first action after the upgrade. A crash before the version is written
  // leaves a version-2 store with (empty) audit column families, which the next open upgrades
  // again.
  absl::Status UpgradeFromVersion2() {
    for (std::string_view name : {schema::kAuditCf, schema::kAuditHeadsCf}) {
      if (db_.Handle(name) == nullptr) RILON_RETURN_IF_ERROR(db_.Create(name, block_cache_));
    }
    rocksdb::WriteOptions write_options;
    write_options.sync = true;
    const std::string_view key = schema::kMetaSchemaVersionKey;
    return FromRocks(db_.db()->Put(write_options, db_.Handle(schema::kMetaCf),
                                   rocksdb::Slice(key.data(), key.size()), EncodeBigEndian32(3)),
                     absl::StrCat("upgrading the store in ", data_dir_, " to schema version 3"));
  }

  // Version 1 -> 2: adds the successor index. A version-1 rilond stored corrections and
  // retractions it received from newer peers without indexing them, so every stored record is
  // read once (sequentially, in id order) and each superseded record is indexed to its first
  // successor in local-log order, as Append would have done. The entries and the new version go
  // in one synced batch: a crash leaves a version-1 store with an empty `successors` column
  // family, which the next open upgrades again.
  absl::Status UpgradeFromVersion1() {
    if (db_.Handle(schema::kSuccessorsCf) == nullptr) {
      RILON_RETURN_IF_ERROR(db_.Create(schema::kSuccessorsCf, block_cache_));
    }
    struct Successor {
      uint64_t local_seq;
      std::string id;
    };
    absl::flat_hash_map<std::string, Successor> successors;
    std::unique_ptr<rocksdb::Iterator> it(
        db_.db()->NewIterator(rocksdb::ReadOptions(), db_.Handle(schema::kRecordsCf)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string id(ToView(it->key()));
      absl::StatusOr<StoredRecord> stored = ParseStored(std::string(ToView(it->value())), id);
      if (!stored.ok()) return stored.status();
      rilon::v1::RecordBody body;
      if (!body.ParseFromString(stored->signed_().body())) {
        return absl::DataLossError(absl::StrCat("stored record ", Hex(id),
                                                " has a body that does not parse; the data "
                                                "directory is damaged: restore it from a backup"));
      }
      // Intake refuses any other size (node/records/envelope.h), so this is an original.
      if (body.supersedes().size() != kRecordIdBytes) continue;
      auto [entry, inserted] =
          successors.try_emplace(body.supersedes(), Successor{stored->local_seq(), id});
      if (!inserted && stored->local_seq() < entry->second.local_seq) {
        entry->second = Successor{stored->local_seq(), id};
      }
    }
    RILON_RETURN_IF_ERROR(FromRocks(it->status(), "reading the records to upgrade the schema"));

    rocksdb::WriteBatch batch;
    for (const auto& [superseded, successor] : successors) {
      RILON_RETURN_IF_ERROR(
          PutInBatch(&batch, db_.Handle(schema::kSuccessorsCf), superseded, successor.id));
    }
    RILON_RETURN_IF_ERROR(PutInBatch(&batch, db_.Handle(schema::kMetaCf),
                                     schema::kMetaSchemaVersionKey, EncodeBigEndian32(2)));
    rocksdb::WriteOptions write_options;
    write_options.sync = true;
    return FromRocks(db_.db()->Write(write_options, &batch),
                     absl::StrCat("upgrading the store in ", data_dir_, " to schema version 2"));
  }

  absl::StatusOr<std::optional<uint32_t>> StoredSchemaVersion() {
    rocksdb::ColumnFamilyHandle* meta = db_.Handle(schema::kMetaCf);
    if (meta == nullptr) return std::optional<uint32_t>();
    absl::StatusOr<std::optional<std::string>> value =
        GetValue(rocksdb::ReadOptions(), meta, std::string(schema::kMetaSchemaVersionKey),
                 "reading the schema version");
    if (!value.ok()) return value.status();
    if (!value->has_value()) return std::optional<uint32_t>();
    absl::StatusOr<uint32_t> version = DecodeBigEndian32(
        **value,
        absl::StrCat("meta \"", AsAbsl(schema::kMetaSchemaVersionKey), "\" in ", data_dir_));
    if (!version.ok()) return version.status();
    return std::optional<uint32_t>(*version);
  }

  absl::Status CheckSchemaVersion(uint32_t version) const {
    if (version > kSchemaVersion) {
      return absl::FailedPreconditionError(
          absl::StrCat("data dir ", data_dir_, " has schema version ", version,
                       ", newer than the version this rilond supports (", kSchemaVersion,
                       "): run the newer rilond that wrote it, or restore a backup"));
    }
    if (version < 1) {
      // Version 1 is the first layout; every later version upgrades from it (OpenAndCheck).
      return absl::FailedPreconditionError(
          absl::StrCat("data dir ", data_dir_, " has schema version ", version,
                       ", and this rilond (schema version ", kSchemaVersion,
                       ") has no upgrade from it; restore a backup"));
    }
    return absl::OkStatus();
  }

  // A versioned store was created with every column family of its version before the version
  // was written, so a missing one means the directory was damaged or tampered with.
  absl::Status RequireAllColumnFamilies(uint32_t version) const {
    for (std::string_view name : schema::kKnownColumnFamilies) {
      if (VersionIntroducing(name) <= version && db_.Handle(name) == nullptr) {
        return absl::DataLossError(absl::StrCat(
            "data dir ", data_dir_, " (schema version ", version, ") lacks column family \"",
            AsAbsl(name), "\"; the data directory is damaged: restore it from a backup"));
      }
    }
    return absl::OkStatus();
  }

  // First open of a new store, or one whose creation was interrupted before the version was
  // written: create any missing column family, then record the version. Refuses a directory
  // that already holds records without a version: it is not ours, or it is damaged.
  absl::Status InitializeSchema() {
    for (std::string_view name : {schema::kRecordsCf, schema::kLogCf}) {
      rocksdb::ColumnFamilyHandle* handle = db_.Handle(name);
      if (handle == nullptr) continue;
      std::unique_ptr<rocksdb::Iterator> it(db_.db()->NewIterator(rocksdb::ReadOptions(), handle));
      it->SeekToFirst();
      RILON_RETURN_IF_ERROR(FromRocks(it->status(), "checking that a new store is empty"));
      if (it->Valid()) {
        return absl::FailedPreconditionError(absl::StrCat(
            "data dir ", data_dir_,
            " holds records but no schema version; it is not a rilond "
            "record store, or it is damaged: point data_dir elsewhere or restore a backup"));
      }
    }
    for (std::string_view name : schema::kKnownColumnFamilies) {
      if (db_.Handle(name) == nullptr) RILON_RETURN_IF_ERROR(db_.Create(name, block_cache_));
    }
    rocksdb::WriteOptions write_options;
    write_options.sync = true;
    const std::string_view key = schema::kMetaSchemaVersionKey;
    return FromRocks(
        db_.db()->Put(write_options, db_.Handle(schema::kMetaCf),
                      rocksdb::Slice(key.data(), key.size()), EncodeBigEndian32(kSchemaVersion)),
        absl::StrCat("writing the schema version to ", data_dir_));
  }

  // One seek to the end of the log: start-up cost does not grow with the store.
  absl::Status LoadLastLocalSeq() {
    std::unique_ptr<rocksdb::Iterator> it(db_.db()->NewIterator(rocksdb::ReadOptions(), log_));
    it->SeekToLast();
    RILON_RETURN_IF_ERROR(FromRocks(it->status(), "seeking the end of the local log"));
    uint64_t last = 0;
    if (it->Valid()) {
      absl::StatusOr<uint64_t> seq =
          DecodeBigEndian64(ToView(it->key()), "last key of the log column family");
      if (!seq.ok()) return seq.status();
      last = *seq;
    }
    last_local_seq_.store(last, std::memory_order_release);
    return absl::OkStatus();
  }

  // The last-line guards against what is already stored. REQUIRES: write_mu_ held, so nothing
  // is written between these reads and the batch.
  absl::Status CheckNotStored(const std::vector<NewRecord>& records) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) {
    rocksdb::ReadOptions read_options;
    std::vector<std::string> ids, origin_keys, request_keys;
    std::vector<const NewRecord*> with_request_key;
    for (const NewRecord& record : records) {
      ids.push_back(record.id);
      origin_keys.push_back(OriginKey(record.origin_agency, record.origin_seq));
      if (!record.request_key.empty()) {
        request_keys.push_back(record.request_key);
        with_request_key.push_back(&record);
      }
    }
    absl::StatusOr<std::vector<std::optional<std::string>>> found =
        MultiGetValues(read_options, records_, ids, "checking for stored record ids");
    if (!found.ok()) return found.status();
    for (size_t i = 0; i < records.size(); ++i) {
      if ((*found)[i].has_value()) {
        return absl::AlreadyExistsError(
            absl::StrCat("record ", Hex(records[i].id), " is already stored"));
      }
    }
    found = MultiGetValues(read_options, origin_, origin_keys, "checking the origin index");
    if (!found.ok()) return found.status();
    for (size_t i = 0; i < records.size(); ++i) {
      const std::optional<std::string>& holder = (*found)[i];
      if (holder.has_value() && *holder != records[i].id) {
        return absl::AbortedError(absl::StrCat("equivocation: origin ", records[i].origin_agency,
                                               " seq ", records[i].origin_seq,
                                               " is already taken by record ", Hex(*holder),
                                               "; refusing record ", Hex(records[i].id)));
      }
    }
    found = MultiGetValues(read_options, requests_, request_keys, "checking the request index");
    if (!found.ok()) return found.status();
    for (size_t i = 0; i < request_keys.size(); ++i) {
      if ((*found)[i].has_value()) {
        return absl::AlreadyExistsError(absl::StrCat(
            "request key ", absl::CHexEscape(request_keys[i]), " is already indexed to record ",
            Hex(*(*found)[i]), "; refusing record ", Hex(with_request_key[i]->id)));
      }
    }
    return CheckNoSuccessorYet(records, read_options);
  }

  // A record may be superseded once: a second successor would fork the report's history.
  // REQUIRES: write_mu_ held.
  absl::Status CheckNoSuccessorYet(const std::vector<NewRecord>& records,
                                   const rocksdb::ReadOptions& read_options) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) {
    std::vector<std::string> superseded;
    std::vector<const NewRecord*> successors;
    for (const NewRecord& record : records) {
      if (record.supersedes.empty()) continue;
      superseded.push_back(record.supersedes);
      successors.push_back(&record);
    }
    absl::StatusOr<std::vector<std::optional<std::string>>> found =
        MultiGetValues(read_options, successors_, superseded, "checking the successor index");
    if (!found.ok()) return found.status();
    for (size_t i = 0; i < superseded.size(); ++i) {
      if ((*found)[i].has_value()) {
        return absl::AbortedError(absl::StrCat(
            "record ", Hex(superseded[i]), " is already superseded by record ", Hex(*(*found)[i]),
            "; refusing record ", Hex(successors[i]->id), ", which would fork its history"));
      }
    }
    return absl::OkStatus();
  }

  static absl::Status PutInBatch(rocksdb::WriteBatch* batch, rocksdb::ColumnFamilyHandle* cf,
                                 std::string_view key, std::string_view value) {
    return FromRocks(batch->Put(cf, rocksdb::Slice(key.data(), key.size()),
                                rocksdb::Slice(value.data(), value.size())),
                     absl::StrCat("adding to the write batch for column family ", cf->GetName()));
  }

  absl::StatusOr<std::optional<std::string>> GetValue(const rocksdb::ReadOptions& read_options,
                                                      rocksdb::ColumnFamilyHandle* cf,
                                                      const std::string& key,
                                                      std::string_view context) const {
    std::string value;
    rocksdb::Status s = db_.db()->Get(read_options, cf, key, &value);
    if (s.IsNotFound()) return std::optional<std::string>();
    RILON_RETURN_IF_ERROR(FromRocks(s, context));
    return std::optional<std::string>(std::move(value));
  }

  // One MultiGet; result[i] is the value of keys[i], or nullopt when absent.
  absl::StatusOr<std::vector<std::optional<std::string>>> MultiGetValues(
      const rocksdb::ReadOptions& read_options, rocksdb::ColumnFamilyHandle* cf,
      const std::vector<std::string>& keys, std::string_view context) const {
    std::vector<std::optional<std::string>> result(keys.size());
    if (keys.empty()) return result;
    std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
    std::vector<rocksdb::PinnableSlice> values(keys.size());
    std::vector<rocksdb::Status> statuses(keys.size());
    db_.db()->MultiGet(read_options, cf, keys.size(), slices.data(), values.data(),
                       statuses.data());
    for (size_t i = 0; i < keys.size(); ++i) {
      if (statuses[i].IsNotFound()) continue;
      RILON_RETURN_IF_ERROR(FromRocks(statuses[i], context));
      result[i] = values[i].ToString();
    }
    return result;
  }

  // An index lookup whose value must be a record id.
  absl::StatusOr<std::optional<std::string>> GetId(rocksdb::ColumnFamilyHandle* cf,
                                                   const std::string& key,
                                                   const std::string& what) const {
    absl::StatusOr<std::optional<std::string>> id =
        GetValue(rocksdb::ReadOptions(), cf, key, absl::StrCat("reading ", what));
    if (!id.ok()) return id.status();
    if (id->has_value() && (*id)->size() != kRecordIdBytes) {
      return absl::DataLossError(absl::StrCat(what, " holds a ", (*id)->size(),
                                              "-byte record id (expected 32); the data "
                                              "directory is damaged"));
    }
    return id;
  }

  static absl::StatusOr<StoredRecord> ParseStored(const std::string& value, std::string_view id) {
    StoredRecord record;
    if (!record.ParseFromString(value)) {
      return absl::DataLossError(absl::StrCat("stored record ", Hex(id),
                                              " does not parse; the data directory is damaged"));
    }
    return record;
  }

  const std::string data_dir_;
  // Declared before db_ so that they outlive it: RocksDB uses them until the DB is closed.
  std::shared_ptr<rocksdb::FileSystem> fault_fs_;
  std::unique_ptr<rocksdb::Env> fault_env_;
  std::shared_ptr<rocksdb::Cache> block_cache_;
  OpenDb db_;
  // Column families of db_, set once in OpenAndCheck; owned by db_.
  rocksdb::ColumnFamilyHandle* records_ = nullptr;
  rocksdb::ColumnFamilyHandle* log_ = nullptr;
  rocksdb::ColumnFamilyHandle* origin_ = nullptr;
  rocksdb::ColumnFamilyHandle* requests_ = nullptr;
  rocksdb::ColumnFamilyHandle* peer_cursors_ = nullptr;
  rocksdb::ColumnFamilyHandle* successors_ = nullptr;
  rocksdb::ColumnFamilyHandle* audit_ = nullptr;
  rocksdb::ColumnFamilyHandle* audit_heads_ = nullptr;

  // Serializes Append (validate, assign local_seq, write). Taken by nothing else; reads never
  // wait for it.
  absl::Mutex write_mu_;
  bool write_failed_ ABSL_GUARDED_BY(write_mu_) = false;
  std::string write_failure_ ABSL_GUARDED_BY(write_mu_);
  // Written only under write_mu_, after a successful write; read lock-free by LastLocalSeq.
  std::atomic<uint64_t> last_local_seq_{0};
  // The audit chain as written so far: entries are sealed into a copy, which replaces it only
  // after the write succeeded.
  audit::AuditChain chain_ ABSL_GUARDED_BY(write_mu_){audit::ChainHead{}};
  // chain_'s head, readable without waiting for a write in progress.
  mutable absl::Mutex head_mu_ ABSL_ACQUIRED_AFTER(write_mu_);
  audit::ChainHead durable_head_ ABSL_GUARDED_BY(head_mu_);
  // Standalone entries (REFUSE, SEND, WITHHOLD, READ) waiting for the next write. Taken after
  // write_mu_ when both are held; Record() takes only this one.
  absl::Mutex queue_mu_ ABSL_ACQUIRED_AFTER(write_mu_);
  std::vector<rilon::v1::AuditEntry> queued_ ABSL_GUARDED_BY(queue_mu_);
  bool stopping_ ABSL_GUARDED_BY(queue_mu_) = false;
  std::thread audit_writer_;
};

// Opens an existing store directory with all its column families, for the test-only raw access.
absl::Status OpenExistingRaw(const std::string& dir, OpenDb* db) {
  absl::StatusOr<std::vector<std::string>> names = ExistingColumnFamilies(dir);
  if (!names.ok()) return names.status();
  if (names->empty()) return absl::NotFoundError(absl::StrCat("no record store in ", dir));
  return db->Open(dir, MakeDbOptions(rocksdb::Env::Default()), *names,
                  rocksdb::NewLRUCache(kBlockCacheBytes));
}

}  // namespace

absl::StatusOr<std::unique_ptr<RecordStore>> RecordStore::Open(const StoreOptions& options) {
  return RocksDbRecordStore::Open(options);
}

namespace internal {

absl::Status PutMetaValue(const std::string& data_dir, std::string_view key,
                          std::string_view value) {
  OpenDb db;
  RILON_RETURN_IF_ERROR(OpenExistingRaw(data_dir, &db));
  rocksdb::ColumnFamilyHandle* meta = db.Handle(schema::kMetaCf);
  if (meta == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(data_dir, " has no meta column family"));
  }
  rocksdb::WriteOptions write_options;
  write_options.sync = true;
  return FromRocks(db.db()->Put(write_options, meta, rocksdb::Slice(key.data(), key.size()),
                                rocksdb::Slice(value.data(), value.size())),
                   "writing a meta value");
}

absl::Status AddColumnFamily(const std::string& data_dir, std::string_view name) {
  OpenDb db;
  RILON_RETURN_IF_ERROR(OpenExistingRaw(data_dir, &db));
  return db.Create(name, rocksdb::NewLRUCache(kBlockCacheBytes));
}

absl::Status DropColumnFamily(const std::string& data_dir, std::string_view name) {
  OpenDb db;
  RILON_RETURN_IF_ERROR(OpenExistingRaw(data_dir, &db));
  return db.Drop(name);
}

}  // namespace internal
}  // namespace rilon::store
