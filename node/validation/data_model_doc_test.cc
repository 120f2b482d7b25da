// docs/data-model.md is checked against the schema and the codebook, so that the reference
// officers and analysts read cannot drift from what the node enforces: every field and enum value
// of rilon/v1/trend_report.proto and rilon/codebook/v1/codebook.proto, every indicator (on a
// table row with its unit and its breakdowns), every dimension and category, every route and
// every codebook version must appear in it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "node/validation/report_text_fields.h"
#include "node/validation/screening/test_support.h"
#include "node/validation/test_vocabulary.h"
#include "rilon/codebook/v1/codebook.pb.h"
#include "rilon/v1/trend_report.pb.h"

namespace rilon::validation {
namespace {

using google::protobuf::FileDescriptor;

const std::string& Doc() {
  static const std::string* doc = [] {
    std::ifstream in(screening::testing::SourcePath("docs/data-model.md"));
    std::ostringstream text;
    text << in.rdbuf();
    return new std::string(text.str());
  }();
  return *doc;
}

bool Mentions(const std::string& code) { return Doc().find("`" + code + "`") != std::string::npos; }

void ExpectFileDocumented(const FileDescriptor* file) {
  for (int m = 0; m < file->message_type_count(); ++m) {
    const auto* message = file->message_type(m);
    EXPECT_TRUE(Mentions(message->name())) << "message " << message->full_name();
    for (int f = 0; f < message->field_count(); ++f) {
      EXPECT_TRUE(Mentions(message->field(f)->name()))
          << "field " << message->field(f)->full_name() << " is not in docs/data-model.md";
    }
  }
  for (int e = 0; e < file->enum_type_count(); ++e) {
    const auto* enumeration = file->enum_type(e);
    EXPECT_TRUE(Mentions(enumeration->name())) << "enum " << enumeration->full_name();
    for (int v = 0; v < enumeration->value_count(); ++v) {
      if (enumeration->value(v)->number() == 0) continue;  // *_UNSPECIFIED: never valid
      EXPECT_TRUE(Mentions(enumeration->value(v)->name()))
          << "enum value " << enumeration->value(v)->full_name() << " is not in docs/data-model.md";
    }
  }
}

TEST(DataModelDoc, DocumentsEveryFieldAndEnumValueOfTheSchema) {
  ASSERT_FALSE(Doc().empty()) << "docs/data-model.md is missing";
  ExpectFileDocumented(rilon::v1::TrendReport::descriptor()->file());
  ExpectFileDocumented(rilon::codebook::v1::Codebook::descriptor()->file());
}

TEST(DataModelDoc, DocumentsEveryFreeTextField) {
  for (const std::string& path : FreeTextFieldPaths()) {
    EXPECT_TRUE(Mentions(path)) << path;
  }
}

// The table row of an indicator: "| `code` | ... |".
std::string Row(const std::string& code) {
  for (absl::string_view line : absl::StrSplit(Doc(), '\n')) {
    if (absl::StartsWith(line, "| `" + code + "` |")) return std::string(line);
  }
  return "";
}

TEST(DataModelDoc, DocumentsEveryCodebookVersionIndicatorDimensionAndCategory) {
  const ReportVocabulary& vocabulary = testing::ShippedVocabulary();
  for (const auto& [version, codebook] : vocabulary.codebooks) {
    EXPECT_NE(Doc().find("codebook version `" + version + "`"), std::string::npos)
        << "version " << version;
    for (const std::string& code : codebook.indicator_codes) {
      const IndicatorSpec& indicator = codebook.indicators.at(code);
      const std::string row = Row(code);
      ASSERT_FALSE(row.empty()) << "indicator " << code << " has no table row";
      EXPECT_THAT(row, ::testing::HasSubstr("`" + indicator.unit + "`")) << code;
      EXPECT_THAT(row, ::testing::HasSubstr(indicator.count ? "| count |" : "| statistic |"))
          << code;
      for (const std::string& dimension : indicator.dimensions) {
        EXPECT_THAT(row, ::testing::HasSubstr(dimension)) << code << " / " << dimension;
      }
    }
    for (const auto& [code, dimension] : codebook.dimensions) {
      EXPECT_TRUE(Mentions(code)) << "dimension " << code;
      for (const std::string& category : dimension.categories) {
        EXPECT_TRUE(Mentions(category)) << "category " << code << "/" << category;
      }
    }
  }
  for (const std::string& route : vocabulary.route_codes) {
    EXPECT_TRUE(Mentions(route)) << "route " << route;
  }
}

}  // namespace
}  // namespace rilon::validation
