// The sharing policy a running node decides with: the compiled policy from the file named by the
// configuration key policy.file, held so that every decision reads it without a lock and a
// reload can replace it while decisions are in flight (they keep the policy they started with).
//
// Contract:
//   - Current() is thread-safe and lock-free for readers; it returns nullptr when the node has no
//     policy file (the originator's ceiling alone decides, node/sharing/requests.h).
//   - Replace() swaps in another compiled policy atomically; INVALID_ARGUMENT for nullptr (the
//     node never goes from a policy back to none while running), FAILED_PRECONDITION when no
//     policy file is configured (there is nothing to reload). generation() increases by one on
//     every successful Replace, so caches of decisions (feed_record.h) know when to recompute.
//   - Load() reads, checks and compiles the file (policyfile::LoadPolicyFile); an empty path is
//     "no policy file" and yields a LivePolicy whose Current() is nullptr. Its errors name the
//     configuration key policy.file and carry the loader's line-numbered messages.
//
// Example (node/node.cc; reload triggers live elsewhere):
//   absl::StatusOr<std::unique_ptr<LivePolicy>> live = LivePolicy::Load(config.policy().file());
//   if (!live.ok()) return live.status();
//   std::shared_ptr<const policy::CompiledPolicy> p = (*live)->Current();  // may be nullptr
//   absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> next = LoadPolicyFile(path);
//   if (next.ok()) (void)(*live)->Replace(*next);
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "policy/compiled_policy.h"

namespace rilon::policyfile {

class LivePolicy {
 public:
  // `initial` may be nullptr only when `path` is empty.
  LivePolicy(std::string path, std::shared_ptr<const policy::CompiledPolicy> initial);
  LivePolicy(const LivePolicy&) = delete;
  LivePolicy& operator=(const LivePolicy&) = delete;

  static absl::StatusOr<std::unique_ptr<LivePolicy>> Load(const std::string& path);

  std::shared_ptr<const policy::CompiledPolicy> Current() const {
    return current_.load(std::memory_order_acquire);
  }
  absl::Status Replace(std::shared_ptr<const policy::CompiledPolicy> next);

  // The configured file; empty when the node has none.
  const std::string& path() const { return path_; }
  // The version of the policy in force; empty when there is none.
  std::string version() const;
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

 private:
  const std::string path_;
  std::atomic<std::shared_ptr<const policy::CompiledPolicy>> current_;
  std::atomic<uint64_t> generation_{0};
};

}  // namespace rilon::policyfile
