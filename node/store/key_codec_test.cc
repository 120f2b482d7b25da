#include "node/store/key_codec.h"

#include <limits>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rilon::store {
namespace {

using ::testing::HasSubstr;

TEST(KeyCodecTest, BigEndian64RoundTripsAndIsMostSignificantByteFirst) {
  EXPECT_EQ(EncodeBigEndian64(0x0102030405060708ull),
            std::string("\x01\x02\x03\x04\x05\x06\x07\x08"));
  for (uint64_t value : {uint64_t{0}, uint64_t{1}, uint64_t{255}, uint64_t{256}, uint64_t{1} << 40,
                         std::numeric_limits<uint64_t>::max()}) {
    absl::StatusOr<uint64_t> decoded = DecodeBigEndian64(EncodeBigEndian64(value), "test");
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(*decoded, value);
  }
}

TEST(KeyCodecTest, BigEndian32RoundTrips) {
  EXPECT_EQ(EncodeBigEndian32(0x01020304u), std::string("\x01\x02\x03\x04"));
  absl::StatusOr<uint32_t> decoded = DecodeBigEndian32(EncodeBigEndian32(0xfffffffeu), "test");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, 0xfffffffeu);
}

TEST(KeyCodecTest, BytewiseOrderIsNumericOrder) {
  EXPECT_LT(EncodeBigEndian64(255), EncodeBigEndian64(256));
  EXPECT_LT(EncodeBigEndian64(1), EncodeBigEndian64(uint64_t{1} << 56));
  EXPECT_LT(EncodeBigEndian64(9), EncodeBigEndian64(10));
}

TEST(KeyCodecTest, WrongWidthIsDataLossNamingTheField) {
  absl::StatusOr<uint64_t> short64 = DecodeBigEndian64("1234567", "log key");
  EXPECT_EQ(short64.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(short64.status().message(), HasSubstr("log key"));
  EXPECT_EQ(DecodeBigEndian64("123456789", "x").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeBigEndian32("123", "x").status().code(), absl::StatusCode::kDataLoss);
}

TEST(KeyCodecTest, OriginKeyLayoutAndRoundTrip) {
  std::string key = OriginKey("au.abf", 42);
  EXPECT_EQ(key, std::string("au.abf\0", 7) + EncodeBigEndian64(42));
  EXPECT_EQ(OriginPrefix("au.abf"), std::string("au.abf\0", 7));
  absl::StatusOr<std::pair<std::string, uint64_t>> decoded = DecodeOriginKey(key);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->first, "au.abf");
  EXPECT_EQ(decoded->second, 42u);
}

TEST(KeyCodecTest, OriginsThatArePrefixesOfEachOtherDoNotInterleave) {
  // Every key of "au.ab" sorts before every key of "au.abf", and none starts with the other's
  // prefix.
  EXPECT_LT(OriginKey("au.ab", std::numeric_limits<uint64_t>::max()), OriginKey("au.abf", 0));
  EXPECT_FALSE(OriginKey("au.abf", 1).starts_with(OriginPrefix("au.ab")));
  EXPECT_LT(OriginKey("au.abf", 1), OriginKey("au.abf", 2));
  EXPECT_LT(OriginKey("au.abf", 255), OriginKey("au.abf", 256));
}

TEST(KeyCodecTest, MalformedOriginKeysAreDataLoss) {
  EXPECT_EQ(DecodeOriginKey("au.abf").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeOriginKey(std::string("\0", 1) + EncodeBigEndian64(1)).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeOriginKey(std::string("au.abf\0", 7) + "1234").status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(KeyCodecTest, OriginAgencyValidation) {
  EXPECT_TRUE(ValidateOriginAgency("id.polri").ok());
  EXPECT_EQ(ValidateOriginAgency("").code(), absl::StatusCode::kInvalidArgument);
  absl::Status with_nul = ValidateOriginAgency(std::string("au\0x", 4));
  EXPECT_EQ(with_nul.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(with_nul.message(), HasSubstr("NUL"));
}

TEST(KeyCodecTest, HexIsLowerCase) { EXPECT_EQ(Hex(std::string("\x00\xab\x10", 3)), "00ab10"); }

}  // namespace
}  // namespace rilon::store
