// The salted commitment to one part of a record's content (envelope version 2,
// docs/redaction.md).
//
// Contract:
//   digest = SHA-256("RILON-PART-V1" || 0x00 || path || 0x00 || salt || value), 32 raw bytes;
//   salt   = kPartSaltBytes random bytes, one per part, chosen by the origin.
// The path is inside the hash, so a part moved to another path no longer matches; the salt makes
// the digest of a withheld small count useless for testing guesses. Paths never contain 0x00 and
// the salt has a fixed length, so the hashed bytes decode unambiguously.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "node/records/sha256.h"

namespace rilon::records {

inline constexpr size_t kPartSaltBytes = 16;
inline constexpr size_t kPartDigestBytes = 32;
inline constexpr std::string_view kPartDigestContext{"RILON-PART-V1\0", 14};

// Reuses one digest context for many parts. Not thread-safe: one per thread or call.
class PartHasher {
 public:
  PartHasher();
  ~PartHasher();
  PartHasher(const PartHasher&) = delete;
  PartHasher& operator=(const PartHasher&) = delete;

  // The 32-byte digest. Aborts only if OpenSSL cannot compute SHA-256 (memory exhaustion): a
  // commitment we could not compute must not exist.
  std::string Digest(std::string_view path, std::string_view salt, std::string_view value);

 private:
  Sha256Hasher hasher_;
};

}  // namespace rilon::records
