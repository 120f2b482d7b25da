// SHA-256 for the record layer's hashes (record ids, part commitments).
//
// Why not EVP_Digest*(..., EVP_sha256()): OpenSSL 3 looks the algorithm up in its provider
// tables on every EVP_DigestInit_ex given EVP_sha256(), which costs more than hashing a part
// (about 350 ns against 200 ns for a 64-byte input). The algorithm is fetched once per process
// here and each hasher keeps one digest context.
//
// Contract: Update() any number of times, then Finish() returns the 32-byte digest and starts
// the hasher over. Not thread-safe: one hasher per thread or call. A failure inside OpenSSL (only
// memory exhaustion) aborts the process: a hash we could not compute must never become an id.
#pragma once

#include <openssl/types.h>

#include <string>
#include <string_view>

namespace rilon::records {

class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  Sha256Hasher& Update(std::string_view data);
  std::string Finish();

 private:
  void Start();

  EVP_MD_CTX* ctx_;
};

}  // namespace rilon::records
