// Reads the indicator codebooks and reference lists of a codebook directory (config key
// reporting.codebook_dir; deploy/codebook/ ships one) into a ReportVocabulary.
//
// The directory holds:
//   codebook-v<N>.textproto  one rilon.codebook.v1.Codebook each; every such file is loaded and
//                            its `version` must be <N>;
//   geography.textproto      rilon.codebook.v1.GeographyList;
//   routes.textproto         rilon.codebook.v1.RouteList;
//   currencies.textproto     rilon.codebook.v1.CurrencyList.
// Other files are ignored (README, the generator script).
//
// Contract: NOT_FOUND naming the directory or file when it is missing or unreadable, or when the
// directory holds no codebook; INVALID_ARGUMENT "FILE:LINE:COL: ..." for syntax errors and
// unknown keys, and "FILE:LINE:COL: path: what" for inconsistent content
// (report_vocabulary.h). Reads files only; no other side effect.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "node/validation/report_vocabulary.h"

namespace rilon::validation {

absl::StatusOr<ReportVocabulary> LoadReportVocabulary(const std::string& codebook_dir);

}  // namespace rilon::validation
