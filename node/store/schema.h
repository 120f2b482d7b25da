// On-disk layout of the record store: the RocksDB column families, what each maps, and the keys
// of the meta column family. These names are part of the data directory format (schema version
// kSchemaVersion in record_store.h): renaming one, or changing what a key or value encodes, needs
// a new schema version and an explicit upgrade.
//
// Column families (key -> value):
//   default   required by RocksDB; unused and always empty.
//   meta      store-level facts, keyed by the kMeta*Key names below.
//               "schema_version" -> uint32, 4 bytes big-endian (EncodeBigEndian32).
//   records   record id (32 raw bytes, SHA-256, see node/records/envelope.h)
//               -> serialized rilon.storage.v1.StoredRecord. Point lookups: bloom filter.
//   log       local_seq (uint64, 8 bytes big-endian, so byte order is numeric order)
//               -> record id. The node's local log: the order the feed follows.
//   origin    origin_agency || 0x00 || origin_seq (8 bytes big-endian) -> record id.
//               Agency ids never contain 0x00, so the separator keeps "au.ab" and "au.abf"
//               apart and one agency's keys are contiguous and sorted by origin_seq.
//   requests  idempotency key (origin agency + client request id, opaque bytes) -> record id.
//   successors
//             record id (32 raw bytes) -> id of the record that supersedes it (a correction or
//               retraction whose signed body names it in `supersedes`). At most one successor
//               per record, so a report's versions form one chain. Added in schema version 2.
//   peer_cursors
//             peer agency id -> uint64 (8 bytes big-endian): the position in that peer's local
//               log up to which this node has applied (or refused) everything the peer offered
//               (docs/federation.md). Written in the same batch as the records it covers.
//
// There is no outbox: the local log is the durable replication queue of every peer (a record
// enters it in the same batch as the record itself), and each receiver remembers its own
// position in it.
//
//   audit     seq (uint64, 8 bytes big-endian) -> entry_hash (32 bytes) || serialized
//               rilon.v1.AuditEntry, exactly the bytes that were hashed (audit/audit_chain.h).
//               The hash-chained audit log (docs/audit.md); gapless from seq 1. Added in schema
//               version 3. ACCEPT entries are written in the batch of the record they record.
//   audit_heads
//             seq (uint64, 8 bytes big-endian) -> serialized rilon.v1.SignedAuditHead: the
//               node's signature over the chain head at that seq. Added in schema version 3.
//
// Every Append writes records, log, origin, (when a request key is given) requests and (for a
// correction or retraction) successors in ONE WriteBatch, so the indexes never disagree with the
// records; AppendFromPeer adds the peer's cursor to that same batch.
//
// Upgrades: a version-2 store is upgraded at open to version 3 by creating `audit` and
// `audit_heads` (empty: the chain starts with the first action after the upgrade; records stored
// before it are not back-filled, because no entry may claim to have been written with an action
// it was not written with) and writing the new version, synced. A version-1 store is first
// upgraded to version 2 by creating `successors` and then, in one synced batch, indexing every
// stored record that supersedes another (older rilonds could already receive such records from
// newer peers) together with the new schema version; then to version 3.
#pragma once

#include <array>
#include <string_view>

namespace rilon::store::schema {

inline constexpr std::string_view kDefaultCf = "default";
inline constexpr std::string_view kMetaCf = "meta";
inline constexpr std::string_view kRecordsCf = "records";
inline constexpr std::string_view kLogCf = "log";
inline constexpr std::string_view kOriginCf = "origin";
inline constexpr std::string_view kRequestsCf = "requests";
inline constexpr std::string_view kPeerCursorsCf = "peer_cursors";
inline constexpr std::string_view kSuccessorsCf = "successors";
inline constexpr std::string_view kAuditCf = "audit";
inline constexpr std::string_view kAuditHeadsCf = "audit_heads";

// Every column family this version knows; a data directory with any other one was written by a
// newer rilond.
inline constexpr std::array<std::string_view, 10> kKnownColumnFamilies = {
    kDefaultCf,  kMetaCf,        kRecordsCf,    kLogCf,   kOriginCf,
    kRequestsCf, kPeerCursorsCf, kSuccessorsCf, kAuditCf, kAuditHeadsCf};

// Keys in the meta column family.
inline constexpr std::string_view kMetaSchemaVersionKey = "schema_version";

}  // namespace rilon::store::schema
