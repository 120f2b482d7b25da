// The dry run of a policy change (NodeApi.DiffPolicy, `rilon policy diff OLD NEW`): decides every
// stored record for every receiver under two compiled policies and lists the records whose set
// of receivers or form differs.
//
// Contract:
//   - Receivers are named by the caller: each configured peer agency (egress to its node) and each
//     reader role of this agency (read). The caller also supplies how a stored record becomes
//     policy::RecordAttributes and each receiver's policy::Request: the node passes the same
//     builders enforcement uses (node/sharing/requests.h), so the dry run decides exactly as the
//     node will.
//   - Every record of the local log is examined, in log order, in bounded chunks; at most `limit`
//     changes are listed, every change is counted. A record whose attributes cannot be built is
//     an error naming it, not a silent skip - except when `attributes` says the node withholds it
//     from every party whatever the policy (nullopt: e.g. a report that does not parse), which
//     is no change.
//   - Pure apart from reading the store; thread-safe if the store is.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "node/store/record_store.h"
#include "policy/compiled_policy.h"
#include "rilon/storage/v1/stored_record.pb.h"
#include "rilon/v1/node_api.pb.h"
#include "rilon/v1/record.pb.h"

namespace rilon::policyfile {

// Parses and compiles policy text (the contents of a policy file); `name` stands for the file in
// messages. INVALID_ARGUMENT with every line-numbered error when it is not a valid policy.
absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> CompilePolicyText(
    std::string_view text, std::string_view name);

struct DiffReceiver {
  std::string name;  // "id.polri", "reader:analyst"
  // The request for one record, as enforcement builds it.
  std::function<policy::Request(const rilon::storage::v1::StoredRecord&,
                                const policy::RecordAttributes&)>
      request;
};

struct DiffInputs {
  const policy::CompiledPolicy* old_policy = nullptr;
  const policy::CompiledPolicy* new_policy = nullptr;
  std::vector<DiffReceiver> receivers;
  // The record's attributes, as enforcement builds them; nullopt when enforcement withholds the
  // record from everyone without consulting a policy.
  std::function<absl::StatusOr<std::optional<policy::RecordAttributes>>(
      const rilon::storage::v1::StoredRecord&)>
      attributes;
  size_t limit = 100;
};

absl::StatusOr<rilon::v1::DiffPolicyResponse> DiffPolicies(const store::RecordStore& store,
                                                           const DiffInputs& inputs);

}  // namespace rilon::policyfile
