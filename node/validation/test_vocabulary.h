// Test-only: the shipped codebook directory, the vocabulary loaded from it once per test binary,
// and the fixed "now" of the validation tests.
#pragma once

#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "node/validation/report_vocabulary.h"

namespace rilon::validation::testing {

// deploy/codebook of the source tree.
std::string ShippedCodebookDir();

// LoadReportVocabulary(ShippedCodebookDir()); aborts the binary with the loader's message when
// it fails (codebook_loader_test says why in a readable way).
const ReportVocabulary& ShippedVocabulary();

// 2026-11-23 12:00 UTC: SampleTrendReport()'s 2026-Q3 is past, 2026-Q4 has started, 2027 has not.
inline absl::Time TestNow() {
  return absl::FromCivil(absl::CivilSecond(2026, 11, 23, 12, 0, 0), absl::UTCTimeZone());
}
inline absl::CivilDay TestToday() { return absl::CivilDay(2026, 11, 23); }

}  // namespace rilon::validation::testing
