// The policy reloader: a valid change is installed, an invalid one keeps the policy in force and
// is reported, an unchanged file is not reloaded, and an atomic rename over the file is seen.
#include "node/policy/policy_reloader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "node/policy/policy_file_loader.h"

namespace rilon::policyfile {
namespace {

using ::testing::HasSubstr;

std::string PolicyText(const std::string& version) {
  return "version: \"" + version + R"("
rule {
  id: "readers"
  effect: ALLOW
  directions: [READ]
}
)";
}

// An unknown name in the rule of line 2.
constexpr char kInvalidPolicy[] = R"(version: "broken.1"
rule {
  id: "send"
  effect: ALLOW
  party { agencies: ["th.rpt"] }
}
)";

class PolicyReloaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = std::filesystem::temp_directory_path().string() + "/reloader-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = dir_ + "/policy.textproto";
    Write(path_, PolicyText("v.1"));
    absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> initial = LoadPolicyFile(path_);
    ASSERT_TRUE(initial.ok()) << initial.status();
    installed_ = *initial;
    reloader_ = std::make_unique<PolicyReloader>(
        PolicyReloader::Options{.path = path_, .poll_interval = absl::Milliseconds(20)}, installed_,
        [this](std::shared_ptr<const policy::CompiledPolicy> next) {
          std::lock_guard<std::mutex> lock(mu_);
          installed_ = std::move(next);
          ++installs_;
        });
  }
  void TearDown() override {
    reloader_.reset();
    std::filesystem::remove_all(dir_);
  }

  static void Write(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::trunc) << text;
  }
  // What config management does: write a new file beside it, then rename it over the old one.
  void ReplaceAtomically(const std::string& text) {
    const std::string tmp = dir_ + "/.policy.textproto.new";
    Write(tmp, text);
    std::filesystem::rename(tmp, path_);
  }
  std::string InstalledVersion() {
    std::lock_guard<std::mutex> lock(mu_);
    return installed_->version();
  }
  int Installs() {
    std::lock_guard<std::mutex> lock(mu_);
    return installs_;
  }

  std::string dir_, path_;
  std::mutex mu_;
  std::shared_ptr<const policy::CompiledPolicy> installed_;
  int installs_ = 0;
  std::unique_ptr<PolicyReloader> reloader_;
};

TEST_F(PolicyReloaderTest, StartsWithThePolicyInForce) {
  PolicyReloadStatus status = reloader_->status();
  EXPECT_EQ(status.file, path_);
  EXPECT_EQ(status.version_in_force, "v.1");
  EXPECT_TRUE(status.last_attempt_ok);
  EXPECT_EQ(status.last_trigger, ReloadTrigger::kStart);
  EXPECT_EQ(status.reloads, 0u);
}

TEST_F(PolicyReloaderTest, UnchangedFileIsNotReloaded) {
  EXPECT_FALSE(reloader_->ReloadIfChanged());
  EXPECT_FALSE(reloader_->ReloadIfChanged());
  EXPECT_EQ(Installs(), 0);
  EXPECT_EQ(reloader_->status().reloads, 0u);
}

TEST_F(PolicyReloaderTest, ValidChangeInPlaceIsInstalled) {
  Write(path_, PolicyText("v.2-longer"));  // a different size, whatever the clock's resolution
  EXPECT_TRUE(reloader_->ReloadIfChanged());
  EXPECT_EQ(InstalledVersion(), "v.2-longer");
  PolicyReloadStatus status = reloader_->status();
  EXPECT_EQ(status.version_in_force, "v.2-longer");
  EXPECT_TRUE(status.last_attempt_ok);
  EXPECT_EQ(status.last_trigger, ReloadTrigger::kFileChange);
  EXPECT_EQ(status.reloads, 1u);
  EXPECT_FALSE(reloader_->ReloadIfChanged());
  EXPECT_EQ(Installs(), 1);
}

TEST_F(PolicyReloaderTest, AtomicRenameWithTheSameSizeIsSeen) {
  ReplaceAtomically(PolicyText("v.3"));  // same size as v.1: only the inode tells
  EXPECT_TRUE(reloader_->ReloadIfChanged());
  EXPECT_EQ(InstalledVersion(), "v.3");
}

TEST_F(PolicyReloaderTest, InvalidChangeKeepsThePolicyInForceAndReportsTheError) {
  ReplaceAtomically(kInvalidPolicy);
  EXPECT_TRUE(reloader_->ReloadIfChanged());
  EXPECT_EQ(Installs(), 0);
  EXPECT_EQ(InstalledVersion(), "v.1");
  PolicyReloadStatus status = reloader_->status();
  EXPECT_EQ(status.version_in_force, "v.1");
  EXPECT_FALSE(status.last_attempt_ok);
  EXPECT_EQ(status.failures, 1u);
  EXPECT_THAT(status.last_error, HasSubstr(path_ + ":2: error:"));
  EXPECT_THAT(status.last_error, HasSubstr("th.rpt"));
  // Not retried (nor logged again) until the file changes.
  EXPECT_FALSE(reloader_->ReloadIfChanged());
  EXPECT_EQ(reloader_->status().failures, 1u);
  // Fixed: installed, and the error is cleared.
  ReplaceAtomically(PolicyText("v.4"));
  EXPECT_TRUE(reloader_->ReloadIfChanged());
  EXPECT_EQ(InstalledVersion(), "v.4");
  EXPECT_TRUE(reloader_->status().last_attempt_ok);
  EXPECT_EQ(reloader_->status().last_error, "");
}

TEST_F(PolicyReloaderTest, RequestedReloadReadsTheFileEvenWhenUnchanged) {
  absl::Status reloaded = reloader_->Reload(ReloadTrigger::kRequest);
  ASSERT_TRUE(reloaded.ok()) << reloaded;
  EXPECT_EQ(Installs(), 1);
  EXPECT_EQ(reloader_->status().last_trigger, ReloadTrigger::kRequest);

  Write(path_, kInvalidPolicy);
  EXPECT_FALSE(reloader_->ReloadIfChanged() && reloader_->status().last_attempt_ok);
  // A request retries a failed file without it changing, and fails the same way.
  absl::Status again = reloader_->Reload(ReloadTrigger::kRequest);
  EXPECT_EQ(again.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(InstalledVersion(), "v.1");
  EXPECT_EQ(reloader_->status().failures, 2u);
}

TEST_F(PolicyReloaderTest, DeletedFileKeepsThePolicyInForce) {
  std::filesystem::remove(path_);
  EXPECT_TRUE(reloader_->ReloadIfChanged());
  EXPECT_EQ(InstalledVersion(), "v.1");
  EXPECT_THAT(reloader_->status().last_error, HasSubstr("does not exist"));
}

TEST_F(PolicyReloaderTest, PollingThreadInstallsAChange) {
  reloader_->Start();
  ReplaceAtomically(PolicyText("v.5"));
  // Bounded wait for the poller (never an assertion on how long it took).
  for (int i = 0; i < 1000 && Installs() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(InstalledVersion(), "v.5");
  reloader_->Stop();
  reloader_->Stop();  // idempotent
}

TEST_F(PolicyReloaderTest, ConcurrentReloadsAreSerialised) {
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([this] {
      for (int j = 0; j < 20; ++j) ASSERT_TRUE(reloader_->Reload().ok());
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(Installs(), 80);
  EXPECT_EQ(reloader_->status().reloads, 80u);
}

}  // namespace
}  // namespace rilon::policyfile
