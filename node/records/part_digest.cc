#include "node/records/part_digest.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

namespace rilon::records {

struct PartHasher::Context {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Context() { EVP_MD_CTX_free(ctx); }
};

PartHasher::PartHasher() : context_(std::make_unique<Context>()) {}

PartHasher::~PartHasher() = default;

std::string PartHasher::Digest(std::string_view path, std::string_view salt,
                               std::string_view value) {
  static constexpr char kSeparator = '\0';
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_MD_CTX* ctx = context_->ctx;
  const bool ok =
      ctx != nullptr && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
      EVP_DigestUpdate(ctx, kPartDigestContext.data(), kPartDigestContext.size()) == 1 &&
      EVP_DigestUpdate(ctx, path.data(), path.size()) == 1 &&
      EVP_DigestUpdate(ctx, &kSeparator, 1) == 1 &&
      EVP_DigestUpdate(ctx, salt.data(), salt.size()) == 1 &&
      EVP_DigestUpdate(ctx, value.data(), value.size()) == 1 &&
      EVP_DigestFinal_ex(ctx, digest, &len) == 1 && len == kPartDigestBytes;
  if (!ok) {
    std::fprintf(stderr, "rilon: fatal: SHA-256 of a record part failed (OpenSSL error %lu)\n",
                 ERR_get_error());
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(digest), len);
}

}  // namespace rilon::records
