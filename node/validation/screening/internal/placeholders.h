// "{{name}}" placeholders in screening patterns: a word list expands to an alternation of its
// words, a fragment to its own (expanded) regex. Lets operators keep long name, title and place
// lists in one place and reuse them across patterns and exclusions.
//
// Contract: list words are quoted (no regex meaning), a space matches any run of whitespace and
// an apostrophe matches ' or ’; longer words come first so that "Md." wins over "Md". The result
// is wrapped in "(?:...)". Unknown names, malformed placeholders and fragments nested deeper than
// kMaxFragmentDepth (or in a cycle) are INVALID_ARGUMENT naming the placeholder; callers prefix
// the file, line and pattern id.
#pragma once

#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "rilon/config/v1/screening.pb.h"

namespace rilon::validation::screening {

inline constexpr int kMaxFragmentDepth = 8;

// The alternation for a list of words (see contract).
std::string WordAlternation(const google::protobuf::RepeatedPtrField<std::string>& words);

class PlaceholderExpander {
 public:
  explicit PlaceholderExpander(const rilon::config::v1::ScreeningPatterns& patterns);

  absl::StatusOr<std::string> Expand(std::string_view regex) const;

  // True when `name` is a word list (not a fragment).
  bool IsList(std::string_view name) const {
    return lists_.contains(absl::string_view(name.data(), name.size()));
  }

 private:
  absl::StatusOr<std::string> ExpandAt(std::string_view regex, int depth) const;

  absl::flat_hash_map<std::string, std::string> lists_;      // name -> alternation
  absl::flat_hash_map<std::string, std::string> fragments_;  // name -> unexpanded regex
};

}  // namespace rilon::validation::screening
