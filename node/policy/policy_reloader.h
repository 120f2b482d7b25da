// Keeps a running node's sharing policy up to date with its file: reloads it on request (SIGHUP,
// through Node::ReloadPolicy) and when the file changes on disk, and reports how the last attempt
// went for `rilon node status`.
//
// Contract:
//   - A reload reads, checks and compiles the file with policyfile::LoadPolicyFile, exactly as at
//     start-up. Success: the new policy is handed to `install` (LivePolicy::Replace in the node),
//     and one log line names the old and new versions. Failure: `install` is not called, the
//     policy in force stays in force, and one log line carries the loader's line-numbered error;
//     status() reports it until the next successful reload.
//   - Change detection compares the file's identity - device, inode, size, modification and
//     change times (nanoseconds) - with the identity seen at the last attempt, so both an
//     in-place write and an atomic rename over the file (editors, config management) are seen.
//     An unchanged file is never reloaded by polling, and a file that failed is not retried
//     (nor logged again) until it changes once more or a reload is requested.
//   - Reloads are serialised; Reload() and ReloadIfChanged() are thread-safe and may be called
//     without Start() (tests drive them directly). Start() runs a thread that polls every
//     `poll_interval`; Stop() (also run by the destructor) joins it. No signals here: the
//     daemon's signal thread calls Node::ReloadPolicy().
//   - Connections and streams are never touched: decisions in flight keep the policy they
//     started with (shared_ptr), and the next decision uses the new one.
#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <cstdint>
#include <ctime>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "absl/time/time.h"
#include "policy/compiled_policy.h"

namespace rilon::policyfile {

// What identifies one version of a file on disk. `exists` is false when stat() failed.
struct FileIdentity {
  bool exists = false;
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  int64_t mtime_ns = 0;
  int64_t ctime_ns = 0;
  friend bool operator==(const FileIdentity&, const FileIdentity&) = default;
};

// stat() of `path` (following symlinks, so a symlink swap is a change too).
FileIdentity IdentifyFile(const std::string& path);

// Why a reload was attempted, as shown in logs and node status.
enum class ReloadTrigger { kStart, kRequest, kFileChange };
std::string_view ReloadTriggerName(ReloadTrigger trigger);  // "start", "signal", "file_change"

// Where the node's sharing policy stands.
struct PolicyReloadStatus {
  std::string file;
  std::string version_in_force;                 // empty when no policy is in force
  absl::Time loaded_at = absl::InfinitePast();  // when the policy in force was loaded
  absl::Time last_attempt_at = absl::InfinitePast();
  ReloadTrigger last_trigger = ReloadTrigger::kStart;
  bool last_attempt_ok = true;
  std::string last_error;  // the loader's message when the last attempt failed
  uint64_t reloads = 0;    // successful reloads since start (the start-up load not counted)
  uint64_t failures = 0;   // failed reload attempts since start
};

class PolicyReloader {
 public:
  using Install = std::function<void(std::shared_ptr<const policy::CompiledPolicy>)>;

  struct Options {
    std::string path;
    absl::Duration poll_interval = absl::Seconds(2);
    std::function<absl::Time()> clock = [] { return absl::Now(); };
  };

  // `initial` is the policy loaded from `options.path` at start-up (already installed).
  PolicyReloader(Options options, std::shared_ptr<const policy::CompiledPolicy> initial,
                 Install install);
  ~PolicyReloader();
  PolicyReloader(const PolicyReloader&) = delete;
  PolicyReloader& operator=(const PolicyReloader&) = delete;

  // Reloads now, whether or not the file changed. Returns the loader's error on failure.
  absl::Status Reload(ReloadTrigger trigger = ReloadTrigger::kRequest);

  // Reloads when the file's identity differs from the one seen at the last attempt. Returns
  // false when nothing changed (no attempt), true when an attempt was made (see status()).
  bool ReloadIfChanged();

  void Start();
  void Stop();

  PolicyReloadStatus status() const;

 private:
  absl::Status ReloadLocked(ReloadTrigger trigger, const FileIdentity& identity);
  void PollLoop();

  const Options options_;
  const Install install_;

  std::mutex reload_mu_;    // serialises reloads
  FileIdentity last_seen_;  // guarded by reload_mu_

  mutable std::mutex status_mu_;
  PolicyReloadStatus status_;  // guarded by status_mu_

  std::mutex poll_mu_;
  std::condition_variable poll_cv_;
  bool stopping_ = false;  // guarded by poll_mu_
  std::thread poller_;
};

}  // namespace rilon::policyfile
