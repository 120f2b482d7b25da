// The store's side of the audit log (docs/audit.md): one hash-chained, gapless sequence of
// entries kept in the store's own RocksDB, so that an entry and the action it records can share
// one atomic write. Every RecordStore has one (RecordStore::audit()).
//
// Contract:
//   - One chain, one order: seq and prev_hash are assigned only by the store, under its write
//     lock, in the write that makes the entry durable (audit/audit_chain.h). Entries appended by
//     the committer, the federation, the sender and the readers interleave in one chain.
//   - ACCEPT entries are not recorded here: Append()/AppendFromPeer() write one per stored record
//     in the record's own batch (record_store.h). Record() is for the actions that have no write
//     of their own: REFUSE, SEND, WITHHOLD, READ.
//   - Record() queues the entry and returns without waiting for the disk. A queued entry is
//     written, synced, by the next write of the store: the next Append/AppendFromPeer batch
//     carries every queued entry, and a background writer groups the rest (group commit: entries
//     queued while a write is in progress share the next fsync). So an entry queued before a
//     write is durable when that write returns. When kMaxQueuedAuditEntries are waiting, Record()
//     blocks until the writer catches up (bounded memory; audit entries are never dropped while
//     the store works). After a disk error the store writes nothing: queued and later entries
//     are lost with the failed store (logged), as are the writes they would have recorded.
//   - Flush() writes every entry queued before the call and returns when it is synced.
//   - Head() is the last durable entry; PutSignedHead() stores a signed head (audit/head_signer.h).
//   - Read() returns stored entries as they were hashed (never re-serialized) and the signed
//     heads whose seq falls in the returned range. Thread-safe, consistent snapshot.
//
// Example:
//   rilon::v1::AuditEntry read;  read.set_action(rilon::v1::AUDIT_ACTION_READ);  ...
//   store->audit().Record(std::move(read));           // durable within one group commit
//   absl::StatusOr<AuditPage> page = store->audit().Read(/*from_seq=*/1, /*max_entries=*/500);
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "node/audit/audit_chain.h"
#include "rilon/v1/audit.pb.h"

namespace rilon::store {

inline constexpr size_t kMaxQueuedAuditEntries = 65536;

struct SignedHeadAt {
  uint64_t seq = 0;
  rilon::v1::SignedAuditHead head;
};

struct AuditPage {
  std::vector<audit::SealedAuditEntry> entries;  // seq order, gapless
  std::vector<SignedHeadAt> heads;               // seq order; only heads of seqs in `entries`
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;

  // Queues a REFUSE, SEND, WITHHOLD or READ entry (see the contract). Thread-safe.
  virtual void Record(rilon::v1::AuditEntry entry) = 0;

  // Writes the entries queued so far; UNAVAILABLE after a disk error.
  virtual absl::Status Flush() = 0;

  // The last durable entry (seq 0 when the chain is empty).
  virtual audit::ChainHead Head() const = 0;

  // Stores a signed head (of entry `seq`), synced. INVALID_ARGUMENT when seq is 0 or beyond
  // Head(); UNAVAILABLE after a disk error.
  virtual absl::Status PutSignedHead(const SignedHeadAt& head) = 0;

  // The newest stored signed head, if any.
  virtual absl::StatusOr<std::optional<SignedHeadAt>> LastSignedHead() const = 0;

  // Entries with seq >= from_seq, at most max_entries (INVALID_ARGUMENT when from_seq or
  // max_entries is 0), and the signed heads of those seqs.
  virtual absl::StatusOr<AuditPage> Read(uint64_t from_seq, size_t max_entries) const = 0;
};

}  // namespace rilon::store
