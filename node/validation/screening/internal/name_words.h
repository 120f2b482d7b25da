// Counting the words of a candidate span that can be part of a person's name, for patterns with
// stop lists: "the agent Malaysia side" must not be refused as a name, "the agent Rahim" must.
//
// Contract: a word is a run of letters (ASCII letters or any non-ASCII code point) with inner
// apostrophes; a possessive "'s" is dropped; '-', '.', digits and spaces separate words. A name
// word starts with a capital (ASCII upper case or a non-ASCII letter), is at least two bytes
// long, and is not covered by a stop-list entry. Entries may be phrases ("Cox's Bazar", "Coast
// Guard"): the longest entry matching consecutive words covers them all. Comparison ignores
// ASCII case.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"

namespace rilon::validation::screening {

// Words of `text` as defined above, in order (possessive dropped, original case).
std::vector<std::string_view> SplitWords(std::string_view text);

class StopWords {
 public:
  // Adds a word or phrase; ignored when it has no words.
  void Add(std::string_view entry);
  // Longest number of words of an entry (0 when empty).
  size_t max_words() const { return max_words_; }
  // True when the words, joined by single spaces and ASCII-lower-cased, are an entry.
  bool ContainsPhrase(std::string_view lowered_phrase) const {
    return entries_.contains(absl::string_view(lowered_phrase.data(), lowered_phrase.size()));
  }

 private:
  absl::flat_hash_set<std::string> entries_;
  size_t max_words_ = 0;
};

// Name words of `span` left after the stop lists (see contract).
size_t CountNameWords(std::string_view span, const std::vector<const StopWords*>& stop_lists);

}  // namespace rilon::validation::screening
