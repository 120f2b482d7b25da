// LivePolicy: loading from the configured file, "no policy file", and atomic replacement.
#include "node/policy/live_policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "node/policy/policy_file_loader.h"

namespace rilon::policyfile {
namespace {

using ::testing::HasSubstr;

constexpr char kPolicy[] = R"(version: "v.1"
agencies: ["au.abf"]
rule { id: "read" effect: ALLOW directions: [READ] }
)";

class LivePolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/live_policy_test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

  std::string dir_;
};

TEST_F(LivePolicyTest, NoFileMeansNoPolicy) {
  absl::StatusOr<std::unique_ptr<LivePolicy>> live = LivePolicy::Load("");
  ASSERT_TRUE(live.ok()) << live.status();
  EXPECT_EQ((*live)->Current(), nullptr);
  EXPECT_EQ((*live)->version(), "");
  EXPECT_EQ((*live)->path(), "");
  absl::Status replaced = (*live)->Replace(*LoadPolicyFile(Write("p", kPolicy)));
  EXPECT_EQ(replaced.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ((*live)->Current(), nullptr);
}

TEST_F(LivePolicyTest, LoadsAndReplaces) {
  const std::string path = Write("p.textproto", kPolicy);
  absl::StatusOr<std::unique_ptr<LivePolicy>> live = LivePolicy::Load(path);
  ASSERT_TRUE(live.ok()) << live.status();
  ASSERT_NE((*live)->Current(), nullptr);
  EXPECT_EQ((*live)->version(), "v.1");
  EXPECT_EQ((*live)->path(), path);
  EXPECT_EQ((*live)->generation(), 0u);

  std::shared_ptr<const policy::CompiledPolicy> old = (*live)->Current();
  std::string next_text = kPolicy;
  next_text.replace(next_text.find("v.1"), 3, "v.2");
  absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> next =
      LoadPolicyFile(Write("q.textproto", next_text));
  ASSERT_TRUE(next.ok()) << next.status();
  ASSERT_TRUE((*live)->Replace(*next).ok());
  EXPECT_EQ((*live)->version(), "v.2");
  EXPECT_EQ((*live)->generation(), 1u);
  EXPECT_EQ(old->version(), "v.1");  // a decision in flight keeps the policy it started with

  EXPECT_EQ((*live)->Replace(nullptr).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((*live)->version(), "v.2");
  EXPECT_EQ((*live)->generation(), 1u);
}

TEST_F(LivePolicyTest, InvalidFileNamesTheKeyAndTheLine) {
  const std::string path =
      Write("bad.textproto", "version: \"v.1\"\nrule { id: \"x\" efect: ALLOW }\n");
  absl::StatusOr<std::unique_ptr<LivePolicy>> live = LivePolicy::Load(path);
  ASSERT_EQ(live.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(live.status().message()), HasSubstr("policy.file: "));
  EXPECT_THAT(std::string(live.status().message()), HasSubstr(path + ":2:"));
}

TEST_F(LivePolicyTest, MissingFileIsNotFound) {
  absl::StatusOr<std::unique_ptr<LivePolicy>> live = LivePolicy::Load(dir_ + "/absent");
  EXPECT_EQ(live.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(live.status().message()), HasSubstr("policy.file: "));
}

}  // namespace
}  // namespace rilon::policyfile
