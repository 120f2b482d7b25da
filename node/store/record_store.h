// The node's durable record store: every record this node originated or received, its local log
// (the order in which this node stored records, which the feed follows), and the indexes that
// make intake idempotent. Implemented on RocksDB in rocksdb_record_store.cc, the only translation
// unit that includes RocksDB headers.
//
// Contract:
//   - Append() writes all given records, their log entries and index entries in ONE atomic write
//     batch, synced to disk (fdatasync) before it returns OK. Either all are stored or none.
//   - Append() assigns local_seq = LastLocalSeq()+1, +2, ... in the order given; local sequence
//     numbers have no gaps and never repeat, across crashes.
//   - Append() is thread-safe; concurrent callers are serialized (callers that want group commit
//     batch before calling; see node/intake/committer.h).
//   - A record whose id is already stored is refused with ALREADY_EXISTS and nothing is written;
//     a record with an (origin, origin_seq) already taken by a different id is refused with
//     ABORTED (equivocation). Callers check first; these are last-line guards. A request_key
//     already indexed (or repeated in the batch) is refused with ALREADY_EXISTS; a malformed
//     record (id not 32 bytes, empty origin_agency or one containing 0x00, origin_seq 0,
//     supersedes neither empty nor 32 bytes, or naming the record itself) with
//     INVALID_ARGUMENT. A record that supersedes one that already has a successor (stored, or
//     earlier in the batch) is refused with ABORTED: a report's versions form one chain.
//     Nothing is written in any of these cases.
//   - A record with `supersedes` set gets its successor-index entry (supersedes -> its id) in the
//     same atomic batch, whether or not the superseded record itself is stored here.
//   - Every stored record gets an ACCEPT entry in the audit log (audit_store.h), sealed into the
//     chain in the SAME atomic batch as the record and its indexes, together with any audit
//     entries queued by AuditStore::Record() before the write. No extra write or fsync.
//   - Disk errors (ENOSPC, I/O) return UNAVAILABLE; the store then refuses further writes until
//     reopened, and never acknowledges a write that did not reach disk.
//   - Reads are consistent snapshots and thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "node/store/audit_store.h"
#include "rilon/storage/v1/stored_record.pb.h"
#include "rilon/v1/record.pb.h"

namespace rilon::store {

struct FaultSwitch;  // fault_switch.h; test-only

// Layout version of the data directory (docs/storage_format.md). A store refuses to open a
// directory with a newer version, and upgrades older ones explicitly (1 -> 2 adds the successor
// index of corrections and retractions; 2 -> 3 adds the audit log).
inline constexpr uint32_t kSchemaVersion = 3;

struct StoreOptions {
  std::string data_dir;  // created (mode 0700) if missing
  bool create_if_missing = true;
  // TEST-ONLY: when set, every file write of this store fails with ENOSPC while
  // fault_switch->fail_writes is true (fault_switch.h). Production code leaves it null.
  std::shared_ptr<FaultSwitch> fault_switch = nullptr;
};

// One record to append, with the fields the indexes need (already decoded by the caller).
struct NewRecord {
  rilon::v1::SignedRecord signed_record;
  std::string id;  // 32-byte record id (envelope.h)
  std::string origin_agency;
  uint64_t origin_seq = 0;
  rilon::v1::RecordKind kind = rilon::v1::RECORD_KIND_UNSPECIFIED;
  int64_t stored_unix_micros = 0;
  std::string received_from;  // empty when originated here
  // Optional idempotency key (origin agency + client request id); indexed to the record id.
  std::string request_key;
  // For a correction or retraction: the 32-byte id of the record it supersedes (from the signed
  // body); empty for an original record. Indexed as supersedes -> id.
  std::string supersedes;
  // For the ACCEPT audit entry of a record originated here: the SPIFFE id of the officer who
  // submitted it (empty when unknown, e.g. in tests). Received records name received_from.
  std::string submitted_by;
};

// Where this node stands in a peer's local log (federation, docs/federation.md): everything the
// peer offered up to `position` has been applied or refused.
struct PeerCursor {
  std::string peer_agency;
  uint64_t position = 0;
};

// A record as an append hands it back: shared, not copied, because the feed keeps it for its
// subscribers while the appender reads it, and an envelope version 2 record (dozens of small
// messages) costs about as much to copy as to store.
using SharedStoredRecord = std::shared_ptr<const rilon::storage::v1::StoredRecord>;

class RecordStore {
 public:
  virtual ~RecordStore() = default;

  // Opens (or creates) the store in options.data_dir. Refuses a directory with an unknown or
  // newer schema version (FAILED_PRECONDITION naming the versions), and a corrupt one.
  static absl::StatusOr<std::unique_ptr<RecordStore>> Open(const StoreOptions& options);

  // See the contract above. On success returns the stored records, with local_seq set, in order.
  virtual absl::StatusOr<std::vector<SharedStoredRecord>> Append(
      std::vector<NewRecord> records) = 0;

  // Append() of records received from a peer, with that peer's cursor written in the SAME
  // atomic, synced batch, so that a crash can never separate "applied" from "where to resume".
  // `records` may be empty (the cursor alone advances). Same refusals as Append(), plus
  // INVALID_ARGUMENT for an empty or malformed peer agency; nothing is written on any refusal.
  virtual absl::StatusOr<std::vector<SharedStoredRecord>> AppendFromPeer(
      std::vector<NewRecord> records, const PeerCursor& cursor) = 0;

  // The stored cursor of a peer (0 when none was ever written).
  virtual absl::StatusOr<uint64_t> GetPeerCursor(const std::string& peer_agency) const = 0;

  // NOT_FOUND when the id (32 raw bytes) is not stored; INVALID_ARGUMENT when it is not 32 bytes.
  virtual absl::StatusOr<rilon::storage::v1::StoredRecord> Get(const std::string& id) const = 0;

  // Records with local_seq > after_local_seq, in local-log order: at most max_records, and stops
  // early once max_bytes of encoded records have been read (always returns at least one record if
  // there is one). The encoded sizes of the returned records sum to at most max_bytes, except
  // that a first record larger than max_bytes is returned alone. INVALID_ARGUMENT when
  // max_records is 0.
  virtual absl::StatusOr<std::vector<rilon::storage::v1::StoredRecord>> ReadLog(
      uint64_t after_local_seq, size_t max_records, size_t max_bytes) const = 0;

  // The record id stored at (origin, origin_seq), if any.
  virtual absl::StatusOr<std::optional<std::string>> FindByOrigin(const std::string& origin_agency,
                                                                  uint64_t origin_seq) const = 0;

  // The record id indexed under an idempotency key, if any.
  virtual absl::StatusOr<std::optional<std::string>> FindByRequestKey(
      const std::string& request_key) const = 0;

  // The id of the record that supersedes `id` (32 raw bytes), if one is stored. One point
  // lookup; INVALID_ARGUMENT when `id` is not 32 bytes.
  virtual absl::StatusOr<std::optional<std::string>> FindSuccessor(const std::string& id) const = 0;

  // Highest local_seq stored (0 when empty). O(1): no scan at start-up.
  virtual uint64_t LastLocalSeq() const = 0;

  // Highest origin_seq stored for an origin (0 when none).
  virtual absl::StatusOr<uint64_t> LastOriginSeq(const std::string& origin_agency) const = 0;

  // Checks every block checksum (slow; run by "rilond --verify" and by tests).
  virtual absl::Status VerifyIntegrity() const = 0;

  // The audit log kept in this store (audit_store.h); lives as long as the store. Const because
  // code that may only read records (the sender, readers) must still record what it did.
  virtual AuditStore& audit() const = 0;
};

}  // namespace rilon::store
