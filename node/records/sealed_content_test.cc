#include "node/records/sealed_content.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "node/records/part_digest.h"
#include "rilon/v1/report_parts.pb.h"
#include "tests/testing/sample_reports.h"

namespace rilon::records {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Paths(const SealedContent& sealed) {
  std::vector<std::string> paths;
  for (const rilon::v1::PartDigest& d : sealed.digests) paths.push_back(d.path());
  return paths;
}

TEST(SealReportTest, SplitsTheReportIntoPartsInCanonicalOrder) {
  rilon::v1::TrendReport report = rilon::testing::SampleTrendReport();
  report.mutable_measures()->DeleteSubrange(2, 2);  // keep two measures: 1 cell and 10 cells
  report.mutable_measures(1)->mutable_disaggregations()->DeleteSubrange(2, 8);
  absl::StatusOr<SealedContent> sealed = SealReport(report);
  ASSERT_TRUE(sealed.ok()) << sealed.status();
  EXPECT_THAT(Paths(*sealed), ElementsAre("narrative", "sources", "countries", "routes", "m0",
                                          "m0.v", "m0.d0", "m1", "m1.v", "m1.d0", "m1.d1"));
  ASSERT_EQ(sealed->parts.size(), sealed->digests.size());
  PartHasher hasher;
  for (size_t i = 0; i < sealed->parts.size(); ++i) {
    const rilon::v1::DisclosedPart& part = sealed->parts[i];
    EXPECT_EQ(part.path(), sealed->digests[i].path());
    EXPECT_EQ(part.salt().size(), kPartSaltBytes);
    EXPECT_EQ(sealed->digests[i].digest(), hasher.Digest(part.path(), part.salt(), part.value()));
  }
  rilon::v1::MeasurePart descriptor;
  ASSERT_TRUE(descriptor.ParseFromString(sealed->parts[7].value()));
  EXPECT_EQ(descriptor.indicator(), report.measures(1).indicator());
  EXPECT_EQ(descriptor.unit(), "persons");
  rilon::v1::Disaggregation cell;
  ASSERT_TRUE(cell.ParseFromString(sealed->parts[10].value()));
  EXPECT_EQ(cell.category(), report.measures(1).disaggregations(1).category());
}

TEST(SealReportTest, TheSkeletonKeepsOnlyWhatNoPartHolds) {
  rilon::v1::TrendReport report = rilon::testing::SampleTrendReport();
  absl::StatusOr<SealedContent> sealed = SealReport(report);
  ASSERT_TRUE(sealed.ok()) << sealed.status();
  rilon::v1::TrendReport skeleton;
  ASSERT_TRUE(skeleton.ParseFromString(sealed->skeleton));
  EXPECT_TRUE(skeleton.narrative().empty());
  EXPECT_EQ(skeleton.sources_size(), 0);
  EXPECT_EQ(skeleton.measures_size(), 0);
  EXPECT_EQ(skeleton.geography().countries_size(), 0);
  EXPECT_EQ(skeleton.geography().routes_size(), 0);
  EXPECT_TRUE(skeleton.geography().route_note().empty());
  EXPECT_EQ(skeleton.theme(), report.theme());
  EXPECT_EQ(skeleton.mode(), report.mode());
  EXPECT_EQ(skeleton.period().quarter().quarter(), 3);
  EXPECT_EQ(skeleton.codebook_version(), "1");
}

TEST(SealReportTest, AReportWithoutGeographyKeepsNoneInItsSkeleton) {
  rilon::v1::TrendReport report = rilon::testing::SampleTrendReport();
  report.clear_geography();
  absl::StatusOr<SealedContent> sealed = SealReport(report);
  ASSERT_TRUE(sealed.ok()) << sealed.status();
  rilon::v1::TrendReport skeleton;
  ASSERT_TRUE(skeleton.ParseFromString(sealed->skeleton));
  EXPECT_FALSE(skeleton.has_geography()) << "opening it would give back a different report";
}

TEST(SealReportTest, EmptyFieldsStillGetAPart) {
  rilon::v1::TrendReport report;
  report.add_measures()->set_indicator("vessels_intercepted");
  absl::StatusOr<SealedContent> sealed = SealReport(report);
  ASSERT_TRUE(sealed.ok()) << sealed.status();
  EXPECT_THAT(Paths(*sealed),
              ElementsAre("narrative", "sources", "countries", "routes", "m0", "m0.v"));
}

TEST(SealReportTest, SaltsDifferBetweenTwoSealsOfTheSameReport) {
  const rilon::v1::TrendReport report = rilon::testing::SampleTrendReport();
  absl::StatusOr<SealedContent> a = SealReport(report);
  absl::StatusOr<SealedContent> b = SealReport(report);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->parts.size(), b->parts.size());
  for (size_t i = 0; i < a->parts.size(); ++i) {
    EXPECT_EQ(a->parts[i].value(), b->parts[i].value()) << a->parts[i].path();
    EXPECT_NE(a->parts[i].salt(), b->parts[i].salt()) << a->parts[i].path();
    EXPECT_NE(a->digests[i].digest(), b->digests[i].digest()) << a->parts[i].path();
  }
  for (size_t i = 1; i < a->parts.size(); ++i) {
    EXPECT_NE(a->parts[i].salt(), a->parts[i - 1].salt());
  }
}

// The commitment is part of the signed format every node computes alike (part_digest.h): pinned
// here by vectors computed independently (SHA-256 of the bytes the contract lists).
TEST(PartHasherTest, MatchesKnownVectors) {
  PartHasher hasher;
  EXPECT_EQ(
      absl::BytesToHexString(hasher.Digest("m0.v", std::string(kPartSaltBytes, 's'), "value")),
      "4acb66c00bec51830aaf1356fbfb402e1e57a5c454b36c4d0854fe6a5b4adc35");
  std::string salt(kPartSaltBytes, '\0');
  for (size_t i = 0; i < salt.size(); ++i) salt[i] = static_cast<char>(i);
  EXPECT_EQ(absl::BytesToHexString(hasher.Digest("narrative", salt, "")),
            "c9f738c048b61b0dc3e22107ca68a5873e1b67d2e6043d1a2b64a0724e35ee10");
}

TEST(PartHasherTest, BindsContextPathSaltAndValue) {
  PartHasher hasher;
  const std::string salt(kPartSaltBytes, 's');
  const std::string base = hasher.Digest("m0.v", salt, "value");
  EXPECT_EQ(base.size(), kPartDigestBytes);
  EXPECT_EQ(base, hasher.Digest("m0.v", salt, "value"));
  EXPECT_NE(base, hasher.Digest("m1.v", salt, "value"));
  EXPECT_NE(base, hasher.Digest("m0.v", std::string(kPartSaltBytes, 't'), "value"));
  EXPECT_NE(base, hasher.Digest("m0.v", salt, "valuf"));
}

// Matches is Digest compared, for every length of `expected`; and a long value (many blocks)
// after short ones hashes from the same starting state.
TEST(PartHasherTest, MatchesIsTheDigestCompared) {
  PartHasher hasher;
  const std::string salt(kPartSaltBytes, 's');
  const std::string long_value(1000, 'x');
  const std::string digest = hasher.Digest("m0.d1", salt, long_value);
  EXPECT_TRUE(hasher.Matches("m0.d1", salt, long_value, digest));
  EXPECT_EQ(hasher.Digest("m0.d1", salt, long_value), digest);
  EXPECT_FALSE(hasher.Matches("m0.d2", salt, long_value, digest));
  EXPECT_FALSE(hasher.Matches("m0.d1", salt, long_value, digest.substr(0, 31)));
  EXPECT_FALSE(hasher.Matches("m0.d1", salt, long_value, digest + "x"));
  EXPECT_FALSE(hasher.Matches("m0.d1", salt, long_value, ""));
  std::string flipped = digest;
  flipped.back() = static_cast<char>(flipped.back() ^ 1);
  EXPECT_FALSE(hasher.Matches("m0.d1", salt, long_value, flipped));
}

}  // namespace
}  // namespace rilon::records
