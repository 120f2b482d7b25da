// Uses OpenSSL's low-level SHA-256 on purpose (see part_digest.h); nowhere else does.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "node/records/part_digest.h"

#include <openssl/err.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace rilon::records {
namespace {

[[noreturn]] void Die(const char* step) {
  std::fprintf(stderr, "rilon: fatal: SHA-256 of a part: %s failed (OpenSSL error %lu)\n", step,
               ERR_get_error());
  std::abort();
}

void Update(SHA256_CTX& ctx, std::string_view data) {
  if (SHA256_Update(&ctx, data.data(), data.size()) != 1) Die("update");
}

}  // namespace

PartHasher::PartHasher() {
  if (SHA256_Init(&after_context_) != 1) Die("init");
  Update(after_context_, kPartDigestContext);
}

std::array<uint8_t, kPartDigestBytes> PartHasher::Compute(std::string_view path,
                                                          std::string_view salt,
                                                          std::string_view value) {
  static constexpr std::string_view kSeparator{"\0", 1};
  SHA256_CTX ctx = after_context_;
  Update(ctx, path);
  Update(ctx, kSeparator);
  Update(ctx, salt);
  Update(ctx, value);
  std::array<uint8_t, kPartDigestBytes> digest;
  if (SHA256_Final(digest.data(), &ctx) != 1) Die("final");
  return digest;
}

std::string PartHasher::Digest(std::string_view path, std::string_view salt,
                               std::string_view value) {
  const std::array<uint8_t, kPartDigestBytes> digest = Compute(path, salt, value);
  return std::string(reinterpret_cast<const char*>(digest.data()), digest.size());
}

bool PartHasher::Matches(std::string_view path, std::string_view salt, std::string_view value,
                         std::string_view expected) {
  const std::array<uint8_t, kPartDigestBytes> digest = Compute(path, salt, value);
  return expected.size() == digest.size() &&
         std::memcmp(expected.data(), digest.data(), digest.size()) == 0;
}

}  // namespace rilon::records
