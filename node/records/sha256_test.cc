// Sha256Hasher against FIPS 180-2's test vectors, and reuse after Finish.
#include "node/records/sha256.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/escaping.h"

namespace rilon::records {
namespace {

std::string Hex(const std::string& bytes) { return absl::BytesToHexString(bytes); }

TEST(Sha256HasherTest, MatchesTheStandardTestVectors) {
  Sha256Hasher hasher;
  EXPECT_EQ(Hex(hasher.Update("abc").Finish()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Hex(hasher.Finish()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");  // empty input
}

TEST(Sha256HasherTest, UpdatesConcatenateAndFinishStartsOver) {
  Sha256Hasher hasher;
  const std::string whole =
      hasher.Update("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").Finish();
  const std::string pieces =
      hasher.Update("abcdbcdecdefdefgefgh").Update("fghighijhijkijkljklmklmnlmnomnopnopq").Finish();
  EXPECT_EQ(Hex(whole), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(pieces, whole);
}

}  // namespace
}  // namespace rilon::records
