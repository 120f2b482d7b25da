#include "node/federation/inbound_batch.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "node/audit/audit_entries.h"
#include "node/observability/log.h"
#include "node/records/envelope.h"
#include "node/sharing/shaped_record.h"

namespace rilon::federation {

VerifiedMessage InboundBatch::Verify(rilon::v1::ReplicateResponse message,
                                     uint64_t redeliver_through) const {
  for (const std::string& der : message.signing_certificates()) {
    absl::StatusOr<std::shared_ptr<const SigningCertificate>> admitted = certificates_->Admit(der);
    if (!admitted.ok()) {
      log::Warning("signing certificate from peer refused",
                   {{"peer", peer_},
                    {"error", absl::StrCat(absl::StatusCodeToString(admitted.status().code()), ": ",
                                           admitted.status().message())}});
    }
  }
  VerifiedMessage verified;
  verified.message = std::move(message);
  auto& records = *verified.message.mutable_records();
  verified.checked.resize(static_cast<size_t>(records.size()));
  pool_->ForEach(verified.checked.size(), [&](size_t i) {
    // Each task touches only its own element, so the records may be moved out in parallel.
    rilon::v1::ReplicatedRecord& r = records[static_cast<int>(i)];
    if (r.position() <= redeliver_through) {
      if (std::optional<CheckResult> held = verifier_->HeldAlready(r.signed_(), *store_)) {
        verified.checked[i] = std::move(*held);
        return;
      }
    }
    // One body per thread, reused from record to record: decoding into it keeps the part
    // digests' allocations instead of making and freeing dozens per record.
    thread_local rilon::v1::RecordBody body;
    verified.checked[i] = verifier_->Preverify(std::move(*r.mutable_signed_()), peer_, body);
    DecideIngress(verified.checked[i], body);
  });
  return verified;
}

void InboundBatch::DecideIngress(CheckResult& checked, const rilon::v1::RecordBody& body) const {
  if (checked.outcome != CheckResult::Outcome::kApply) return;
  const rilon::v1::SignedRecord& signed_record = checked.record.signed_record;
  auto refuse = [&](std::string reason) {
    checked.outcome = CheckResult::Outcome::kRefused;
    checked.refusal = Refusal::kPolicy;
    checked.reason = absl::StrCat("record ", records::RecordIdHex(checked.record.id), " (origin ",
                                  checked.record.origin_agency, " seq ", checked.record.origin_seq,
                                  "): ", reason);
  };
  absl::StatusOr<SharingDecision> decided = gate_->DecideIngress(signed_record, body, peer_);
  if (!decided.ok()) return refuse(std::string(decided.status().message()));
  if (!decided->allowed()) return refuse(decided->Describe());
  if (decided->decision.form.IsFull()) return;
  absl::StatusOr<rilon::v1::SignedRecord> shaped =
      sharing::ShapeSignedRecord(signed_record, body, decided->decision, gate_->own_agency());
  if (!shaped.ok()) {
    return refuse(absl::StrCat(decided->Describe(), "; ", shaped.status().message()));
  }
  checked.record.signed_record = *std::move(shaped);
}

absl::StatusOr<BatchOutcome> InboundBatch::Apply(VerifiedMessage verified, uint64_t previous,
                                                 uint64_t redeliver_through) const {
  const rilon::v1::ReplicateResponse& message = verified.message;
  BatchOutcome outcome;
  OriginProgress progress;
  std::vector<store::NewRecord> accepted;
  accepted.reserve(verified.checked.size());
  uint64_t cursor = message.examined_through();
  const int64_t now = absl::ToUnixMicros(absl::Now());
  for (size_t i = 0; i < verified.checked.size(); ++i) {
    const uint64_t position = message.records(static_cast<int>(i)).position();
    cursor = std::max(cursor, position);
    absl::StatusOr<CheckResult> decided =
        verifier_->Decide(std::move(verified.checked[i]), peer_, *store_, progress,
                          /*redelivery=*/position <= redeliver_through);
    if (!decided.ok()) return decided.status();
    switch (decided->outcome) {
      case CheckResult::Outcome::kApply:
        decided->record.stored_unix_micros = now;
        outcome.newest_created = std::max(outcome.newest_created, decided->created);
        accepted.push_back(std::move(decided->record));
        break;
      case CheckResult::Outcome::kDuplicate:
        ++outcome.duplicates;
        break;
      case CheckResult::Outcome::kRefused:
        ++outcome.refused[static_cast<size_t>(decided->refusal)];
        if (decided->refusal == Refusal::kPolicy) {
          log::Info("record from peer not accepted by this node's sharing policy",
                    {{"peer", peer_}, {"reason", "policy"}, {"detail", decided->reason}});
        } else {
          log::Warning("record from peer refused",
                       {{"peer", peer_},
                        {"reason", std::string(RefusalName(decided->refusal))},
                        {"detail", decided->reason}});
        }
        // Queued now, so durable no later than the batch that moves the cursor past it.
        store_->audit().Record(audit::PeerRecordRefused(
            peer_, RefusalName(decided->refusal), decided->reason, decided->record.signed_record));
        break;
    }
  }
  outcome.cursor = std::max(cursor, previous);
  outcome.advanced = outcome.cursor > previous;
  outcome.applied = accepted.size();
  if (outcome.applied > 0 || outcome.advanced) {
    absl::StatusOr<std::vector<store::SharedStoredRecord>> stored =
        store_->AppendFromPeer(std::move(accepted), {peer_, outcome.cursor});
    if (!stored.ok()) return stored.status();
  }
  outcome.durable = absl::Now();
  return outcome;
}

}  // namespace rilon::federation
