#include "node/audit/audit_chain.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"

namespace rilon::audit {

std::string EntryHash(std::string_view prev_hash, std::string_view entry_bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok = ctx != nullptr && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
                  EVP_DigestUpdate(ctx, kEntryHashContext.data(), kEntryHashContext.size()) == 1 &&
                  EVP_DigestUpdate(ctx, prev_hash.data(), prev_hash.size()) == 1 &&
                  EVP_DigestUpdate(ctx, entry_bytes.data(), entry_bytes.size()) == 1 &&
                  EVP_DigestFinal_ex(ctx, digest, &len) == 1 && len == kHashBytes;
  EVP_MD_CTX_free(ctx);
  if (!ok) {
    // SHA-256 fails only when memory is exhausted; an entry whose hash we cannot compute must
    // not enter the chain, and the chain cannot skip it.
    std::fprintf(stderr, "rilon: fatal: SHA-256 of an audit entry failed (OpenSSL error %lu)\n",
                 ERR_get_error());
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(digest), len);
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
