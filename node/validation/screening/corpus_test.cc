// Screens the labelled corpus in tests/corpus/ (README.md there says how it was built) and
// measures what issue 3 asks: recall on structured identifiers (target 100 %), recall on names
// (>= 90 %) and the false-refusal rate on clean narratives (<= 2 %). Prints the figures and
// every miss and false refusal (with masked values only), and fails when a target is missed.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "node/validation/screening/screener.h"
#include "node/validation/screening/test_support.h"

namespace rilon::validation::screening {
namespace {

// Kinds measured as names; every other labelled kind is a structured identifier.
const std::set<std::string>& NameKinds() {
  static const auto* const kinds = new std::set<std::string>{"personal_name", "crew_list"};
  return *kinds;
}

struct Entry {
  std::string source;  // file:line
  std::string id;
  std::string text;
  bool nominal = false;
  std::vector<std::string> kinds;
};

std::string StringField(const google::protobuf::Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  return it == s.fields().end() ? "" : it->second.string_value();
}

std::vector<Entry> LoadCorpus(std::vector<std::string>& errors) {
  std::vector<std::filesystem::path> files;
  for (const auto& item :
       std::filesystem::directory_iterator(testing::SourcePath("tests/corpus"))) {
    if (item.path().extension() == ".jsonl") files.push_back(item.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Entry> entries;
  for (const auto& file : files) {
    std::ifstream in(file);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      if (line.empty()) continue;
      const std::string where = absl::StrFormat("%s:%d", file.filename().string(), number);
      google::protobuf::Struct record;
      if (!google::protobuf::util::JsonStringToMessage(line, &record).ok()) {
        errors.push_back(where + ": not a JSON object");
        continue;
      }
      Entry e;
      e.source = where;
      e.id = StringField(record, "id");
      e.text = StringField(record, "text");
      const std::string label = StringField(record, "label");
      e.nominal = label == "nominal";
      if (auto it = record.fields().find("kinds"); it != record.fields().end()) {
        for (const auto& v : it->second.list_value().values()) e.kinds.push_back(v.string_value());
      }
      if (e.id.empty() || e.text.empty() || (label != "nominal" && label != "clean") ||
          e.nominal == e.kinds.empty()) {
        errors.push_back(where +
                         ": needs id, text, label nominal|clean, and kinds exactly when "
                         "nominal");
        continue;
      }
      entries.push_back(std::move(e));
    }
  }
  return entries;
}

struct Ratio {
  int hit = 0;
  int total = 0;
  double percent() const { return total == 0 ? 100.0 : 100.0 * hit / total; }
};

std::string Describe(const std::vector<Finding>& findings) {
  std::vector<std::string> parts;
  for (const Finding& f : findings) {
    parts.push_back(absl::StrFormat("%s@%d \"%s\"", f.pattern_id, f.char_offset, f.masked));
  }
  return parts.empty() ? "no findings" : absl::StrJoin(parts, ", ");
}

TEST(ScreeningCorpus, MeetsRecallAndFalseRefusalTargets) {
  std::vector<std::string> errors;
  const std::vector<Entry> corpus = LoadCorpus(errors);
  for (const std::string& e : errors) ADD_FAILURE() << e;

  const Screener& screener = testing::ShippedScreener();
  Ratio structured, names, refused_nominal, refused_clean;
  std::map<std::string, Ratio> by_kind;
  std::set<std::string> ids;
  std::vector<std::string> misses, false_refusals;
  for (const Entry& e : corpus) {
    EXPECT_TRUE(ids.insert(e.id).second) << e.source << ": duplicate id " << e.id;
    const std::vector<Finding> findings = screener.Screen("report.narrative", e.text);
    std::set<std::string> found;
    for (const Finding& f : findings) found.insert(f.kind);
    if (!e.nominal) {
      ++refused_clean.total;
      if (!findings.empty()) {
        ++refused_clean.hit;
        false_refusals.push_back(
            absl::StrFormat("%s (%s): %s", e.id, e.source, Describe(findings)));
      }
      continue;
    }
    ++refused_nominal.total;
    if (!findings.empty()) ++refused_nominal.hit;
    for (const std::string& kind : e.kinds) {
      const bool hit = found.contains(kind);
      Ratio& r = NameKinds().contains(kind) ? names : structured;
      ++r.total;
      ++by_kind[kind].total;
      if (hit) {
        ++r.hit;
        ++by_kind[kind].hit;
      } else {
        misses.push_back(
            absl::StrFormat("%s (%s) missed %s: %s", e.id, e.source, kind, Describe(findings)));
      }
    }
  }

  std::cout << absl::StrFormat(
      "screening corpus: %d nominal and %d clean narratives\n"
      "  recall, structured identifiers: %.1f %% (%d/%d)  target 100 %%\n"
      "  recall, names:                  %.1f %% (%d/%d)  target >= 90 %%\n"
      "  false refusals, clean text:     %.2f %% (%d/%d)  target <= 2 %%\n"
      "  nominal narratives refused:     %.1f %% (%d/%d)\n",
      refused_nominal.total, refused_clean.total, structured.percent(), structured.hit,
      structured.total, names.percent(), names.hit, names.total, refused_clean.percent(),
      refused_clean.hit, refused_clean.total, refused_nominal.percent(), refused_nominal.hit,
      refused_nominal.total);
  for (const auto& [kind, r] : by_kind) {
    std::cout << absl::StrFormat("    %-20s %5.1f %% (%d/%d)\n", kind, r.percent(), r.hit, r.total);
  }
  for (const std::string& m : misses) std::cout << "  MISS " << m << "\n";
  for (const std::string& f : false_refusals) std::cout << "  FALSE REFUSAL " << f << "\n";

  EXPECT_GE(refused_nominal.total, 320) << "the corpus needs at least 320 nominal narratives";
  EXPECT_GE(refused_clean.total, 320) << "the corpus needs at least 320 clean narratives";
  EXPECT_EQ(structured.hit, structured.total) << "recall on structured identifiers must be 100 %";
  EXPECT_GE(names.percent(), 90.0) << "recall on names must be at least 90 %";
  EXPECT_LE(refused_clean.percent(), 2.0) << "false refusals on clean text must be at most 2 %";
}

}  // namespace
}  // namespace rilon::validation::screening
