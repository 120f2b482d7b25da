#include "node/validation/screening/internal/placeholders.h"

#include <algorithm>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "re2/re2.h"

namespace rilon::validation::screening {
namespace {

std::string QuoteWord(std::string_view word) {
  std::vector<std::string> parts;
  for (absl::string_view part :
       absl::StrSplit(absl::string_view(word.data(), word.size()), ' ', absl::SkipEmpty())) {
    std::string quoted;
    bool first = true;
    for (absl::string_view piece : absl::StrSplit(part, '\'')) {
      if (!first) quoted += "['\xE2\x80\x99]";
      first = false;
      quoted += RE2::QuoteMeta(re2::StringPiece(piece.data(), piece.size()));
    }
    parts.push_back(std::move(quoted));
  }
  return absl::StrJoin(parts, "\\s+");
}

}  // namespace

std::string WordAlternation(const google::protobuf::RepeatedPtrField<std::string>& words) {
  std::vector<std::string> sorted;
  absl::flat_hash_set<std::string> seen;
  for (const std::string& w : words) {
    if (seen.insert(w).second) sorted.push_back(w);
  }
  // Longest first: RE2 alternation prefers the leftmost alternative, like Perl.
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::vector<std::string> quoted;
  for (const std::string& w : sorted) {
    std::string q = QuoteWord(w);
    if (!q.empty()) quoted.push_back(std::move(q));
  }
  return absl::StrCat("(?:", absl::StrJoin(quoted, "|"), ")");
}

PlaceholderExpander::PlaceholderExpander(const rilon::config::v1::ScreeningPatterns& patterns) {
  for (const auto& list : patterns.lists()) lists_[list.name()] = WordAlternation(list.words());
  for (const auto& fragment : patterns.fragments()) fragments_[fragment.name()] = fragment.regex();
}

absl::StatusOr<std::string> PlaceholderExpander::Expand(std::string_view regex) const {
  return ExpandAt(regex, 0);
}

absl::StatusOr<std::string> PlaceholderExpander::ExpandAt(std::string_view regex, int depth) const {
  std::string out;
  size_t pos = 0;
  while (pos < regex.size()) {
    const size_t open = regex.find("{{", pos);
    if (open == std::string_view::npos) {
      out.append(regex.substr(pos));
      break;
    }
    out.append(regex.substr(pos, open - pos));
    const size_t close = regex.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrFormat("\"{{\" at offset %d has no closing \"}}\"", open));
    }
    const std::string name(regex.substr(open + 2, close - open - 2));
    if (auto list = lists_.find(name); list != lists_.end()) {
      out += list->second;
    } else if (auto fragment = fragments_.find(name); fragment != fragments_.end()) {
      if (depth >= kMaxFragmentDepth) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "{{%s}}: fragments nest deeper than %d or refer to each other in a cycle", name,
            kMaxFragmentDepth));
      }
      absl::StatusOr<std::string> inner = ExpandAt(fragment->second, depth + 1);
      if (!inner.ok()) return inner.status();
      absl::StrAppend(&out, "(?:", *inner, ")");
    } else {
      return absl::InvalidArgumentError(absl::StrFormat(
          "{{%s}} names no list or fragment; define it under lists or fragments, or fix the "
          "spelling",
          name));
    }
    pos = close + 2;
  }
  return out;
}

}  // namespace rilon::validation::screening
