// policy.file and directory in the node configuration: paths, and every refusal of a response
// group, each naming the entry and the line to fix.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "node/config/config_test_util.h"
#include "node/config/node_config_loader.h"

namespace rilon::config {
namespace {

using ::rilon::config::testing::kMinimalConfig;
using ::testing::HasSubstr;

absl::StatusOr<rilon::config::v1::NodeConfig> ParseWith(const std::string& extra) {
  return ParseNodeConfig(std::string(kMinimalConfig) + extra, "/etc/rilon/rilond.textproto",
                         "/etc/rilon");
}

std::string Message(const absl::Status& s) { return std::string(s.message()); }

TEST(PolicyConfigTest, PolicyFileIsOptionalAndResolved) {
  auto none = ParseWith("");
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(none->policy().file(), "");
  auto relative = ParseWith(R"(policy { file: "policy.textproto" })");
  ASSERT_TRUE(relative.ok()) << relative.status();
  EXPECT_EQ(relative->policy().file(), "/etc/rilon/policy.textproto");
}

TEST(DirectoryConfigTest, GroupsAreAccepted) {
  auto config = ParseWith(R"(directory {
  group { id: "mpsrg" agencies: ["au.abf", "id.polri"] }
  group { id: "andaman" agencies: ["my.mmea"] }
})");
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_EQ(config->directory().group_size(), 2);
  EXPECT_EQ(config->directory().group(0).agencies(1), "id.polri");
}

TEST(DirectoryConfigTest, EveryBadGroupIsRefusedWithItsKey) {
  auto config = ParseWith(R"(directory {
  group { id: "federation" agencies: ["au.abf"] }
  group { id: "mpsrg" agencies: ["au.abf", "Indonesia", "au.abf"] }
  group { id: "mpsrg" }
  group { id: "Bad Group" }
  group { agencies: ["au.abf"] }
})");
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message = Message(config.status());
  // The minimal config has 13 lines; the groups start on line 15.
  EXPECT_THAT(
      message,
      HasSubstr("rilond.textproto:15:11: directory.group[0].id: \"federation\" is reserved"));
  EXPECT_THAT(message, HasSubstr("directory.group[1]: agencies: \"Indonesia\" is not an agency id"));
  EXPECT_THAT(message, HasSubstr("directory.group[1]: agencies: \"au.abf\" is listed twice"));
  EXPECT_THAT(message, HasSubstr("directory.group[2].id: \"mpsrg\" is listed twice"));
  EXPECT_THAT(message, HasSubstr("directory.group[3].id: \"Bad Group\" is not a group id"));
  EXPECT_THAT(message, HasSubstr("directory.group[4].id: required key is missing"));
}

}  // namespace
}  // namespace rilon::config
