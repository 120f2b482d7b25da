// Code checks for identifiers whose structure a regular expression cannot confirm: check digits
// and embedded dates. A pattern names one in its `check` key; a candidate that fails it is not an
// identifier of that kind (for example a 13-digit figure whose Thai-ID check digit is wrong).
//
// Contract: every function is pure, total and ignores separators (spaces, '-', '.', '/') where
// the format allows them; input of the wrong length or alphabet fails the check.
#pragma once

#include <string>
#include <string_view>

#include "rilon/config/v1/screening.pb.h"

namespace rilon::validation::screening {

// The ASCII digits of `text`, in order.
std::string DigitsOf(std::string_view text);

// ICAO 9303 TD3 line 2 (at least its first 28 characters): the check digits of the document
// number (position 10), birth date (20) and expiry date (28) hold.
bool MrzCheckDigitsHold(std::string_view line);

// Indonesian NIK: 16 digits, province code 11-94, birth day 01-31 or 41-71, birth month 01-12.
bool IsPlausibleNik(std::string_view text);

// Thai national ID: 13 digits whose last is the mod-11 check digit of the first twelve.
bool ThaiIdChecksumHolds(std::string_view text);

// The first six digits form a valid calendar date YYMMDD (any century).
bool HasYymmddPrefix(std::string_view text);

// The Luhn check digit of a payment card number (12 to 19 digits) holds.
bool LuhnHolds(std::string_view text);

// Dispatches on the pattern file's enum; CODE_CHECK_NONE passes.
bool PassesCheck(rilon::config::v1::CodeCheck check, std::string_view span);

}  // namespace rilon::validation::screening
