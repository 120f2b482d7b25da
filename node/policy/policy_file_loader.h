// Reads a node's sharing policy file - textproto of rilon.policy.v1.Policy
// (proto/rilon/policy/v1/policy.proto) - into the plain values of policy/spec.h, keeping the line
// of every rule and declaration so that the policy library's checks point at the line to fix.
// This is the only place where the policy file's protobuf types exist; the policy library never
// sees them.
//
// Contract:
//   - Syntax errors and unknown keys: INVALID_ARGUMENT, one "<file>:<line>:<col>: <what>" line
//     per error (1-based).
//   - Values that are never valid in a policy (a direction or role left UNSPECIFIED, an enum
//     number no version of the schema defines): INVALID_ARGUMENT "<file>:<line>: ...".
//   - Everything else (unknown names, duplicate ids, unreachable and conflicting rules, ...) is
//     checked by policy::CheckPolicy / policy::CompilePolicy, with the lines recorded here.
//   - Files: NOT_FOUND when missing, FAILED_PRECONDITION when unreadable, INVALID_ARGUMENT when
//     not a regular file, empty, or larger than kMaxPolicyFileBytes.
// All functions are thread-safe; they read the file once and keep nothing.
//
// Example (start-up and SIGHUP reload keep the old policy when the new one fails):
//   absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> next = LoadPolicyFile(path);
//   if (!next.ok()) { LOG(ERROR) << next.status() << "; keeping policy " << current->version(); }
//   else { current_policy.store(*next); }   // std::atomic<std::shared_ptr<const ...>>
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "policy/compiled_policy.h"
#include "policy/diagnostic.h"
#include "policy/spec.h"

namespace rilon::policyfile {

// A policy is a few KiB; anything this large is a wrong path.
inline constexpr size_t kMaxPolicyFileBytes = 1024 * 1024;

// Parses policy text; `source_name` is used in messages and kept as PolicySpec::source.
absl::StatusOr<policy::PolicySpec> ParsePolicyText(std::string_view text,
                                                   std::string_view source_name);

// Reads and parses the file at `path`.
absl::StatusOr<policy::PolicySpec> ReadPolicyFile(const std::string& path);

// Reads, checks and compiles the file at `path`: what rilond does at start-up and on reload.
// INVALID_ARGUMENT listing every error when the policy has any (see policy::CompilePolicy).
absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> LoadPolicyFile(
    const std::string& path);

// For `rilon policy check FILE`: every error and warning of a file that parses, ordered by line
// (an empty list is a clean policy), or the read or parse error.
absl::StatusOr<std::vector<policy::Diagnostic>> CheckPolicyFile(const std::string& path);

}  // namespace rilon::policyfile
