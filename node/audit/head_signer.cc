#include "node/audit/head_signer.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "node/observability/log.h"

namespace rilon::audit {

rilon::v1::SignedAuditHead SignHead(const ChainHead& head, absl::Time now,
                                    const security::RecordSigner& signer) {
  rilon::v1::AuditHead statement;
  statement.set_seq(head.seq);
  statement.set_entry_hash(head.hash);
  statement.set_time_unix_micros(absl::ToUnixMicros(now));
  statement.set_signer_key_id(signer.key_id());
  rilon::v1::SignedAuditHead signed_head;
  signed_head.set_head(statement.SerializeAsString());
  signed_head.set_signature(signer.Sign(HeadSignedBytes(signed_head.head())));
  return signed_head;
}

HeadSigner::HeadSigner(store::AuditStore* audit, const security::RecordSigner* signer,
                       absl::Duration interval, std::function<absl::Time()> clock)
    : audit_(audit), signer_(signer), interval_(interval), clock_(std::move(clock)) {}

HeadSigner::~HeadSigner() { Stop().IgnoreError(); }

void HeadSigner::Start() {
  absl::MutexLock lock(&mu_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Run(); });
}

absl::StatusOr<uint64_t> HeadSigner::SignNow() {
  absl::MutexLock lock(&sign_mu_);
  if (!last_signed_loaded_) {
    absl::StatusOr<std::optional<store::SignedHeadAt>> last = audit_->LastSignedHead();
    if (!last.ok()) return last.status();
    last_signed_ = last->has_value() ? (*last)->seq : 0;
    last_signed_loaded_ = true;
  }
  if (absl::Status flushed = audit_->Flush(); !flushed.ok()) return flushed;
  const ChainHead head = audit_->Head();
  if (head.seq == 0 || head.seq == last_signed_) return uint64_t{0};
  store::SignedHeadAt signed_head{head.seq, SignHead(head, clock_(), *signer_)};
  if (absl::Status stored = audit_->PutSignedHead(signed_head); !stored.ok()) return stored;
  last_signed_ = head.seq;
  return head.seq;
}

absl::Status HeadSigner::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return absl::OkStatus();
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
  return SignNow().status();
}

void HeadSigner::Run() {
  absl::MutexLock lock(&mu_);
  for (;;) {
    const absl::Time deadline = absl::Now() + interval_;
    // Wakes early only to stop; a spurious or early wake-up just signs a little sooner.
    mu_.AwaitWithDeadline(absl::Condition(&stopping_), deadline);
    if (stopping_) return;
    mu_.Unlock();
    absl::StatusOr<uint64_t> signed_seq = SignNow();
    mu_.Lock();
    if (!signed_seq.ok()) {
      log::Warning("signing the audit chain head failed; retrying at the next interval",
                   {{"error", absl::StrCat(absl::StatusCodeToString(signed_seq.status().code()),
                                           ": ", signed_seq.status().message())}});
    }
  }
}

}  // namespace rilon::audit
