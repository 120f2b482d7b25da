// The Screener over the shipped pattern file: one test per kind of identifier (found, and the
// look-alikes of aggregate reporting that must pass), offsets, masking, the refusal message and
// an operator's own pattern file taking effect.
#include "node/validation/screening/screener.h"

#include <set>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "node/validation/screening/test_support.h"

namespace rilon::validation::screening {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

std::set<std::string> Kinds(std::string_view text) {
  std::set<std::string> kinds;
  for (const Finding& f : testing::ShippedScreener().Screen("report.narrative", text)) {
    kinds.insert(f.kind);
  }
  return kinds;
}

void ExpectKind(std::string_view kind, std::initializer_list<std::string_view> texts) {
  for (std::string_view text : texts) EXPECT_THAT(Kinds(text), Contains(kind)) << text;
}

void ExpectClean(std::initializer_list<std::string_view> texts) {
  for (std::string_view text : texts) EXPECT_THAT(Kinds(text), IsEmpty()) << text;
}

TEST(ScreenerKinds, PassportNumbers) {
  ExpectKind("passport_number",
             {"passport no. A1234567 was seized", "His PP no: EB0123456 (Bangladesh)",
              "paspor nomor B 1234567 atas nama tersangka"});
  ExpectClean({"412 passports seized in 2026, up from 38 in 2025",
               "passports were sold for IDR 15000000 each"});
}

TEST(ScreenerKinds, NationalIds) {
  ExpectKind("national_id", {"KTP with NIK 3171010101900001", "a forged MyKad 900101-14-5678",
                             "Bangladesh NID 1990123456789 was used", "Thai ID card 1103700123458",
                             "NRC 12/OuKaMa(N)123456", "his NIC 853400937V"});
  ExpectClean({"fake KTP cards (16 in total) were produced in Medan",
               "ID cards of 3,412 persons were checked in 2026-Q3"});
}

TEST(ScreenerKinds, MrzLines) {
  ExpectKind("mrz_line", {"P<IDNSANTOSO<<BUDI<<<<<<<<<<<<<<<<<<<<<<<<<<",
                          "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
                          "copied: L898902C36UTO7408122F1204159ZE1842261234567"});
  ExpectClean({"route Teknaf <<< Aceh was reversed", "PASSPORT CHECKS INCREASED IN 2026"});
}

TEST(ScreenerKinds, PhoneNumbers) {
  ExpectKind("phone_number",
             {"call +62 812-3456-7890", "0062 812 3456 7890", "Indonesian HP 0812 3456 7890",
              "Malaysia 012-3456789", "Thai mobile 081-234-5678", "BD 01712345678",
              "Aus 0412 345 678", "WhatsApp 7723 4567 (Timor-Leste)"});
  ExpectClean({"median fee USD 1,200", "2026-Q3 saw 412 arrivals",
               "WhatsApp groups with 1,200 members", "patrol from 0600-0800 hrs",
               "between 2019-2023 the flow rose"});
}

TEST(ScreenerKinds, EmailAndSocialMedia) {
  ExpectKind("email", {"write to rahim.travel99@gmail.com", "rahim99 at gmail dot com"});
  ExpectKind("social_media_handle",
             {"TikTok @rahim_travel", "see facebook.com/rahim.travel.bd",
              "Telegram: agent_kupang77", "Facebook page \"Jalan ke Australia\""});
  ExpectClean({"recruitment via Facebook pages and TikTok", "fee @ USD 500 per person",
               "Telegram channels were monitored by the unit"});
}

TEST(ScreenerKinds, DatesOfBirth) {
  ExpectKind("date_of_birth", {"born on 12 March 1990 in Sittwe", "DOB: 12/03/1990",
                               "tgl lahir 05-11-1988", "D.O.B 1990-03-12"});
  ExpectClean({"the boat departed on 3 July 2026", "period 2026-Q3",
               "birth registration remains low since 1982"});
}

TEST(ScreenerKinds, AgesOfPersons) {
  ExpectKind("age_of_person",
             {"a 17-year-old girl named in the file", "the captain, aged 45, fled",
              "a woman (32) from Maungdaw", "umur 17 tahun", "Budi (34) was detained"});
  ExpectClean({"passengers aged 18-25 made up half", "40 children aged under 18", "average age 27",
               "a 10-year-old wooden boat", "adults aged 18 and over"});
}

TEST(ScreenerKinds, PersonalNames) {
  ExpectKind("personal_name",
             {"Mr Rahim arranged the boat", "the boat captain Abdul Karim was arrested",
              "a man named Nur Alam collected fees", "the smuggler Kyaw Zaw Oo",
              "Sdr. Budi Santoso alias Gondrong", "Somchai Jaidee, the Thai broker",
              "Nguyen Van Hung organised the group", "known as Bhai Jaan"});
  ExpectClean({"the captain was arrested in Kupang", "the agent in Teknaf collected fees",
               "the boat left Cox's Bazar for the Andaman Sea", "an area known as Shah Porir Dwip",
               "the Malaysian agent arranged transport", "Sultan Iskandar Muda airport"});
}

TEST(ScreenerKinds, StreetAddresses) {
  ExpectKind("street_address", {"a house at Jalan Ampang No. 12", "12 Smith Street, Darwin",
                                "Soi 5, Ranong", "RT 03/RW 05 Kelurahan Oesapa",
                                "House 12, Road 5, Teknaf", "Block C, shelter no. 123"});
  ExpectClean({"5 km along the Teknaf road", "Camp 15 in Ukhiya", "jalan tikus across the border"});
}

TEST(ScreenerKinds, CrewLists) {
  ExpectKind("crew_list", {"Crew: Abdul Rahman (captain), Mohammad Salim (engineer), Karim (cook)",
                           "The crew were Budi, Yohanes and Markus Ndolu"});
  ExpectClean({"The crew were Indonesian, Myanmar and Thai nationals",
               "crew: 4 Indonesian nationals (captain, engineer, 2 deckhands)"});
}

TEST(Screener, OffsetsCountCharactersNotBytes) {
  // "→" is three bytes in UTF-8 and one character.
  const std::string text = "Cox's Bazar → Aceh; Mr Rahim paid";
  const std::vector<Finding> findings = testing::ShippedScreener().Screen("report.route", text);
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.field_path, "report.route");
  EXPECT_EQ(f.kind, "personal_name");
  EXPECT_EQ(f.pattern_id, "name.title");
  EXPECT_EQ(f.char_offset, 23u);
  EXPECT_EQ(f.char_length, 5u);
  EXPECT_EQ(f.byte_offset, 25u);
  EXPECT_EQ(text.substr(f.byte_offset, f.byte_length), "Rahim");
}

TEST(Screener, FindingsAreSortedAndMasked) {
  const std::string text = "Call 0812 3456 7890 or mail rahim.travel99@gmail.com";
  const std::vector<Finding> findings = testing::ShippedScreener().Screen("report.narrative", text);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].kind, "phone_number");
  EXPECT_EQ(findings[0].char_offset, 5u);
  EXPECT_EQ(findings[0].masked, "0*** **** ***0");
  EXPECT_EQ(findings[1].kind, "email");
  EXPECT_EQ(findings[1].char_offset, 28u);
  EXPECT_THAT(findings[1].masked, Not(HasSubstr("rahim")));
}

TEST(Screener, AdjacentNamesAreEachFound) {
  const std::vector<Finding> findings =
      testing::ShippedScreener().Screen("f", "Nur Alam/Abdul Karim,Rahima paid");
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].char_offset, 0u);
  EXPECT_EQ(findings[1].char_offset, 9u);
  EXPECT_EQ(findings[2].char_offset, 21u);
}

TEST(Screener, SameIdentifierIsReportedOnce) {
  // Matches both the international and the context pattern for phone numbers.
  const std::vector<Finding> findings =
      testing::ShippedScreener().Screen("f", "WhatsApp +62 812-3456-7890");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "phone_number");
}

TEST(Screener, EmptyAndInvalidUtf8TextsAreHandled) {
  EXPECT_THAT(testing::ShippedScreener().Screen("f", ""), IsEmpty());
  const std::string invalid = "Mr \xC3 Rahim \xFF\xFE 0812 3456 7890 \xE2\x82";
  const std::vector<Finding> findings = testing::ShippedScreener().Screen("f", invalid);
  EXPECT_THAT(findings, Not(IsEmpty()));
}

TEST(Screener, ManyFindingsAreCapped) {
  std::string text;
  for (int i = 0; i < 80; ++i) text += "Mr Rahim, ";
  EXPECT_EQ(testing::ShippedScreener().Screen("f", text).size(), kMaxFindingsPerField);
}

TEST(FindingsToStatus, OkWithoutFindingsAndExplainsEachFinding) {
  EXPECT_TRUE(FindingsToStatus({}).ok());
  const std::vector<Finding> findings = testing::ShippedScreener().Screen(
      "report.narrative", "The agent Rahim used +62 812-3456-7890.");
  const absl::Status s = FindingsToStatus(findings);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), AllOf(HasSubstr("report.narrative"), HasSubstr("character 10"),
                                 HasSubstr("personal_name"), HasSubstr("character 21"),
                                 HasSubstr("phone_number"),
                                 HasSubstr("Suggestion: keep the role and drop the name"),
                                 Not(HasSubstr("Rahim")), Not(HasSubstr("3456"))));
}

TEST(FindingsToStatus, ListsAtMostTenFindings) {
  std::string text;
  for (int i = 0; i < 12; ++i) text += "Mr Rahim. ";
  const absl::Status s = FindingsToStatus(testing::ShippedScreener().Screen("f", text));
  EXPECT_THAT(s.message(), HasSubstr("... and 2 more"));
}

// An operator's site file, loaded after the shipped one: a name of their region, a place that
// looked like a name, and a pattern of their own.
TEST(OperatorPatterns, SiteFileTakesEffect) {
  const std::string name_text = "the group was led by Zulhelmi Ramadhan from Bireuen";
  const std::string place_text = "the captain Pulau Sebatik side was contacted";
  const std::string code_text = "seized under ref BRK-2026-0412";
  ASSERT_THAT(Kinds(name_text), IsEmpty()) << "choose a name the shipped lists lack";
  ASSERT_THAT(Kinds(place_text), Contains("personal_name"));
  ASSERT_THAT(Kinds(code_text), IsEmpty());

  testing::ScratchDir dir;
  const std::string site = dir.WriteFile("site.textproto", R"pb(
    # Names and places of our area.
    lists {
      name: "given_names"
      words: [ "Zulhelmi" ]
    }
    lists {
      name: "places"
      words: [ "Pulau Sebatik" ]
    }
    patterns {
      id: "site.informant_ref"
      kind: "informant_reference"
      pattern: "\\bBRK-\\d{4}-\\d{4}\\b"
      description: "an informant file reference"
      suggestion: "leave the reference out"
    }
  )pb");
  absl::StatusOr<std::unique_ptr<Screener>> screener =
      Screener::FromFiles({testing::ShippedPatternsPath(), site});
  ASSERT_TRUE(screener.ok()) << screener.status();
  EXPECT_EQ((*screener)->pattern_count(), testing::ShippedScreener().pattern_count() + 1);

  const std::vector<Finding> name = (*screener)->Screen("f", name_text);
  ASSERT_EQ(name.size(), 1u);
  EXPECT_EQ(name[0].kind, "personal_name");
  EXPECT_TRUE((*screener)->Screen("f", place_text).empty());
  const std::vector<Finding> code = (*screener)->Screen("f", code_text);
  ASSERT_EQ(code.size(), 1u);
  EXPECT_EQ(code[0].kind, "informant_reference");
  EXPECT_EQ(code[0].pattern_id, "site.informant_ref");
}

TEST(OperatorPatterns, SiteFileCanDisableAShippedPattern) {
  testing::ScratchDir dir;
  const std::string site = dir.WriteFile("site.textproto",
                                         "# PO boxes here belong to agencies and NGOs, never to "
                                         "persons.\ndisable: \"address.po_box\"\n");
  absl::StatusOr<std::unique_ptr<Screener>> screener =
      Screener::FromFiles({testing::ShippedPatternsPath(), site});
  ASSERT_TRUE(screener.ok()) << screener.status();
  EXPECT_THAT(Kinds("write to P.O. Box 123"), Contains("street_address"));
  EXPECT_TRUE((*screener)->Screen("f", "write to P.O. Box 123").empty());
}

}  // namespace
}  // namespace rilon::validation::screening
