#include "node/validation/codebook_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "google/protobuf/text_format.h"
#include "node/validation/screening/test_support.h"
#include "node/validation/test_vocabulary.h"

namespace rilon::validation {
namespace {

using screening::testing::ScratchDir;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using testing::ShippedCodebookDir;
using testing::ShippedVocabulary;
using ::testing::StartsWith;

std::string ReadShipped(const std::string& name) {
  std::ifstream in(ShippedCodebookDir() + "/" + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

rilon::codebook::v1::Codebook ShippedCodebookV1() {
  rilon::codebook::v1::Codebook codebook;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(ReadShipped("codebook-v1.textproto"),
                                                            &codebook));
  return codebook;
}

// A scratch codebook directory with the shipped reference lists and the given codebook files.
void WriteReferenceLists(const ScratchDir& dir) {
  for (const char* name : {"geography.textproto", "routes.textproto", "currencies.textproto"}) {
    dir.WriteFile(name, ReadShipped(name));
  }
}

std::string Message(const absl::Status& s) { return std::string(s.message()); }

TEST(ShippedCodebook, LoadsWithItsReferenceLists) {
  const ReportVocabulary& v = ShippedVocabulary();
  ASSERT_EQ(v.codebooks.count("1"), 1u);
  EXPECT_EQ(v.KnownVersions(), "\"1\"");
  EXPECT_TRUE(v.countries.contains("ID"));
  EXPECT_TRUE(v.countries.contains("MM"));
  EXPECT_EQ(v.countries.size(), 249u);
  EXPECT_TRUE(v.nationality_codes.contains("MMR"));
  EXPECT_TRUE(v.nationality_codes.contains("XXA"));
  EXPECT_TRUE(v.subdivisions.contains("ID-AC"));
  EXPECT_TRUE(v.subdivisions.contains("ID-PT"));  // added after the packaged iso-codes
  EXPECT_TRUE(v.subdivisions.contains("BD-11"));
  EXPECT_TRUE(v.subdivisions.contains("TH-85"));
  // Every Bali Process state whose subdivisions the documentation promises.
  for (const char* c : {"AU", "BD", "ID", "MY", "MM", "TH", "TL", "LK", "KH", "PK", "AF", "NZ",
                        "PH", "VN", "LA", "IN", "NP", "IR", "CN", "JP", "KR", "FJ", "PG"}) {
    EXPECT_TRUE(v.subdivision_countries.contains(c)) << c;
  }
  EXPECT_TRUE(v.routes.contains("coxs_bazar_andaman_sea_aceh"));
  EXPECT_TRUE(v.currencies.contains("USD"));
  EXPECT_TRUE(v.currencies.contains("MYR"));
}

TEST(ShippedCodebook, HasTheIndicatorsAnAnalystExpects) {
  const rilon::codebook::v1::Codebook codebook = ShippedCodebookV1();
  EXPECT_GE(codebook.indicators_size(), 25);
  EXPECT_LE(codebook.indicators_size(), 40);
  for (const auto& indicator : codebook.indicators()) {
    EXPECT_FALSE(indicator.name().empty()) << indicator.code();
    EXPECT_GE(indicator.definition().size(), 40u) << indicator.code();
  }
  for (const auto& dimension : codebook.dimensions()) {
    EXPECT_FALSE(dimension.definition().empty()) << dimension.code();
  }
  const CodebookVersion& v1 = ShippedVocabulary().codebooks.at("1");
  auto has = [&](const std::string& code, const std::string& unit, bool count) {
    auto it = v1.indicators.find(code);
    ASSERT_NE(it, v1.indicators.end()) << code;
    EXPECT_EQ(it->second.unit, unit) << code;
    EXPECT_EQ(it->second.count, count) << code;
  };
  has("persons_detected", "persons", true);
  has("vessels_intercepted", "vessels", true);
  has("facilitators_arrested", "persons", true);
  has("facilitators_prosecuted", "persons", true);
  has("facilitators_convicted", "persons", true);
  has("victims_identified", "persons", true);
  has("deaths_recorded", "persons", true);
  has("persons_missing", "persons", true);
  has("median_fee_paid", "currency_per_person", false);
  has("fraudulent_documents_detected", "documents", true);
  has("online_recruitment_cases", "cases", true);
  EXPECT_TRUE(v1.indicators.at("median_fee_paid").monetary);
  EXPECT_THAT(v1.indicators.at("victims_identified").dimensions,
              ::testing::Contains("form_of_exploitation"));
  EXPECT_THAT(v1.indicators.at("fraudulent_documents_detected").dimensions,
              ::testing::Contains("document_type"));
  for (const char* d : {"nationality", "sex", "age_band", "form_of_exploitation"}) {
    EXPECT_TRUE(v1.dimensions.contains(d)) << d;
  }
  EXPECT_TRUE(v1.dimensions.at("nationality").nationality_codes);
}

TEST(CodebookLoader, MissingDirectoryOrFilesAreNotFound) {
  absl::StatusOr<ReportVocabulary> v = LoadReportVocabulary("/nonexistent/codebook");
  EXPECT_EQ(v.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Message(v.status()), HasSubstr("reporting.codebook_dir"));

  ScratchDir empty;
  v = LoadReportVocabulary(empty.path());
  EXPECT_EQ(v.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Message(v.status()), HasSubstr("no codebook-v<N>.textproto"));

  ScratchDir no_lists;
  no_lists.WriteFile("codebook-v1.textproto", ReadShipped("codebook-v1.textproto"));
  v = LoadReportVocabulary(no_lists.path());
  EXPECT_EQ(v.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Message(v.status()), HasSubstr("geography.textproto"));
}

TEST(CodebookLoader, LoadsEveryVersionInTheDirectory) {
  ScratchDir dir;
  WriteReferenceLists(dir);
  std::string v1 = ReadShipped("codebook-v1.textproto");
  dir.WriteFile("codebook-v1.textproto", v1);
  std::string v2 = v1;
  v2.replace(v2.find("version: \"1\""), 12, "version: \"2\"");
  dir.WriteFile("codebook-v2.textproto", v2);
  dir.WriteFile("README.md", "not a codebook");
  absl::StatusOr<ReportVocabulary> v = LoadReportVocabulary(dir.path());
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->KnownVersions(), "\"1\", \"2\"");
}

TEST(CodebookLoader, VersionMustMatchTheFileName) {
  ScratchDir dir;
  WriteReferenceLists(dir);
  dir.WriteFile("codebook-v3.textproto", ReadShipped("codebook-v1.textproto"));
  absl::StatusOr<ReportVocabulary> v = LoadReportVocabulary(dir.path());
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(v.status()),
              AllOf(MatchesRegex("codebook-v3.textproto:[0-9]+:[0-9]+: version: .*"),
                    HasSubstr("set version: \"3\"")));
}

TEST(CodebookLoader, SyntaxErrorsAndUnknownKeysNameFileAndLine) {
  ScratchDir dir;
  WriteReferenceLists(dir);
  dir.WriteFile("codebook-v1.textproto",
                "version: \"1\"\nindicators {\n  code: \"x\"\n  unti: \"persons\"\n}\n");
  absl::StatusOr<ReportVocabulary> v = LoadReportVocabulary(dir.path());
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(v.status()),
              AllOf(StartsWith("codebook-v1.textproto:4:"), HasSubstr("unti")));
}

TEST(CodebookLoader, InconsistentContentNamesTheElementAndItsLine) {
  ScratchDir dir;
  WriteReferenceLists(dir);
  dir.WriteFile(
      "codebook-v1.textproto",
      "version: \"1\"\n"
      "dimensions { code: \"sex\" category_source: LISTED categories { code: \"female\" } }\n"
      "indicators {\n"
      "  code: \"persons_detected\"\n"
      "  unit: \"persons\"\n"
      "  count: true\n"
      "  disaggregations: [\"sex\", \"age_band\"]\n"
      "  themes: [PEOPLE_SMUGGLING]\n"
      "}\n"
      "indicators { code: \"persons_detected\" unit: \"persons\" themes: [PEOPLE_SMUGGLING] }\n"
      "indicators { code: \"fee\" unit: \"usd\" count: true monetary: true themes: "
      "[PEOPLE_SMUGGLING] }\n");
  absl::StatusOr<ReportVocabulary> v = LoadReportVocabulary(dir.path());
  ASSERT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string m = Message(v.status());
  EXPECT_THAT(m, HasSubstr("codebook-v1.textproto:3:1: indicators[0].disaggregations[1]: "
                           "\"age_band\" is not a dimension of this codebook"));
  EXPECT_THAT(m, HasSubstr("codebook-v1.textproto:10:14: indicators[1].code: "
                           "\"persons_detected\" is defined twice"));
  EXPECT_THAT(m, HasSubstr("indicators[2].monetary: an amount of money cannot be a count"));
}

TEST(CodebookLoader, ReferenceListsAreChecked) {
  ScratchDir dir;
  dir.WriteFile("codebook-v1.textproto", ReadShipped("codebook-v1.textproto"));
  dir.WriteFile("geography.textproto",
                "countries { alpha2: \"ID\" alpha3: \"IDN\" name: \"Indonesia\" }\n"
                "countries { alpha2: \"id\" alpha3: \"IDN\" name: \"again\" }\n"
                "subdivisions { code: \"MY-10\" name: \"Selangor\" }\n"
                "special_nationalities { code: \"IDN\" label: \"clash\" }\n");
  dir.WriteFile("routes.textproto", "routes { code: \"r\" name: \"R\" countries: [\"XY\"] }\n");
  dir.WriteFile("currencies.textproto",
                "currencies { code: \"USD\" } currencies { code: \"USD\" }\n");
  absl::StatusOr<ReportVocabulary> v = LoadReportVocabulary(dir.path());
  ASSERT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string m = Message(v.status());
  EXPECT_THAT(m, HasSubstr("geography.textproto:2:13: countries[1].alpha2: \"id\" is not alpha-2"));
  EXPECT_THAT(m, HasSubstr("countries[1].alpha3: \"IDN\" is listed twice"));
  EXPECT_THAT(m, HasSubstr("subdivisions[0].code: \"MY-10\" belongs to a country missing"));
  EXPECT_THAT(m, HasSubstr("special_nationalities[0].code: \"IDN\" is already"));
  EXPECT_THAT(m, HasSubstr("routes.textproto:1:1: routes[0].countries[0]: \"XY\" is not a listed"));
  EXPECT_THAT(m, HasSubstr("currencies[1].code: \"USD\" is listed twice"));
}

}  // namespace
}  // namespace rilon::validation
