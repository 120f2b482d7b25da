#include "node/config/node_config_loader.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "node/config/config_test_util.h"
#include "node/config/internal/config_schema.h"

namespace rilon::config {
namespace {

using ::rilon::config::testing::kMinimalConfig;
using ::rilon::config::testing::ScopedTempDir;
using ::rilon::config::testing::WriteFile;
using ::rilon::config::v1::NodeConfig;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kSource[] = "/etc/rilon/rilond.textproto";
constexpr char kBase[] = "/etc/rilon";

absl::StatusOr<NodeConfig> Parse(const std::string& text) {
  return ParseNodeConfig(text, kSource, kBase);
}

size_t LineCount(const absl::Status& status) {
  std::vector<absl::string_view> lines = absl::StrSplit(status.message(), '\n');
  return lines.size();
}

std::string Message(const absl::Status& status) { return std::string(status.message()); }

TEST(ParseNodeConfigTest, MinimalConfigIsValid) {
  absl::StatusOr<NodeConfig> config = Parse(kMinimalConfig);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->agency_id(), "au.abf");
  EXPECT_EQ(config->trust_domain(), "rilon.example");
  EXPECT_EQ(config->listen_address(), "127.0.0.1:7443");
}

TEST(ParseNodeConfigTest, SyntaxErrorReportsFileLineAndColumn) {
  // Line 2, column 15: the value is not quoted.
  absl::StatusOr<NodeConfig> config = Parse("agency_id: \"au.abf\"\ntrust_domain: rilon.example\n");
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(config.status()), StartsWith("/etc/rilon/rilond.textproto:2:15: "));
}

TEST(ParseNodeConfigTest, UnknownKeyReportsNameAndLine) {
  std::string text = absl::StrCat(kMinimalConfig, "limits {\n  max_mesage_bytes: 2048\n}\n");
  absl::StatusOr<NodeConfig> config = Parse(text);
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  // kMinimalConfig has 13 lines, so the misspelt key is on line 15.
  EXPECT_THAT(Message(config.status()),
              AllOf(StartsWith("/etc/rilon/rilond.textproto:15:"), HasSubstr("max_mesage_bytes")));
}

TEST(ParseNodeConfigTest, DuplicateKeyIsRefused) {
  absl::StatusOr<NodeConfig> config =
      Parse(absl::StrCat(kMinimalConfig, "agency_id: \"id.bnp\"\n"));
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(config.status()),
              AllOf(StartsWith("/etc/rilon/rilond.textproto:14:"), HasSubstr("agency_id")));
}

TEST(ParseNodeConfigTest, EmptyFileIsRefused) {
  for (const char* text : {"", " \n\t\n"}) {
    absl::StatusOr<NodeConfig> config = Parse(text);
    ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(Message(config.status()), HasSubstr("is empty"));
  }
}

TEST(ParseNodeConfigTest, FileOverOneMebibyteIsRefused) {
  std::string text = absl::StrCat(kMinimalConfig, std::string(1024 * 1024, '#'));
  absl::StatusOr<NodeConfig> config = Parse(text);
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(config.status()), HasSubstr("larger than the 1048576 bytes"));
}

// Each required key, removed on its own, is reported by name and nothing else is.
class MissingKeyTest : public ::testing::TestWithParam<const char*> {};

TEST_P(MissingKeyTest, IsReportedByName) {
  NodeConfig raw;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kMinimalConfig, &raw));
  absl::StatusOr<internal::FieldRef<google::protobuf::Message>> field =
      internal::FindMutableField(raw, GetParam());
  ASSERT_TRUE(field.ok()) << field.status();
  field->message->GetReflection()->ClearField(field->message, field->field);
  std::string text;
  ASSERT_TRUE(google::protobuf::TextFormat::PrintToString(raw, &text));

  absl::StatusOr<NodeConfig> config = Parse(text);
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(config.status()),
              HasSubstr(absl::StrCat(kSource, ": ", GetParam(), ": required key is missing")));
  EXPECT_EQ(LineCount(config.status()), 1u) << config.status();
}

INSTANTIATE_TEST_SUITE_P(RequiredKeys, MissingKeyTest,
                         ::testing::Values("agency_id", "trust_domain", "listen_address",
                                           "tls.ca_file", "tls.cert_file", "tls.key_file",
                                           "signing.cert_file", "signing.key_file",
                                           "storage.data_dir"));

TEST(ParseNodeConfigTest, BadAgencyIdIsRefusedWithItsLine) {
  std::string text = absl::StrCat(kMinimalConfig, "");
  text.replace(text.find("\"au.abf\""), 8, "\"AU.ABF\"");
  absl::StatusOr<NodeConfig> config = Parse(text);
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(config.status()),
              StartsWith("/etc/rilon/rilond.textproto:1:1: agency_id: \"AU.ABF\" is not an "
                         "agency id"));
}

TEST(ParseNodeConfigTest, BadTrustDomainIsRefused) {
  for (const char* domain :
       {"Rilon.Example", "rilon..example", "-rilon.example", "rilon_example"}) {
    std::string text = kMinimalConfig;
    text.replace(text.find("\"rilon.example\""), 15, absl::StrCat("\"", domain, "\""));
    absl::StatusOr<NodeConfig> config = Parse(text);
    ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument) << domain;
    EXPECT_THAT(Message(config.status()), HasSubstr("trust_domain: \"")) << domain;
  }
}

TEST(ParseNodeConfigTest, BadListenAddressIsRefused) {
  for (const char* address : {"7443", "127.0.0.1", "::1:7443", "127.0.0.1:65536", "[::1]7443"}) {
    std::string text = kMinimalConfig;
    text.replace(text.find("\"127.0.0.1:7443\""), 16, absl::StrCat("\"", address, "\""));
    absl::StatusOr<NodeConfig> config = Parse(text);
    ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument) << address;
    EXPECT_THAT(Message(config.status()),
                StartsWith(absl::StrCat(kSource, ":3:1: listen_address: \"", address, "\"")))
        << address;
  }
}

TEST(ParseNodeConfigTest, BadLogLevelIsRefused) {
  absl::StatusOr<NodeConfig> config =
      Parse(absl::StrCat(kMinimalConfig, "log_level: \"verbose\"\n"));
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(config.status()),
              HasSubstr("log_level: \"verbose\" is not a log level: use info, debug, warning, "
                        "error"));
}

TEST(ParseNodeConfigTest, LimitAboveMaximumIsRefusedWithItsLine) {
  absl::StatusOr<NodeConfig> config =
      Parse(absl::StrCat(kMinimalConfig, "limits {\n  max_message_bytes: 16777217\n}\n"));
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(config.status()),
              StartsWith("/etc/rilon/rilond.textproto:15:3: limits.max_message_bytes: 16777217 "
                         "is above the maximum 16777216"));
}

TEST(ParseNodeConfigTest, LimitBelowMinimumIsRefused) {
  absl::StatusOr<NodeConfig> config =
      Parse(absl::StrCat(kMinimalConfig, "feed { live_window: 15 }\n"));
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(config.status()), HasSubstr("feed.live_window: 15 is below the minimum 16"));
}

TEST(ParseNodeConfigTest, LimitsAtTheirBoundsAreAccepted) {
  absl::StatusOr<NodeConfig> config = Parse(absl::StrCat(
      kMinimalConfig,
      "limits { max_message_bytes: 1024 memory_quota_bytes: 17179869184 max_subscribers: 10000 }\n"
      "feed { live_window: 1000000 max_events_per_message: 1 }\n"));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->limits().memory_quota_bytes(), 17179869184u);
}

TEST(ParseNodeConfigTest, SeveralProblemsAreReportedTogether) {
  std::string text = kMinimalConfig;
  text.replace(text.find("\"au.abf\""), 8, "\"australia\"");
  text.replace(text.find("\"127.0.0.1:7443\""), 16, "\"127.0.0.1\"");
  text.replace(text.find("storage { data_dir: \"data\" }"), 28, "");
  text += "limits { max_concurrent_streams: 5000 }\nlog_level: \"loud\"\n";
  absl::StatusOr<NodeConfig> config = Parse(text);
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  std::string message = Message(config.status());
  EXPECT_EQ(LineCount(config.status()), 5u) << message;
  EXPECT_THAT(message, AllOf(HasSubstr("agency_id: \"australia\""),
                             HasSubstr("listen_address: \"127.0.0.1\""),
                             HasSubstr("storage.data_dir: required key is missing"),
                             HasSubstr("limits.max_concurrent_streams: 5000 is above"),
                             HasSubstr("log_level: \"loud\"")));
}

TEST(ParseNodeConfigTest, DefaultsAreFilledForZeroValues) {
  absl::StatusOr<NodeConfig> config =
      Parse(absl::StrCat(kMinimalConfig, "limits { max_subscribers: 10 max_message_bytes: 0 }\n"));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->limits().max_message_bytes(), 1048576u);
  EXPECT_EQ(config->limits().max_concurrent_streams(), 64u);
  EXPECT_EQ(config->limits().handshake_timeout_ms(), 10000u);
  EXPECT_EQ(config->limits().max_connection_age_s(), 3600u);
  EXPECT_EQ(config->limits().max_metadata_bytes(), 16384u);
  EXPECT_EQ(config->limits().memory_quota_bytes(), 268435456u);
  EXPECT_EQ(config->limits().max_subscribers(), 10u);  // set explicitly: kept
  EXPECT_EQ(config->storage().max_commit_batch(), 256u);
  EXPECT_EQ(config->feed().live_window(), 8192u);
  EXPECT_EQ(config->feed().max_events_per_message(), 256u);
  EXPECT_EQ(config->log_level(), "info");
}

TEST(ParseNodeConfigTest, RelativePathsAreResolvedAgainstBaseDir) {
  std::string text = kMinimalConfig;
  text.replace(text.find("\"data\""), 6, "\"../../var/lib/rilond\"");
  text.replace(text.find("\"pki/ca/ca.crt\""), 15, "\"/opt/pki/./ca.crt\"");
  absl::StatusOr<NodeConfig> config = Parse(text);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->tls().ca_file(), "/opt/pki/ca.crt");
  EXPECT_EQ(config->tls().cert_file(), "/etc/rilon/pki/agencies/au.abf/node/node.crt");
  EXPECT_EQ(config->tls().key_file(), "/etc/rilon/pki/agencies/au.abf/node/node.key");
  EXPECT_EQ(config->signing().cert_file(), "/etc/rilon/pki/agencies/au.abf/signing/signing.crt");
  EXPECT_EQ(config->signing().key_file(), "/etc/rilon/pki/agencies/au.abf/signing/signing.key");
  EXPECT_EQ(config->storage().data_dir(), "/var/lib/rilond");
}

TEST(LoadNodeConfigTest, ResolvesPathsAgainstTheFilesDirectory) {
  ScopedTempDir dir;
  std::string path = dir.Join("rilond.textproto");
  WriteFile(path, kMinimalConfig);
  absl::StatusOr<NodeConfig> config = LoadNodeConfig(path);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->tls().ca_file(), dir.Join("pki/ca/ca.crt"));
  EXPECT_EQ(config->storage().data_dir(), dir.Join("data"));
}

TEST(LoadNodeConfigTest, RelativeConfigPathResolvesAgainstTheWorkingDirectory) {
  ScopedTempDir dir;
  WriteFile(dir.Join("rilond.textproto"), kMinimalConfig);
  std::filesystem::path previous = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  absl::StatusOr<NodeConfig> config = LoadNodeConfig("rilond.textproto");
  std::filesystem::current_path(previous);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->storage().data_dir(), dir.Join("data"));
}

TEST(LoadNodeConfigTest, ErrorsNameTheFile) {
  ScopedTempDir dir;
  std::string path = dir.Join("rilond.textproto");
  WriteFile(path, "agency_id: \"au.abf\"\nbogus: 1\n");
  absl::StatusOr<NodeConfig> config = LoadNodeConfig(path);
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(config.status()),
              AllOf(StartsWith(absl::StrCat(path, ":2:")), HasSubstr("\"bogus\"")));
}

TEST(LoadNodeConfigTest, MissingFileIsNotFound) {
  ScopedTempDir dir;
  absl::StatusOr<NodeConfig> config = LoadNodeConfig(dir.Join("absent.textproto"));
  ASSERT_EQ(config.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Message(config.status()), HasSubstr("absent.textproto does not exist"));
}

TEST(LoadNodeConfigTest, DirectoryAndOversizedFileAreRefused) {
  ScopedTempDir dir;
  EXPECT_EQ(LoadNodeConfig(dir.path()).status().code(), absl::StatusCode::kInvalidArgument);
  std::string big = dir.Join("big.textproto");
  WriteFile(big, std::string(1024 * 1024 + 1, ' '));
  absl::StatusOr<NodeConfig> config = LoadNodeConfig(big);
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(config.status()), HasSubstr("larger than"));
}

TEST(ReportingConfigTest, DefaultsAreTheShippedDataFiles) {
  absl::StatusOr<NodeConfig> config = Parse(kMinimalConfig);
  ASSERT_TRUE(config.ok()) << config.status();
  const std::string& dir = config->reporting().codebook_dir();
  EXPECT_TRUE(std::filesystem::exists(dir + "/codebook-v1.textproto")) << dir;
  ASSERT_EQ(config->reporting().screening_pattern_files_size(), 1);
  EXPECT_TRUE(std::filesystem::exists(config->reporting().screening_pattern_files(0)))
      << config->reporting().screening_pattern_files(0);
  EXPECT_EQ(config->reporting().small_cell_threshold(), 5u);
}

TEST(ReportingConfigTest, PathsAreResolvedAndEmptyPatternFilesRefused) {
  absl::StatusOr<NodeConfig> config = Parse(absl::StrCat(
      kMinimalConfig,
      "reporting {\n  codebook_dir: \"codebook\"\n"
      "  screening_pattern_files: [\"/usr/share/rilon/screening/nominal_patterns.textproto\", "
      "\"site/../screening-site.textproto\"]\n  small_cell_threshold: 10\n}\n"));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->reporting().codebook_dir(), "/etc/rilon/codebook");
  EXPECT_THAT(config->reporting().screening_pattern_files(),
              ::testing::ElementsAre("/usr/share/rilon/screening/nominal_patterns.textproto",
                                     "/etc/rilon/screening-site.textproto"));
  EXPECT_EQ(config->reporting().small_cell_threshold(), 10u);

  config = Parse(absl::StrCat(kMinimalConfig,
                              "reporting { screening_pattern_files: [\"a.textproto\", \"\"] }\n"));
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(config.status()),
              HasSubstr("reporting.screening_pattern_files[1]: is empty"));
  config = Parse(absl::StrCat(kMinimalConfig, "reporting { small_cell_threshold: 1 }\n"));
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(config.status()), HasSubstr("reporting.small_cell_threshold: 1 is below"));
}

// The shipped example must always load: it is what operators copy.
TEST(ExampleConfigTest, ParsesAndShowsEveryKeyWithItsDefault) {
  const char* source_dir = std::getenv("RILON_SOURCE_DIR");
  ASSERT_NE(source_dir, nullptr) << "RILON_SOURCE_DIR is set by ctest";
  std::string path = absl::StrCat(source_dir, "/deploy/rilond.example.textproto");
  absl::StatusOr<NodeConfig> config = LoadNodeConfig(path);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->tls().ca_file(), absl::StrCat(source_dir, "/deploy/pki/ca/ca.crt"));

  // Every key is written out (not left to defaults), and the numbers shown are the defaults.
  std::string text;
  {
    std::ifstream in(path);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  NodeConfig raw;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &raw));
  for (const internal::StringKey& key : internal::StringKeys()) {
    auto field = internal::FindField(raw, key.key);
    ASSERT_TRUE(field.ok()) << field.status();
    EXPECT_FALSE(field->message->GetReflection()->GetString(*field->message, field->field).empty())
        << std::string(key.key) << " is missing from the example";
  }
  for (const internal::NumericKey& key : internal::NumericKeys()) {
    auto field = internal::FindField(raw, key.key);
    ASSERT_TRUE(field.ok()) << field.status();
    EXPECT_EQ(*internal::GetUnsigned(*field), key.default_value)
        << std::string(key.key) << " in the example is not its default";
  }
  EXPECT_EQ(raw.log_level(), "info");
}

TEST(SigningConfigTest, RetiredSigningCertificatesAreResolvedAndEmptyEntriesRefused) {
  const std::string with_retired = absl::StrReplaceAll(
      kMinimalConfig,
      {{"  key_file: \"pki/agencies/au.abf/signing/signing.key\"\n",
        "  key_file: \"pki/agencies/au.abf/signing/signing.key\"\n"
        "  previous_cert_files: [\"pki/agencies/au.abf/signing/retired/signing-01.crt\", "
        "\"/srv/old.crt\"]\n"}});
  absl::StatusOr<NodeConfig> config = Parse(with_retired);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_THAT(config->signing().previous_cert_files(),
              ::testing::ElementsAre(
                  "/etc/rilon/pki/agencies/au.abf/signing/retired/signing-01.crt", "/srv/old.crt"));

  config = Parse(absl::StrReplaceAll(with_retired, {{"\"/srv/old.crt\"", "\"\""}}));
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(config.status()), HasSubstr("signing.previous_cert_files[1]: is empty"));
}

}  // namespace
}  // namespace rilon::config
