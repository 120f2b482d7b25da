// Reads screening pattern files (textproto of rilon.config.v1.ScreeningPatterns) and merges them
// in order: the shipped deploy/screening/nominal_patterns.textproto first, then the site's own.
//
// Contract:
//   - Syntax errors and unknown keys: INVALID_ARGUMENT "<file>:<line>:<col>: <what>".
//   - Structural errors (missing or malformed id, kind, pattern, description or suggestion;
//     duplicate pattern id; malformed or duplicate list/fragment name; empty list; disabling an
//     unknown id): INVALID_ARGUMENT naming the file, line and pattern id.
//   - Regular expressions are not compiled here (see compiled_pattern.h), but every pattern keeps
//     where it came from so that compile errors can name file, line and id.
//   - Merging: lists of the same name gain the later file's words; fragments and pattern ids must
//     be new; `disable` removes patterns loaded from earlier files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "rilon/config/v1/screening.pb.h"

namespace rilon::validation::screening {

// Where a pattern, fragment or list was written: for error messages only.
struct SourceLine {
  std::string file;
  int line = 0;  // 1-based; 0 when unknown
};

// Where the parts of one pattern were written.
struct PatternOrigin {
  SourceLine block;                // the "patterns {" line
  int pattern_line = 0;            // the "pattern:" key
  std::vector<int> exclude_lines;  // one per exclude, in order
  int context_line = 0;            // the "require_context" key
};

// Patterns of one or more files, merged; origins run parallel to patterns.patterns().
struct PatternSet {
  rilon::config::v1::ScreeningPatterns patterns;
  std::vector<PatternOrigin> pattern_origins;
  std::vector<SourceLine> fragment_origins;  // parallel to patterns.fragments()
};

// "file:line" or "file" when the line is unknown.
std::string FormatSourceLine(const SourceLine& where);

// Parses one file's text into a new set; `source_name` is used in messages.
absl::StatusOr<PatternSet> ParsePatternText(std::string_view text, std::string_view source_name);

// Parses one file's text and merges it into `base` (see contract). On error `base` is unchanged.
absl::Status AddPatternText(std::string_view text, std::string_view source_name, PatternSet& base);

// Reads and merges the files in order. NOT_FOUND naming the file when one cannot be read.
absl::StatusOr<PatternSet> LoadPatternFiles(const std::vector<std::string>& paths);

}  // namespace rilon::validation::screening
