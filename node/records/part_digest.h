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

#include <openssl/sha.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace rilon::records {

inline constexpr size_t kPartSaltBytes = 16;
inline constexpr size_t kPartDigestBytes = 32;
inline constexpr std::string_view kPartDigestContext{"RILON-PART-V1\0", 14};

// Computes part digests, starting each from the context already hashed. Not thread-safe: one per
// thread or call.
//
// Why OpenSSL's low-level SHA256_* and not EVP (sha256.h): a part is one or two SHA-256 blocks,
// and OpenSSL 3's EVP_DigestInit_ex frees and allocates its provider context on every digest,
// which cost more than the hashing itself (a receiver checks dozens of parts per record). The
// low-level functions run the same SHA-NI/AVX code on a context that is a plain struct, copied
// here from the precomputed one. OpenSSL 3 marks them deprecated but keeps them in every 3.x
// release; part_digest.cc is the one file that uses them.
class PartHasher {
 public:
  PartHasher();
  PartHasher(const PartHasher&) = delete;
  PartHasher& operator=(const PartHasher&) = delete;

  // The 32-byte digest. Aborts only if OpenSSL cannot compute SHA-256: a commitment we could not
  // compute must not exist.
  std::string Digest(std::string_view path, std::string_view salt, std::string_view value);
  // Whether the part's digest is `expected`, without building a string.
  bool Matches(std::string_view path, std::string_view salt, std::string_view value,
               std::string_view expected);

 private:
  std::array<uint8_t, kPartDigestBytes> Compute(std::string_view path, std::string_view salt,
                                                std::string_view value);

  SHA256_CTX after_context_;
};

}  // namespace rilon::records
