// The audit log's hash chain (docs/audit.md): how an entry is sealed into the chain, how its
// hash is computed, and what a signed chain head covers. Pure functions and one small value
// class, shared by the store (which seals entries under its write lock), the head signer and the
// offline verifier of `rilon audit verify`.
//
// Contract:
//   - EntryHash(prev, bytes) = SHA-256("RILON-AUDIT-ENTRY-V1" 0x00 || prev || bytes); the hash
//     before entry 1 is 32 zero bytes (kGenesisHash).
//   - An entry is serialized once, by AuditChain::Seal; those bytes are hashed, stored and
//     exported. Verification hashes the stored bytes, never a re-serialization.
//   - A head signature covers "RILON-AUDIT-HEAD-V1" 0x00 || serialized AuditHead. The prefix
//     differs from the record prefix ("RILON-RECORD-V1" 0x00) and neither is a prefix of the
//     other, so the same key's record signatures and head signatures can never be swapped.
//   - AuditChain is not thread-safe: its owner serializes Seal (the store does, under its write
//     lock, so that there is one chain and one order).
//
// Example:
//   AuditChain chain(ChainHead{});               // empty chain
//   rilon::v1::AuditEntry e;  e.set_action(rilon::v1::AUDIT_ACTION_READ);
//   SealedAuditEntry sealed = chain.Seal(std::move(e), now_micros);
//   // sealed.seq == 1, sealed.hash == EntryHash(kGenesisHash, sealed.bytes)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "rilon/v1/audit.pb.h"

namespace rilon::audit {

inline constexpr size_t kHashBytes = 32;
// Domain-separation prefixes, each followed by one 0x00 byte.
inline constexpr std::string_view kEntryHashContext{"RILON-AUDIT-ENTRY-V1\0", 21};
inline constexpr std::string_view kHeadSignatureContext{"RILON-AUDIT-HEAD-V1\0", 20};
// The "previous hash" of entry 1.
inline const std::string kGenesisHash(kHashBytes, '\0');

// SHA-256("RILON-AUDIT-ENTRY-V1" 0x00 || prev_hash || entry_bytes), 32 raw bytes.
std::string EntryHash(std::string_view prev_hash, std::string_view entry_bytes);

// The last entry of a chain: seq 0 and kGenesisHash for an empty one.
struct ChainHead {
  uint64_t seq = 0;
  std::string hash = kGenesisHash;
};

// An entry as the store writes it.
struct SealedAuditEntry {
  uint64_t seq = 0;
  std::string bytes;  // serialized AuditEntry, with seq, time and prev_hash set
  std::string hash;   // EntryHash(previous hash, bytes)
};

class AuditChain {
 public:
  explicit AuditChain(ChainHead head) : head_(std::move(head)) {}

  // Assigns the next seq and prev_hash (and the time, when the entry has none), serializes the
  // entry and advances the head. Anything the caller set in seq or prev_hash is overwritten.
  SealedAuditEntry Seal(rilon::v1::AuditEntry entry, int64_t now_unix_micros);

  const ChainHead& head() const { return head_; }

 private:
  ChainHead head_;
};

// The bytes a head signature is over: kHeadSignatureContext || head_bytes.
std::string HeadSignedBytes(std::string_view head_bytes);

// The value stored for an entry in the audit column family: hash (32 bytes) || entry bytes.
// Kept together so that a stored entry can be exported and verified without recomputation.
std::string EncodeStoredEntry(const SealedAuditEntry& entry);
// Splits a stored value; DATA_LOSS naming `seq` when it is shorter than a hash.
absl::StatusOr<SealedAuditEntry> DecodeStoredEntry(uint64_t seq, std::string_view value);

}  // namespace rilon::audit
