#include "node/policy/policy_reloader.h"

#include <sys/stat.h>

#include <utility>

#include "absl/status/statusor.h"
#include "node/observability/log.h"
#include "node/policy/policy_file_loader.h"

namespace rilon::policyfile {
namespace {

int64_t Nanos(const struct timespec& t) { return int64_t{t.tv_sec} * 1000000000 + t.tv_nsec; }

}  // namespace

FileIdentity IdentifyFile(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return FileIdentity{};
  return {.exists = true,
          .device = st.st_dev,
          .inode = st.st_ino,
          .size = st.st_size,
          .mtime_ns = Nanos(st.st_mtim),
          .ctime_ns = Nanos(st.st_ctim)};
}

std::string_view ReloadTriggerName(ReloadTrigger trigger) {
  switch (trigger) {
    case ReloadTrigger::kStart:
      return "start";
    case ReloadTrigger::kRequest:
      return "signal";
    case ReloadTrigger::kFileChange:
      return "file_change";
  }
  return "signal";
}

PolicyReloader::PolicyReloader(Options options,
                               std::shared_ptr<const policy::CompiledPolicy> initial,
                               Install install)
    : options_(std::move(options)), install_(std::move(install)) {
  // The start-up load read the file just before; a change after it is caught by the next poll.
  last_seen_ = IdentifyFile(options_.path);
  status_.file = options_.path;
  status_.version_in_force = initial != nullptr ? initial->version() : "";
  status_.loaded_at = options_.clock();
  status_.last_attempt_at = status_.loaded_at;
}

PolicyReloader::~PolicyReloader() { Stop(); }

absl::Status PolicyReloader::Reload(ReloadTrigger trigger) {
  std::lock_guard<std::mutex> lock(reload_mu_);
  return ReloadLocked(trigger, IdentifyFile(options_.path));
}

bool PolicyReloader::ReloadIfChanged() {
  std::lock_guard<std::mutex> lock(reload_mu_);
  const FileIdentity identity = IdentifyFile(options_.path);
  if (identity == last_seen_) return false;
  ReloadLocked(ReloadTrigger::kFileChange, identity).IgnoreError();  // reported in status()
  return true;
}

absl::Status PolicyReloader::ReloadLocked(ReloadTrigger trigger, const FileIdentity& identity) {
  // Identified before reading: if the file changes while it is read, the next poll sees a
  // different identity and reads it again.
  last_seen_ = identity;
  absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> next =
      LoadPolicyFile(options_.path);
  const absl::Time now = options_.clock();
  std::string old_version;
  {
    std::lock_guard<std::mutex> lock(status_mu_);
    old_version = status_.version_in_force;
    status_.last_attempt_at = now;
    status_.last_trigger = trigger;
    status_.last_attempt_ok = next.ok();
    if (next.ok()) {
      status_.version_in_force = (*next)->version();
      status_.loaded_at = now;
      status_.last_error.clear();
      ++status_.reloads;
    } else {
      status_.last_error = std::string(next.status().message());
      ++status_.failures;
    }
  }
  const std::string trigger_name(ReloadTriggerName(trigger));
  if (!next.ok()) {
    log::Error("sharing policy not reloaded; the policy in force stays in force",
               {{"file", options_.path},
                {"version_in_force", old_version},
                {"trigger", trigger_name},
                {"error", std::string(next.status().message())}});
    return next.status();
  }
  const std::string new_version = (*next)->version();
  install_(*std::move(next));
  log::Info("sharing policy reloaded", {{"file", options_.path},
                                        {"old_version", old_version},
                                        {"new_version", new_version},
                                        {"trigger", trigger_name}});
  return absl::OkStatus();
}

void PolicyReloader::Start() {
  std::lock_guard<std::mutex> lock(poll_mu_);
  if (poller_.joinable()) return;
  stopping_ = false;
  poller_ = std::thread([this] { PollLoop(); });
}

void PolicyReloader::Stop() {
  {
    std::lock_guard<std::mutex> lock(poll_mu_);
    stopping_ = true;
  }
  poll_cv_.notify_all();
  if (poller_.joinable()) poller_.join();
}

void PolicyReloader::PollLoop() {
  std::unique_lock<std::mutex> lock(poll_mu_);
  while (!stopping_) {
    poll_cv_.wait_for(lock, absl::ToChronoMilliseconds(options_.poll_interval),
                      [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    ReloadIfChanged();
    lock.lock();
  }
}

PolicyReloadStatus PolicyReloader::status() const {
  std::lock_guard<std::mutex> lock(status_mu_);
  return status_;
}

}  // namespace rilon::policyfile
