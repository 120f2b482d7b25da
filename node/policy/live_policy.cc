#include "node/policy/live_policy.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "node/policy/policy_file_loader.h"

namespace rilon::policyfile {

LivePolicy::LivePolicy(std::string path, std::shared_ptr<const policy::CompiledPolicy> initial)
    : path_(std::move(path)), current_(std::move(initial)) {}

absl::StatusOr<std::unique_ptr<LivePolicy>> LivePolicy::Load(const std::string& path) {
  if (path.empty()) return std::make_unique<LivePolicy>(std::string(), nullptr);
  absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> loaded = LoadPolicyFile(path);
  if (!loaded.ok()) {
    return absl::Status(loaded.status().code(),
                        absl::StrCat("policy.file: ", loaded.status().message(),
                                     "\nfix the policy file (rilon policy check ", path,
                                     " lists every problem) or point policy.file elsewhere"));
  }
  return std::make_unique<LivePolicy>(path, *std::move(loaded));
}

absl::Status LivePolicy::Replace(std::shared_ptr<const policy::CompiledPolicy> next) {
  if (path_.empty()) {
    return absl::FailedPreconditionError(
        "this node has no policy file (policy.file is not set): set it and restart the node to "
        "use a sharing policy");
  }
  if (next == nullptr) {
    return absl::InvalidArgumentError("a running node cannot drop its sharing policy");
  }
  current_.store(std::move(next), std::memory_order_release);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  return absl::OkStatus();
}

std::string LivePolicy::version() const {
  std::shared_ptr<const policy::CompiledPolicy> current = Current();
  return current == nullptr ? std::string() : current->version();
}

}  // namespace rilon::policyfile
