// What a receiving node checks before it stores a record a peer delivered. Nothing the sender
// says is trusted: the record id is recomputed from the signed bytes, the signature is checked
// with the origin's verified signing certificate, and the sharing ceiling is re-decided.
//
// The checks come in two steps so that the expensive one can run on every core: Preverify()
// (decode, certificate, validity, signature, ingress ceiling) needs no store and is thread-safe;
// Decide() (duplicate, replay, equivocation, order) reads the store and must see the records of
// one batch in order. Check() is both in one call.
//
// Contract — Check() / Decide() return, for one record:
//   kApply      every check passed; `record` is ready for RecordStore::AppendFromPeer.
//   kDuplicate  the identical record (same id) is already stored, received from another peer
//               or originated here: skipped, not an error (apply is exactly-once).
//   kRefused    with a Refusal and a one-line reason naming the origin, sequence and id:
//     malformed           the body does not decode (envelope version, fields) or the signature
//                         is not 64 bytes; or it supersedes a stored record of another origin
//                         or kind (a record can only correct or retract its own origin's);
//     unknown_certificate no verified certificate with the body's signer_key_id (the sender did
//                         not offer it, or offered one that was refused);
//     wrong_signer        the certificate belongs to another agency than the record's origin;
//     not_valid_then      the record claims a creation time outside the certificate's validity;
//     bad_signature       the Ed25519 signature does not verify (forged or altered record);
//     bad_part            the signature verifies but the content does not open
//                         (records/redaction.h CheckDisclosure): a disclosed part does not match
//                         its signed digest (altered, moved to another path, taken from another
//                         record), a part or a redaction note names a path the record does not
//                         have, a note explains a part that is disclosed, or a version 1 payload
//                         is not a report. The reason names the path;
//     policy              the sharing ceiling refuses it (this node is outside the audience, the
//                         sender may not relay it, ...); the reason names the verdict;
//     equivocation        the origin's sequence number is already taken by a different record,
//                         or the record it supersedes already has another successor (stored, or
//                         earlier in the batch): the origin signed two versions after one;
//     out_of_order        an origin sequence number at or below one already applied;
//     replay              the identical record again from the peer that delivered it before: a
//                         correct sender offers each record of its log once (positions only move
//                         on, and the receiver resumes after what it stored), so this is a
//                         replay, not at-least-once delivery.
//   Preverify() returns kRefused or a kApply candidate; Decide() takes the candidate. An error
//   status only for a failing store read (transient: the caller retries later).
//   Decide(..., redelivery=true) is for a record anti-entropy asked for again: a stored copy is
//   a duplicate (never a replay), and a record that is not stored fills a gap even when its
//   sequence number is below the origin's highest applied one (never out_of_order).
//   HeldAlready() says kDuplicate without any other check when a record with the same id (the
//   hash of the bytes) is stored — those bytes were verified when they were stored.
// `progress` carries what the records of one batch change before they are stored: the highest
// origin_seq applied per origin and the records they supersede; start each batch with an empty
// one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "node/federation/sharing_gate.h"
#include "node/federation/signing_certificates.h"
#include "node/store/record_store.h"
#include "rilon/v1/record.pb.h"

namespace rilon::federation {

enum class Refusal : uint8_t {
  kMalformed = 0,
  kUnknownCertificate,
  kWrongSigner,
  kNotValidThen,
  kBadSignature,
  kPolicy,
  kEquivocation,
  kOutOfOrder,
  kReplay,
  kBadPart,
};
inline constexpr int kNumRefusals = 10;

// "malformed", "unknown_certificate", ... (stable names for logs, counters and the API).
std::string_view RefusalName(Refusal refusal);

struct CheckResult {
  enum class Outcome { kApply, kDuplicate, kRefused };
  Outcome outcome = Outcome::kRefused;
  Refusal refusal = Refusal::kMalformed;
  std::string reason;  // for kRefused
  // For kApply, ready to store. For a refusal by Preverify() or Decide(), record.signed_record
  // is the record as delivered (or as this node's ingress policy shaped it: the same body), for
  // the audit entry, and the other fields what was read of it.
  store::NewRecord record;
  absl::Time created;  // for kApply: when the origin made the record (its signed claim)
};

struct OriginProgress {
  absl::flat_hash_map<std::string, uint64_t> last_seq;      // origin -> highest origin_seq
  absl::flat_hash_map<std::string, std::string> successor;  // superseded id -> successor id
  void clear() {
    last_seq.clear();
    successor.clear();
  }
};

class RecordVerifier {
 public:
  // Both must outlive the verifier.
  RecordVerifier(const SigningCertificates* certificates, const SharingGate* gate)
      : certificates_(certificates), gate_(gate) {}

  // Takes the record, so that an accepted one is stored without a copy of its dozens of parts.
  // Decodes its body into `body`, which a caller checking many records reuses (see
  // records::DecodeBodyInto); after kApply it holds the decoded body, so that no later step
  // decodes it again.
  CheckResult Preverify(rilon::v1::SignedRecord signed_record, std::string_view sender,
                        rilon::v1::RecordBody& body) const;
  CheckResult Preverify(rilon::v1::SignedRecord signed_record, std::string_view sender) const {
    rilon::v1::RecordBody body;
    return Preverify(std::move(signed_record), sender, body);
  }
  absl::StatusOr<CheckResult> Decide(CheckResult candidate, std::string_view sender,
                                     const store::RecordStore& store, OriginProgress& progress,
                                     bool redelivery = false) const;
  std::optional<CheckResult> HeldAlready(const rilon::v1::SignedRecord& signed_record,
                                         const store::RecordStore& store) const;
  absl::StatusOr<CheckResult> Check(rilon::v1::SignedRecord signed_record, std::string_view sender,
                                    const store::RecordStore& store,
                                    OriginProgress& progress) const {
    return Decide(Preverify(std::move(signed_record), sender), sender, store, progress);
  }

 private:
  const SigningCertificates* const certificates_;
  const SharingGate* const gate_;
};

}  // namespace rilon::federation
