#include "node/security/record_signer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "node/security/certificate_files.h"
#include "tests/testing/test_pki.h"

namespace rilon::security {
namespace {

using rilon::testing::TestPki;
using ::testing::HasSubstr;

constexpr char kSigningId[] = "spiffe://rilon.example/agency/au.abf/signing";

class RecordSignerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pki = TestPki::Create();
    ASSERT_TRUE(pki.ok()) << pki.status();
    pki_ = std::move(*pki);
    auto files = pki_->root().Issue("signing", rilon::testing::SigningLeaf(kSigningId));
    ASSERT_TRUE(files.ok()) << files.status();
    files_ = *files;
  }
  std::unique_ptr<TestPki> pki_;
  rilon::testing::IssuedFiles files_;
};

TEST_F(RecordSignerTest, SignsAndVerifiesWithCertificate) {
  auto signer = RecordSigner::LoadFromFiles(files_.key_file, files_.cert_file);
  ASSERT_TRUE(signer.ok()) << signer.status();
  const std::string message = "body bytes";
  const std::string sig = (*signer)->Sign(message);
  EXPECT_EQ(sig.size(), 64u);
  EXPECT_TRUE(VerifyWithCertificate((*signer)->certificate_der(), message, sig).ok());
  EXPECT_TRUE(VerifyWithPublicKey((*signer)->public_key(), message, sig).ok());
  // Ed25519 is deterministic: the same message gives the same signature.
  EXPECT_EQ((*signer)->Sign(message), sig);
}

// Nodes sign with libsodium; records signed by OpenSSL (older nodes, other tools) must verify,
// and OpenSSL must verify ours. Ed25519 is deterministic, so both give the very same bytes.
TEST_F(RecordSignerTest, SignaturesAreTheSameBytesAsOpenSslMakes) {
  auto signer = RecordSigner::LoadFromFiles(files_.key_file, files_.cert_file);
  ASSERT_TRUE(signer.ok()) << signer.status();
  FILE* pem = std::fopen(files_.key_file.c_str(), "r");
  ASSERT_NE(pem, nullptr);
  EVP_PKEY* key = PEM_read_PrivateKey(pem, nullptr, nullptr, nullptr);
  std::fclose(pem);
  ASSERT_NE(key, nullptr);
  for (const std::string& message : {std::string(), std::string("body"), std::string(3000, 'r')}) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::string by_openssl(64, '\0');
    size_t len = by_openssl.size();
    ASSERT_EQ(EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, key), 1);
    ASSERT_EQ(
        EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(by_openssl.data()), &len,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size()),
        1);
    EVP_MD_CTX_free(ctx);
    EXPECT_EQ((*signer)->Sign(message), by_openssl) << message.size() << " bytes";
    EXPECT_TRUE(VerifyWithCertificate((*signer)->certificate_der(), message, by_openssl).ok());
  }
  EVP_PKEY_free(key);
}

// S + L, where L is the order of the group: the same point, but a second encoding of one
// signature (malleability). Refused: a record has exactly one valid signature.
TEST_F(RecordSignerTest, NonCanonicalSignatureIsUnauthenticated) {
  auto signer = RecordSigner::GenerateForTesting();
  const std::string message = "a record body";
  std::string sig = signer->Sign(message);
  static constexpr unsigned char kOrder[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
                                               0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                               0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                               0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};
  unsigned carry = 0;
  for (int i = 0; i < 32; ++i) {  // S is the little-endian second half
    unsigned sum = static_cast<unsigned char>(sig[32 + i]) + kOrder[i] + carry;
    sig[32 + i] = static_cast<char>(sum & 0xff);
    carry = sum >> 8;
  }
  ASSERT_EQ(carry, 0u);
  EXPECT_EQ(VerifyWithPublicKey(signer->public_key(), message, sig).code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(RecordSignerTest, KeyIdIsSha256OfCertificateDer) {
  auto signer = RecordSigner::LoadFromFiles(files_.key_file, files_.cert_file);
  ASSERT_TRUE(signer.ok()) << signer.status();
  auto info = ReadCertificate(files_.cert_file);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ((*signer)->certificate_der(), info->der);
  ASSERT_EQ((*signer)->key_id().size(), 32u);
  std::string hex;
  for (unsigned char c : (*signer)->key_id()) {
    static constexpr char kDigits[] = "0123456789abcdef";
    hex += kDigits[c >> 4];
    hex += kDigits[c & 15];
  }
  EXPECT_EQ(hex, info->sha256_hex);
}

TEST_F(RecordSignerTest, FlippedBitInMessageOrSignatureIsUnauthenticated) {
  auto signer = RecordSigner::GenerateForTesting();
  const std::string message = "a record body";
  const std::string sig = signer->Sign(message);
  for (size_t bit = 0; bit < message.size() * 8; bit += 7) {
    std::string tampered = message;
    tampered[bit / 8] ^= static_cast<char>(1 << (bit % 8));
    EXPECT_EQ(VerifyWithPublicKey(signer->public_key(), tampered, sig).code(),
              absl::StatusCode::kUnauthenticated)
        << "bit " << bit;
  }
  for (size_t bit = 0; bit < 512; bit += 13) {
    std::string tampered = sig;
    tampered[bit / 8] ^= static_cast<char>(1 << (bit % 8));
    EXPECT_EQ(VerifyWithPublicKey(signer->public_key(), message, tampered).code(),
              absl::StatusCode::kUnauthenticated)
        << "bit " << bit;
  }
  EXPECT_EQ(VerifyWithPublicKey(signer->public_key(), message, sig.substr(0, 63)).code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(VerifyWithPublicKey(signer->public_key(), message, "").code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(RecordSignerTest, WrongKeyIsUnauthenticated) {
  auto alice = RecordSigner::GenerateForTesting();
  auto bob = RecordSigner::LoadFromFiles(files_.key_file, files_.cert_file);
  ASSERT_TRUE(bob.ok());
  const std::string sig = alice->Sign("message");
  EXPECT_EQ(VerifyWithPublicKey((*bob)->public_key(), "message", sig).code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(VerifyWithCertificate((*bob)->certificate_der(), "message", sig).code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_NE(alice->key_id(), (*bob)->key_id());
}

TEST_F(RecordSignerTest, UnusableKeysAndCertificatesAreInvalidArgument) {
  auto signer = RecordSigner::GenerateForTesting();
  const std::string sig = signer->Sign("m");
  EXPECT_EQ(VerifyWithPublicKey("short", "m", sig).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyWithCertificate("not der", "m", sig).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyWithCertificate("", "m", sig).code(), absl::StatusCode::kInvalidArgument);
  // A P-256 certificate cannot verify an Ed25519 signature.
  auto ec = pki_->root().Issue(
      "ec", rilon::testing::NodeLeaf("spiffe://rilon.example/agency/au.abf/node"));
  ASSERT_TRUE(ec.ok());
  auto ec_info = ReadCertificate(ec->cert_file);
  ASSERT_TRUE(ec_info.ok());
  absl::Status s = VerifyWithCertificate(ec_info->der, "m", sig);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("Ed25519"));
  // Trailing bytes after the certificate are refused.
  auto ed_info = ReadCertificate(files_.cert_file);
  ASSERT_TRUE(ed_info.ok());
  EXPECT_EQ(VerifyWithCertificate(ed_info->der + "x", "m", sig).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(RecordSignerTest, GeneratedKeyIdIsSha256OfPublicKey) {
  auto a = RecordSigner::GenerateForTesting();
  auto b = RecordSigner::GenerateForTesting();
  EXPECT_EQ(a->key_id().size(), 32u);
  EXPECT_EQ(a->public_key().size(), 32u);
  EXPECT_TRUE(a->certificate_der().empty());
  EXPECT_NE(a->key_id(), b->key_id());
  EXPECT_NE(a->public_key(), b->public_key());
}

TEST_F(RecordSignerTest, LoadRefusesLooseKeyPermissions) {
  ASSERT_EQ(::chmod(files_.key_file.c_str(), 0644), 0);
  auto signer = RecordSigner::LoadFromFiles(files_.key_file, files_.cert_file);
  EXPECT_EQ(signer.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(signer.status().message(), HasSubstr("chmod 600"));
}

TEST_F(RecordSignerTest, LoadRefusesNonEd25519Key) {
  auto ec = pki_->root().Issue(
      "ec", rilon::testing::NodeLeaf("spiffe://rilon.example/agency/au.abf/node"));
  ASSERT_TRUE(ec.ok());
  auto signer = RecordSigner::LoadFromFiles(ec->key_file, ec->cert_file);
  EXPECT_EQ(signer.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(signer.status().message(), HasSubstr("EC key; records are signed with Ed25519"));
}

TEST_F(RecordSignerTest, LoadRefusesMismatchedPair) {
  auto other = pki_->root().Issue("other", rilon::testing::SigningLeaf(kSigningId));
  ASSERT_TRUE(other.ok());
  auto signer = RecordSigner::LoadFromFiles(files_.key_file, other->cert_file);
  EXPECT_EQ(signer.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(signer.status().message(), HasSubstr("does not belong to the certificate"));
}

TEST_F(RecordSignerTest, LoadRefusesMissingFiles) {
  EXPECT_EQ(
      RecordSigner::LoadFromFiles(pki_->dir() + "/none.key", files_.cert_file).status().code(),
      absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RecordSigner::LoadFromFiles(files_.key_file, pki_->dir() + "/none.pem").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(RecordSignerTest, LoadRefusesEncryptedKeyWithoutPrompting) {
  const std::string encrypted = pki_->dir() + "/encrypted.key";
  // PKCS#8 encrypted with a password, written by the openssl tool.
  const std::string cmd = "openssl pkey -in " + files_.key_file + " -out " + encrypted +
                          " -aes256 -passout pass:secret </dev/null 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  ASSERT_EQ(::chmod(encrypted.c_str(), 0600), 0);
  auto signer = RecordSigner::LoadFromFiles(encrypted, files_.cert_file);
  EXPECT_EQ(signer.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(signer.status().message(), HasSubstr("is encrypted"));
}

TEST_F(RecordSignerTest, SignIsThreadSafe) {
  auto signer = RecordSigner::LoadFromFiles(files_.key_file, files_.cert_file);
  ASSERT_TRUE(signer.ok());
  const RecordSigner& s = **signer;
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const std::string message = "thread " + std::to_string(t) + " message " + std::to_string(i);
        if (!VerifyWithPublicKey(s.public_key(), message, s.Sign(message)).ok()) ++failures[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace rilon::security
