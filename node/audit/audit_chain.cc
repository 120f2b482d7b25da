#include "node/audit/audit_chain.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "node/records/sha256.h"

namespace rilon::audit {

std::string EntryHash(std::string_view prev_hash, std::string_view entry_bytes) {
  return records::Sha256Hasher()
      .Update(kEntryHashContext)
      .Update(prev_hash)
      .Update(entry_bytes)
      .Finish();
}

SealedAuditEntry AuditChain::Seal(rilon::v1::AuditEntry entry, int64_t now_unix_micros) {
  SealedAuditEntry sealed;
  sealed.seq = head_.seq + 1;
  entry.set_seq(sealed.seq);
  if (entry.time_unix_micros() == 0) entry.set_time_unix_micros(now_unix_micros);
  entry.set_prev_hash(head_.hash);
  sealed.bytes = entry.SerializeAsString();
  sealed.hash = EntryHash(head_.hash, sealed.bytes);
  head_ = ChainHead{sealed.seq, sealed.hash};
  return sealed;
}

std::string HeadSignedBytes(std::string_view head_bytes) {
  std::string out;
  out.reserve(kHeadSignatureContext.size() + head_bytes.size());
  out.append(kHeadSignatureContext);
  out.append(head_bytes);
  return out;
}

std::string EncodeStoredEntry(const SealedAuditEntry& entry) {
  return absl::StrCat(entry.hash, entry.bytes);
}

absl::StatusOr<SealedAuditEntry> DecodeStoredEntry(uint64_t seq, std::string_view value) {
  if (value.size() < kHashBytes) {
    return absl::DataLossError(absl::StrCat("audit entry seq ", seq, " holds ", value.size(),
                                            " bytes, less than its 32-byte hash; the data "
                                            "directory is damaged: restore it from a backup"));
  }
  SealedAuditEntry entry;
  entry.seq = seq;
  entry.hash = std::string(value.substr(0, kHashBytes));
  entry.bytes = std::string(value.substr(kHashBytes));
  return entry;
}

}  // namespace rilon::audit
