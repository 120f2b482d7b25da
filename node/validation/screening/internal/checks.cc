#include "node/validation/screening/internal/checks.h"

namespace rilon::validation::screening {
namespace {

int MrzValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c == '<') return 0;
  return -1;
}

// ICAO 9303 part 3, 4.9: weights 7, 3, 1 repeating, sum modulo 10.
bool MrzFieldHolds(std::string_view field, char check) {
  static constexpr int kWeights[3] = {7, 3, 1};
  int sum = 0;
  for (size_t i = 0; i < field.size(); ++i) {
    const int v = MrzValue(field[i]);
    if (v < 0) return false;
    sum += v * kWeights[i % 3];
  }
  int expected = 0;  // '<' stands for 0 (an empty optional field)
  if (check >= '0' && check <= '9') {
    expected = check - '0';
  } else if (check != '<') {
    return false;
  }
  return sum % 10 == expected;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

int TwoDigits(std::string_view digits, size_t at) {
  return (digits[at] - '0') * 10 + (digits[at + 1] - '0');
}

}  // namespace

std::string DigitsOf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

bool MrzCheckDigitsHold(std::string_view line) {
  if (line.size() < 28) return false;
  return MrzFieldHolds(line.substr(0, 9), line[9]) && MrzFieldHolds(line.substr(13, 6), line[19]) &&
         MrzFieldHolds(line.substr(21, 6), line[27]);
}

bool IsPlausibleNik(std::string_view text) {
  const std::string d = DigitsOf(text);
  if (d.size() != 16) return false;
  const int province = TwoDigits(d, 0);
  int day = TwoDigits(d, 6);
  const int month = TwoDigits(d, 8);
  if (day > 40) day -= 40;  // women's NIKs add 40 to the day of birth
  return province >= 11 && province <= 94 && day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

bool ThaiIdChecksumHolds(std::string_view text) {
  const std::string d = DigitsOf(text);
  if (d.size() != 13) return false;
  int sum = 0;
  for (int i = 0; i < 12; ++i) sum += (d[i] - '0') * (13 - i);
  return (11 - sum % 11) % 10 == d[12] - '0';
}

bool HasYymmddPrefix(std::string_view text) {
  const std::string d = DigitsOf(text);
  if (d.size() < 6) return false;
  const int year = 2000 + TwoDigits(d, 0);  // the century only matters for 29 February
  const int month = TwoDigits(d, 2);
  const int day = TwoDigits(d, 4);
  return day >= 1 && day <= DaysInMonth(year, month);
}

bool LuhnHolds(std::string_view text) {
  const std::string d = DigitsOf(text);
  if (d.size() < 12 || d.size() > 19) return false;
  int sum = 0;
  bool twice = false;
  for (auto it = d.rbegin(); it != d.rend(); ++it) {
    int v = *it - '0';
    if (twice) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    twice = !twice;
  }
  return sum % 10 == 0;
}

bool PassesCheck(rilon::config::v1::CodeCheck check, std::string_view span) {
  switch (check) {
    case rilon::config::v1::MRZ_CHECK_DIGITS:
      return MrzCheckDigitsHold(span);
    case rilon::config::v1::INDONESIA_NIK:
      return IsPlausibleNik(span);
    case rilon::config::v1::THAI_ID_CHECKSUM:
      return ThaiIdChecksumHolds(span);
    case rilon::config::v1::YYMMDD_PREFIX:
      return HasYymmddPrefix(span);
    case rilon::config::v1::LUHN:
      return LuhnHolds(span);
    default:
      // CODE_CHECK_NONE; unknown values are refused when patterns are compiled.
      return true;
  }
}

}  // namespace rilon::validation::screening
