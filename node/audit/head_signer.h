// Signs the head of the node's audit chain (docs/audit.md) with the agency's record-signing key,
// periodically and at clean shutdown, and stores the signed head beside the chain. A signed head
// is what makes a rewrite of the chain up to it detectable: without the key nobody can produce
// a head for a different hash.
//
// Contract:
//   - SignHead() is pure: the AuditHead (seq, entry hash, time, signer key id) serialized once,
//     and an Ed25519 signature over kHeadSignatureContext || those bytes (audit_chain.h).
//   - SignNow() flushes the queued audit entries, then signs and stores the head unless the chain
//     is empty or its head is already signed; it returns the seq signed (0: nothing to sign).
//   - Start() signs every `interval` on its own thread; Stop() ends the thread and signs once
//     more (the clean-shutdown head). Both are idempotent. A failed signing is logged and retried
//     at the next interval; it never stops the node.
//   - The AuditStore and the signer must outlive this object.
//
// Example:
//   HeadSigner heads(&store->audit(), signer.get(), absl::Seconds(60));
//   heads.Start();  ...  heads.Stop();
#pragma once

#include <cstdint>
#include <functional>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "node/audit/audit_chain.h"
#include "node/security/record_signer.h"
#include "node/store/audit_store.h"
#include "rilon/v1/audit.pb.h"

namespace rilon::audit {

rilon::v1::SignedAuditHead SignHead(const ChainHead& head, absl::Time now,
                                    const security::RecordSigner& signer);

class HeadSigner {
 public:
  HeadSigner(
      store::AuditStore* audit, const security::RecordSigner* signer, absl::Duration interval,
      std::function<absl::Time()> clock = [] { return absl::Now(); });
  ~HeadSigner();  // Stop()s
  HeadSigner(const HeadSigner&) = delete;
  HeadSigner& operator=(const HeadSigner&) = delete;

  void Start();
  absl::StatusOr<uint64_t> SignNow();
  absl::Status Stop();

 private:
  void Run();

  store::AuditStore* const audit_;
  const security::RecordSigner* const signer_;
  const absl::Duration interval_;
  const std::function<absl::Time()> clock_;

  absl::Mutex sign_mu_;  // one signing at a time
  uint64_t last_signed_ ABSL_GUARDED_BY(sign_mu_) = 0;
  bool last_signed_loaded_ ABSL_GUARDED_BY(sign_mu_) = false;

  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace rilon::audit
