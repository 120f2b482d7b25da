// Small predicates on the strings of a request, shared by the request and report validators and
// by the codebook loader. Pure; no allocation.
#pragma once

#include <cstddef>
#include <string_view>

namespace rilon::validation {

// 1 to 64 characters: a lower-case letter, then lower-case letters, digits and '_'
// ("vessels_intercepted").
bool IsLowerSnakeCode(std::string_view s);

// Exactly `length` upper-case ASCII letters ("ID", "MMR", "USD").
bool IsUpperCode(std::string_view s, size_t length);

// ISO 3166-2 shape: two upper-case letters, '-', then 1 to 3 upper-case letters or digits
// ("ID-AC", "TH-10", "AU-NSW"). Says nothing about whether the code exists.
bool IsSubdivisionCode(std::string_view s);

// Well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// No control characters other than tab, newline and carriage return: they have no place in a
// report and can hide content from reviewers.
bool IsPrintableText(std::string_view s);

}  // namespace rilon::validation
