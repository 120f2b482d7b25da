#include "client/client_settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "client/exit_codes.h"
#include "client/test_temp_dir.h"

namespace rilon::client {
namespace {

using ::testing::HasSubstr;

// An environment made of a map, so that tests never read or change the process environment.
Environment Env(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

constexpr char kFullFile[] = R"(
endpoint: "file-node:7443"
ca_file: "/pki/ca.crt"
cert_file: "/pki/file.crt"
key_file: "/pki/file.key"
timeout_ms: 2500
)";

class ClientSettingsTest : public ::testing::Test {
 protected:
  TestTempDir dir_;
};

TEST_F(ClientSettingsTest, FileAloneSuppliesEverything) {
  std::string file = dir_.Write("client.textproto", kFullFile);
  absl::StatusOr<ClientSettings> s = ResolveSettings({.config = file}, Env({}));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->endpoint, "file-node:7443");
  EXPECT_EQ(s->ca_file, "/pki/ca.crt");
  EXPECT_EQ(s->cert_file, "/pki/file.crt");
  EXPECT_EQ(s->key_file, "/pki/file.key");
  EXPECT_EQ(s->timeout, absl::Milliseconds(2500));
  EXPECT_EQ(s->config_file, file);
}

TEST_F(ClientSettingsTest, EnvironmentOverridesFileAndFlagsOverrideBoth) {
  std::string file = dir_.Write("client.textproto", kFullFile);
  Environment env = Env({{"RILON_CONFIG", file},
                         {"RILON_ENDPOINT", "env-node:7443"},
                         {"RILON_CERT_FILE", "/env/officer.crt"},
                         {"RILON_TIMEOUT", "20s"}});
  absl::StatusOr<ClientSettings> s =
      ResolveSettings({.endpoint = "flag-node:7443", .key = "/flag/officer.key"}, env);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->endpoint, "flag-node:7443");     // flag > env > file
  EXPECT_EQ(s->cert_file, "/env/officer.crt");  // env > file
  EXPECT_EQ(s->key_file, "/flag/officer.key");  // flag > file
  EXPECT_EQ(s->ca_file, "/pki/ca.crt");         // file only
  EXPECT_EQ(s->timeout, absl::Seconds(20));     // env > file
}

TEST_F(ClientSettingsTest, FlagTimeoutBeatsEnvironment) {
  std::string file = dir_.Write("client.textproto", kFullFile);
  absl::StatusOr<ClientSettings> s =
      ResolveSettings({.config = file, .timeout = "750ms"}, Env({{"RILON_TIMEOUT", "20s"}}));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->timeout, absl::Milliseconds(750));
}

TEST_F(ClientSettingsTest, FlagConfigBeatsRilonConfig) {
  std::string chosen = dir_.Write("chosen.textproto", kFullFile);
  std::string ignored = dir_.Write("ignored.textproto", "endpoint: \"other:1\"\n");
  absl::StatusOr<ClientSettings> s =
      ResolveSettings({.config = chosen}, Env({{"RILON_CONFIG", ignored}}));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->endpoint, "file-node:7443");
}

TEST_F(ClientSettingsTest, DefaultFileUnderXdgConfigHome) {
  dir_.Write("xdg/rilon/client.textproto", kFullFile);
  absl::StatusOr<ClientSettings> s = ResolveSettings(
      {}, Env({{"XDG_CONFIG_HOME", dir_.path() + "/xdg"}, {"HOME", "/nonexistent"}}));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->endpoint, "file-node:7443");
}

TEST_F(ClientSettingsTest, DefaultFileUnderHome) {
  dir_.Write("home/.config/rilon/client.textproto", kFullFile);
  absl::StatusOr<ClientSettings> s = ResolveSettings({}, Env({{"HOME", dir_.path() + "/home"}}));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->config_file, dir_.path() + "/home/.config/rilon/client.textproto");
}

TEST_F(ClientSettingsTest, MissingDefaultFileIsFineWhenEnvironmentGivesEverything) {
  absl::StatusOr<ClientSettings> s = ResolveSettings({}, Env({{"HOME", dir_.path()},
                                                              {"RILON_ENDPOINT", "127.0.0.1:7443"},
                                                              {"RILON_CA_FILE", "ca.crt"},
                                                              {"RILON_CERT_FILE", "me.crt"},
                                                              {"RILON_KEY_FILE", "me.key"}}));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->config_file, "");
  EXPECT_EQ(s->timeout, kDefaultTimeout);
  EXPECT_EQ(s->ca_file, "ca.crt");  // env paths are taken as given
}

TEST_F(ClientSettingsTest, MissingFileNamedExplicitlyIsAConfigurationError) {
  const std::string missing = dir_.path() + "/nope.textproto";
  for (const auto& [flags, env] : std::vector<std::pair<SettingsFlags, Environment>>{
           {{.config = missing}, Env({})}, {{}, Env({{"RILON_CONFIG", missing}})}}) {
    absl::StatusOr<ClientSettings> s = ResolveSettings(flags, env);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(ExitCodeOf(s.status()), ExitCode::kConfiguration);
    EXPECT_THAT(std::string(s.status().message()), HasSubstr(missing + " does not exist"));
  }
}

TEST_F(ClientSettingsTest, MissingSettingsAreListedWithWhereToPutThem) {
  absl::StatusOr<ClientSettings> s =
      ResolveSettings({.endpoint = "n:1", .ca = "ca.crt"}, Env({{"HOME", dir_.path()}}));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(ExitCodeOf(s.status()), ExitCode::kConfiguration);
  std::string message(s.status().message());
  EXPECT_THAT(message, HasSubstr("cert_file (or RILON_CERT_FILE, or --cert FILE)"));
  EXPECT_THAT(message, HasSubstr("key_file (or RILON_KEY_FILE, or --key FILE)"));
  EXPECT_THAT(message, ::testing::Not(HasSubstr("endpoint (")));
  EXPECT_THAT(message, HasSubstr(dir_.path() + "/.config/rilon/client.textproto"));
}

TEST_F(ClientSettingsTest, RelativePathsInFileAreRelativeToTheFile) {
  std::string file = dir_.Write("conf/client.textproto", R"(endpoint: "n:1"
ca_file: "pki/ca.crt"
cert_file: "~/me.crt"
key_file: "/abs/me.key"
)");
  absl::StatusOr<ClientSettings> s = ResolveSettings({.config = file}, Env({{"HOME", "/home/x"}}));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->ca_file, dir_.path() + "/conf/pki/ca.crt");
  EXPECT_EQ(s->cert_file, "/home/x/me.crt");
  EXPECT_EQ(s->key_file, "/abs/me.key");
}

TEST_F(ClientSettingsTest, BadSettingsFileGivesLineAndColumn) {
  std::string file = dir_.Write("client.textproto", "endpoint: \"n:1\"\n  endpont: \"x\"\n");
  absl::StatusOr<ClientSettings> s = ResolveSettings({.config = file}, Env({}));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kFailedPrecondition);
  std::string message(s.status().message());
  EXPECT_THAT(message, HasSubstr(file + ":2:3: unknown setting 'endpont'"));
  EXPECT_THAT(message, HasSubstr("did you mean 'endpoint'?"));

  std::string wrong_type = dir_.Write("typed.textproto", "timeout_ms: \"ten\"\n");
  absl::StatusOr<rilon::config::v1::ClientConfig> c = LoadClientConfigFile(wrong_type);
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(std::string(c.status().message()), HasSubstr(wrong_type + ":1:13: "));
}

TEST_F(ClientSettingsTest, BadValuesAreBlamedOnTheirSource) {
  std::string file = dir_.Write("client.textproto", kFullFile);
  absl::StatusOr<ClientSettings> flag = ResolveSettings({.config = file, .timeout = "10"}, Env({}));
  ASSERT_FALSE(flag.ok());
  EXPECT_EQ(ExitCodeOf(flag.status()), ExitCode::kUsage);
  EXPECT_THAT(std::string(flag.status().message()), HasSubstr("--timeout: '10' is not a duration"));

  absl::StatusOr<ClientSettings> env =
      ResolveSettings({.config = file}, Env({{"RILON_ENDPOINT", "https://node:7443"}}));
  ASSERT_FALSE(env.ok());
  EXPECT_EQ(ExitCodeOf(env.status()), ExitCode::kConfiguration);
  EXPECT_THAT(std::string(env.status().message()),
              HasSubstr("environment variable RILON_ENDPOINT='https://node:7443'"));

  std::string bad_file = dir_.Write("bad.textproto", "endpoint: \"node\"\n");
  absl::StatusOr<ClientSettings> in_file = ResolveSettings({.config = bad_file}, Env({}));
  ASSERT_FALSE(in_file.ok());
  EXPECT_EQ(ExitCodeOf(in_file.status()), ExitCode::kConfiguration);
  EXPECT_THAT(std::string(in_file.status().message()), HasSubstr(bad_file + ": endpoint: "));
}

TEST_F(ClientSettingsTest, EmptyEnvironmentVariablesCountAsUnset) {
  std::string file = dir_.Write("client.textproto", kFullFile);
  absl::StatusOr<ClientSettings> s =
      ResolveSettings({.config = file}, Env({{"RILON_ENDPOINT", ""}, {"RILON_TIMEOUT", ""}}));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->endpoint, "file-node:7443");
}

TEST(ParseTimeoutTest, AcceptsDurationsWithUnits) {
  EXPECT_EQ(*ParseTimeout("10s"), absl::Seconds(10));
  EXPECT_EQ(*ParseTimeout("500ms"), absl::Milliseconds(500));
  EXPECT_EQ(*ParseTimeout("1.5s"), absl::Milliseconds(1500));
  EXPECT_EQ(*ParseTimeout("2m"), absl::Minutes(2));
  EXPECT_EQ(*ParseTimeout("1h30m"), absl::Minutes(90));
}

TEST(ParseTimeoutTest, RefusesOtherForms) {
  for (const char* text : {"10", "", "ten seconds", "0s", "0", "-1s", "inf", "25h", "10 s"}) {
    absl::StatusOr<absl::Duration> d = ParseTimeout(text);
    EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument) << text;
  }
  EXPECT_THAT(std::string(ParseTimeout("10").status().message()), HasSubstr("e.g. 10s, 500ms"));
}

TEST(CheckEndpointTest, HostAndPort) {
  for (const char* ok : {"127.0.0.1:7443", "rilon.abf.example:1", "[::1]:7443", "node:65535"}) {
    EXPECT_TRUE(CheckEndpoint(ok).ok()) << ok;
  }
  for (const char* bad : {"node", "node:", ":7443", "node:0", "node:65536", "node:http",
                          "https://node:7443", "::1:7443"}) {
    EXPECT_EQ(CheckEndpoint(bad).code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace rilon::client
