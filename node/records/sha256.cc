#include "node/records/sha256.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

namespace rilon::records {
namespace {

[[noreturn]] void Die(const char* step) {
  std::fprintf(stderr, "rilon: fatal: SHA-256 %s failed (OpenSSL error %lu)\n", step,
               ERR_get_error());
  std::abort();
}

// Fetched once, kept for the life of the process (OpenSSL's state is, see openssl_lifetime.h).
const EVP_MD* Sha256Algorithm() {
  static const EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
    if (fetched == nullptr) Die("fetch");
    return fetched;
  }();
  return md;
}

}  // namespace

Sha256Hasher::Sha256Hasher() : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr) Die("context");
  Start();
}

Sha256Hasher::~Sha256Hasher() { EVP_MD_CTX_free(ctx_); }

void Sha256Hasher::Start() {
  if (EVP_DigestInit_ex(ctx_, Sha256Algorithm(), nullptr) != 1) Die("init");
}

Sha256Hasher& Sha256Hasher::Update(std::string_view data) {
  if (EVP_DigestUpdate(ctx_, data.data(), data.size()) != 1) Die("update");
  return *this;
}

std::string Sha256Hasher::Finish() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_, digest, &len) != 1 || len != 32) Die("final");
  Start();
  return std::string(reinterpret_cast<const char*>(digest), len);
}

}  // namespace rilon::records
