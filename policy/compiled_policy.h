// A sharing policy checked and compiled for fast, thread-safe decisions.
//
// Semantics (docs/policy.md explains them with examples):
//   1. The originator's ceiling (policy/ceiling.h): marking and audience. If it denies, the
//      decision is deny and no local rule is consulted.
//   2. Local deny rules: if any matches, deny (deny overrides allow).
//   3. Local allow rules: the first one in file order that matches allows and sets the form.
//   4. Nothing matched: deny (default deny).
// A local policy can therefore only narrow what the originator allowed.
//
// Lifecycle: CheckPolicy lists every error and warning (for `rilon policy check`); CompilePolicy
// refuses a policy with any error. A CompiledPolicy is immutable: share it as
// std::shared_ptr<const CompiledPolicy> and swap the pointer atomically to reload; decisions in
// flight keep the old one alive. Decide and Explain are const, lock-free and thread-safe.
//
// Example:
//   absl::StatusOr<std::shared_ptr<const CompiledPolicy>> policy = CompilePolicy(spec);
//   if (!policy.ok()) return policy.status();          // every error, one per line
//   Decision d = (*policy)->Decide(record, request);   // hot path: no text built
//   if (d.allowed()) Send(Shape(record, d.form));
//   std::cout << FormatDecision((*policy)->Explain(record, request));
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "policy/decision.h"
#include "policy/diagnostic.h"
#include "policy/request.h"
#include "policy/spec.h"

namespace rilon::policy {

namespace internal {
class RuleIndex;
}

// Every problem of `spec`, errors and warnings, ordered by line. Empty for a clean policy.
std::vector<Diagnostic> CheckPolicy(const PolicySpec& spec);

class CompiledPolicy;

// INVALID_ARGUMENT when CheckPolicy finds any error; the message lists every error, one per
// line, as "<source>:<line>: error: <what and how to fix it>". Warnings do not stop compilation;
// they are kept in warnings().
absl::StatusOr<std::shared_ptr<const CompiledPolicy>> CompilePolicy(const PolicySpec& spec);

class CompiledPolicy {
 public:
  // A rule as compiled, for tools that list or explain the policy.
  struct RuleInfo {
    std::string id;
    std::string description;
    int line = 0;
    Effect effect = Effect::kDeny;
    Form form;  // allow rules only
  };

  ~CompiledPolicy();
  CompiledPolicy(const CompiledPolicy&) = delete;
  CompiledPolicy& operator=(const CompiledPolicy&) = delete;

  // The decision for one record and request. Decision::steps stays empty.
  Decision Decide(const RecordAttributes& record, const Request& request) const;

  // The same decision, with a human explanation of every step in Decision::steps, and, when the
  // ceiling denied, the local rules that would have matched (Disposition::kNotConsulted).
  Decision Explain(const RecordAttributes& record, const Request& request) const;

  const std::string& version() const { return version_; }
  const std::string& source() const { return source_; }
  int small_cell_threshold() const { return small_cell_threshold_; }
  const std::vector<RuleInfo>& rules() const { return rules_; }
  const std::vector<Diagnostic>& warnings() const { return warnings_; }

 private:
  friend absl::StatusOr<std::shared_ptr<const CompiledPolicy>> CompilePolicy(const PolicySpec&);
  CompiledPolicy() = default;

  Decision Evaluate(const RecordAttributes& record, const Request& request, bool explain) const;
  void ExplainRules(const Decision& decision, Decision* out) const;

  std::string source_;
  std::string version_;
  int small_cell_threshold_ = kDefaultSmallCellThreshold;
  std::vector<RuleInfo> rules_;
  std::vector<uint64_t> deny_bits_;  // bit i set when rule i is a deny rule
  std::vector<Diagnostic> warnings_;
  std::unique_ptr<const internal::RuleIndex> index_;
};

}  // namespace rilon::policy
