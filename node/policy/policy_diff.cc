#include "node/policy/policy_diff.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "node/policy/policy_file_loader.h"
#include "node/records/envelope.h"
#include "policy/explain.h"

namespace rilon::policyfile {
namespace {

// Log reads per chunk: bounded memory whatever the size of the store.
constexpr size_t kChunkRecords = 512;
constexpr size_t kChunkBytes = 8 << 20;

// What a receiver gets under one policy: nothing, or the record in a form.
struct Outcome {
  bool allowed = false;
  policy::Form form;
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

Outcome OutcomeOf(const policy::Decision& decision) {
  if (!decision.allowed()) return {};
  return {true, decision.form};
}

// Fills the record's identity in `change` from its signed body.
absl::Status Describe(const rilon::storage::v1::StoredRecord& stored,
                      rilon::v1::PolicyRecordChange* change) {
  absl::StatusOr<rilon::v1::RecordBody> body = records::DecodeBody(stored.signed_());
  if (!body.ok()) return body.status();
  change->set_record_id(records::RecordIdHex(records::RecordIdBytes(stored.signed_().body())));
  change->set_origin_agency(body->origin_agency());
  change->set_origin_seq(body->origin_seq());
  change->set_marking(body->marking());
  change->set_kind(body->kind());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> CompilePolicyText(
    std::string_view text, std::string_view name) {
  if (text.size() > kMaxPolicyFileBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(name), " is ", text.size(), " bytes; a policy file is at most ",
                     kMaxPolicyFileBytes, " bytes: check that it is the right file"));
  }
  absl::StatusOr<policy::PolicySpec> spec = ParsePolicyText(text, name);
  if (!spec.ok()) return spec.status();
  return policy::CompilePolicy(*spec);
}

absl::StatusOr<rilon::v1::DiffPolicyResponse> DiffPolicies(const store::RecordStore& store,
                                                           const DiffInputs& inputs) {
  rilon::v1::DiffPolicyResponse response;
  response.set_old_version(inputs.old_policy->version());
  response.set_new_version(inputs.new_policy->version());
  for (const DiffReceiver& receiver : inputs.receivers) response.add_receivers(receiver.name);

  uint64_t after = 0;
  for (;;) {
    absl::StatusOr<std::vector<rilon::storage::v1::StoredRecord>> chunk =
        store.ReadLog(after, kChunkRecords, kChunkBytes);
    if (!chunk.ok()) return chunk.status();
    if (chunk->empty()) break;
    for (const rilon::storage::v1::StoredRecord& stored : *chunk) {
      after = stored.local_seq();
      response.set_records_examined(response.records_examined() + 1);
      absl::StatusOr<std::optional<policy::RecordAttributes>> decided = inputs.attributes(stored);
      if (!decided.ok()) return decided.status();
      if (!decided->has_value()) continue;  // withheld from everyone under either policy
      const policy::RecordAttributes& attributes = **decided;
      rilon::v1::PolicyRecordChange change;
      for (const DiffReceiver& receiver : inputs.receivers) {
        const policy::Request request = receiver.request(stored, attributes);
        const Outcome before = OutcomeOf(inputs.old_policy->Decide(attributes, request));
        const Outcome after_change = OutcomeOf(inputs.new_policy->Decide(attributes, request));
        if (before == after_change) continue;
        if (!before.allowed) {
          change.add_gained(receiver.name);
        } else if (!after_change.allowed) {
          change.add_lost(receiver.name);
        } else {
          rilon::v1::PolicyFormChange* form = change.add_form_changes();
          form->set_receiver(receiver.name);
          form->set_old_form(policy::DescribeForm(before.form));
          form->set_new_form(policy::DescribeForm(after_change.form));
        }
      }
      if (change.gained_size() + change.lost_size() + change.form_changes_size() == 0) continue;
      response.set_records_changed(response.records_changed() + 1);
      if (static_cast<size_t>(response.changes_size()) >= inputs.limit) {
        response.set_truncated(true);
        continue;
      }
      if (absl::Status s = Describe(stored, &change); !s.ok()) return s;
      *response.add_changes() = std::move(change);
    }
  }
  return response;
}

}  // namespace rilon::policyfile
