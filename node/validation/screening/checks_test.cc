#include "node/validation/screening/internal/checks.h"

#include "gtest/gtest.h"

namespace rilon::validation::screening {
namespace {

// ICAO Doc 9303 part 4, specimen passport of Utopia (Anna Maria Eriksson).
constexpr std::string_view kSpecimenLine2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

TEST(MrzCheckDigits, SpecimenHolds) { EXPECT_TRUE(MrzCheckDigitsHold(kSpecimenLine2)); }

TEST(MrzCheckDigits, EachAlteredCheckDigitFails) {
  for (size_t position : {9u, 19u, 27u}) {
    std::string line(kSpecimenLine2);
    line[position] = line[position] == '0' ? '1' : '0';
    EXPECT_FALSE(MrzCheckDigitsHold(line)) << "check digit at " << position;
  }
}

TEST(MrzCheckDigits, AlteredBirthDateFails) {
  std::string line(kSpecimenLine2);
  line[15] = '5';  // 740812 -> 745812
  EXPECT_FALSE(MrzCheckDigitsHold(line));
}

TEST(MrzCheckDigits, TooShortOrWrongAlphabetFails) {
  EXPECT_FALSE(MrzCheckDigitsHold(kSpecimenLine2.substr(0, 27)));
  std::string lower(kSpecimenLine2);
  lower[0] = 'l';
  EXPECT_FALSE(MrzCheckDigitsHold(lower));
}

TEST(Nik, PlausibleNumbersPass) {
  EXPECT_TRUE(IsPlausibleNik("3171010101900001"));     // Jakarta, man born 01-01-90
  EXPECT_TRUE(IsPlausibleNik("5371044512850003"));     // Kupang, woman born 05-12-85 (day + 40)
  EXPECT_TRUE(IsPlausibleNik("1101 0112 0388 0002"));  // separators are ignored
}

TEST(Nik, ImplausibleNumbersFail) {
  EXPECT_FALSE(IsPlausibleNik("0971010101900001"));   // province 09
  EXPECT_FALSE(IsPlausibleNik("9571010101900001"));   // province 95
  EXPECT_FALSE(IsPlausibleNik("3171013201900001"));   // day 32
  EXPECT_FALSE(IsPlausibleNik("3171017501900001"));   // day 75 (35 for a woman)
  EXPECT_FALSE(IsPlausibleNik("3171010113900001"));   // month 13
  EXPECT_FALSE(IsPlausibleNik("317101010190000"));    // 15 digits
  EXPECT_FALSE(IsPlausibleNik("31710101019000012"));  // 17 digits
}

TEST(ThaiId, ChecksumHoldsAndFails) {
  EXPECT_TRUE(ThaiIdChecksumHolds("1103700123458"));
  EXPECT_TRUE(ThaiIdChecksumHolds("3-1006-00234-56-1"));
  EXPECT_FALSE(ThaiIdChecksumHolds("1103700123459"));
  EXPECT_FALSE(ThaiIdChecksumHolds("110370012345"));
}

TEST(Yymmdd, CalendarDatesOnly) {
  EXPECT_TRUE(HasYymmddPrefix("900101-14-5678"));
  EXPECT_TRUE(HasYymmddPrefix("000229-10-1234"));  // 2000 was a leap year
  EXPECT_FALSE(HasYymmddPrefix("010229-10-1234"));
  EXPECT_FALSE(HasYymmddPrefix("901301-14-5678"));
  EXPECT_FALSE(HasYymmddPrefix("900100-14-5678"));
  EXPECT_FALSE(HasYymmddPrefix("90010"));
}

TEST(Luhn, HoldsAndFails) {
  EXPECT_TRUE(LuhnHolds("4111 1111 1111 1111"));
  EXPECT_FALSE(LuhnHolds("4111 1111 1111 1112"));
  EXPECT_FALSE(LuhnHolds("41111111111"));  // too short for a card
}

TEST(PassesCheck, DispatchesOnTheEnum) {
  using rilon::config::v1::CODE_CHECK_NONE;
  using rilon::config::v1::LUHN;
  using rilon::config::v1::THAI_ID_CHECKSUM;
  EXPECT_TRUE(PassesCheck(CODE_CHECK_NONE, "anything"));
  EXPECT_TRUE(PassesCheck(LUHN, "4111111111111111"));
  EXPECT_FALSE(PassesCheck(THAI_ID_CHECKSUM, "4111111111111111"));
}

TEST(DigitsOf, KeepsAsciiDigitsOnly) { EXPECT_EQ(DigitsOf("+62 (812) 3-4"), "6281234"); }

}  // namespace
}  // namespace rilon::validation::screening
