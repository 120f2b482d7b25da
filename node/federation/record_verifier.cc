#include "node/federation/record_verifier.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "node/records/envelope.h"
#include "node/records/redaction.h"
#include "node/security/record_signer.h"
#include "policy/decision.h"

namespace rilon::federation {
namespace {

// Turns `result` into a refusal that keeps the record as delivered, for the audit entry. Takes a
// reference so that a reason built from `result` is complete before anything is moved.
CheckResult Refused(CheckResult& result, Refusal refusal, std::string reason) {
  result.outcome = CheckResult::Outcome::kRefused;
  result.refusal = refusal;
  result.reason = std::move(reason);
  return std::move(result);
}

std::string Describe(const store::NewRecord& record) {
  return absl::StrCat("record ", records::RecordIdHex(record.id), " (origin ", record.origin_agency,
                      " seq ", record.origin_seq, ")");
}

// A correction or retraction must continue its own origin's chain of versions: the record it
// supersedes (when this node holds it) has the same origin and kind, and nothing else supersedes
// it. Returns `candidate` turned into the refusal, or nothing when the link is sound.
absl::StatusOr<std::optional<CheckResult>> CheckSupersedes(CheckResult& candidate,
                                                           const store::RecordStore& store,
                                                           const OriginProgress& progress) {
  const store::NewRecord& record = candidate.record;
  const std::string& superseded = record.supersedes;
  std::optional<std::string> other;
  if (auto it = progress.successor.find(superseded); it != progress.successor.end()) {
    other = it->second;
  } else {
    absl::StatusOr<std::optional<std::string>> stored = store.FindSuccessor(superseded);
    if (!stored.ok()) return stored.status();
    other = *std::move(stored);
  }
  if (other.has_value() && *other != record.id) {
    return Refused(
        candidate, Refusal::kEquivocation,
        absl::StrCat(Describe(record), ": it supersedes record ", records::RecordIdHex(superseded),
                     ", which record ", records::RecordIdHex(*other), " already supersedes"));
  }
  absl::StatusOr<rilon::storage::v1::StoredRecord> previous = store.Get(superseded);
  if (absl::IsNotFound(previous.status())) return std::nullopt;  // never addressed to us
  if (!previous.ok()) return previous.status();
  absl::StatusOr<rilon::v1::RecordBody> previous_body = records::DecodeBody(previous->signed_());
  if (!previous_body.ok()) return previous_body.status();
  if (previous_body->origin_agency() != record.origin_agency ||
      previous_body->kind() != record.kind) {
    return Refused(
        candidate, Refusal::kMalformed,
        absl::StrCat(Describe(record), ": it supersedes record ", records::RecordIdHex(superseded),
                     " of origin ", previous_body->origin_agency(),
                     "; a record can only supersede a record of its own origin and kind"));
  }
  return std::nullopt;
}

}  // namespace

std::string_view RefusalName(Refusal refusal) {
  switch (refusal) {
    case Refusal::kMalformed:
      return "malformed";
    case Refusal::kUnknownCertificate:
      return "unknown_certificate";
    case Refusal::kWrongSigner:
      return "wrong_signer";
    case Refusal::kNotValidThen:
      return "not_valid_then";
    case Refusal::kBadSignature:
      return "bad_signature";
    case Refusal::kPolicy:
      return "policy";
    case Refusal::kEquivocation:
      return "equivocation";
    case Refusal::kOutOfOrder:
      return "out_of_order";
    case Refusal::kReplay:
      return "replay";
    case Refusal::kBadPart:
      return "bad_part";
  }
  return "unknown";
}

CheckResult RecordVerifier::Preverify(rilon::v1::SignedRecord signed_record,
                                      std::string_view sender, rilon::v1::RecordBody& body) const {
  CheckResult result;
  store::NewRecord& record = result.record;
  record.signed_record = std::move(signed_record);
  const rilon::v1::SignedRecord& delivered = record.signed_record;
  if (absl::Status s = records::DecodeBodyInto(delivered, body); !s.ok()) {
    return Refused(result, Refusal::kMalformed,
                   absl::StrCat("record does not decode: ", s.message()));
  }
  record.id = records::RecordIdBytes(delivered.body());
  record.origin_agency = body.origin_agency();
  record.origin_seq = body.origin_seq();
  record.kind = body.kind();
  record.supersedes = body.supersedes();

  std::shared_ptr<const SigningCertificate> cert = certificates_->Find(body.signer_key_id());
  if (cert == nullptr) {
    return Refused(
        result, Refusal::kUnknownCertificate,
        absl::StrCat(Describe(record), ": no verified signing certificate with its signer_key_id"));
  }
  if (cert->agency != body.origin_agency()) {
    return Refused(result, Refusal::kWrongSigner,
                   absl::StrCat(Describe(record), ": signed with the certificate of ", cert->agency,
                                ", not of its origin"));
  }
  const absl::Time created = absl::FromUnixMicros(body.created_unix_micros());
  if (created < cert->not_before || created > cert->not_after) {
    return Refused(result, Refusal::kNotValidThen,
                   absl::StrCat(Describe(record), ": created at ", absl::FormatTime(created),
                                ", outside the validity of its signing certificate"));
  }
  if (absl::Status s = security::VerifyWithPublicKey(
          cert->public_key, records::SignedBytes(delivered.body()), delivered.signature());
      !s.ok()) {
    return Refused(
        result, Refusal::kBadSignature,
        absl::StrCat(Describe(record), ": signature does not verify (", s.message(), ")"));
  }
  // The signature covers the digests only: each disclosed part must match its own.
  if (absl::Status s = records::CheckDisclosure(delivered, body); !s.ok()) {
    return Refused(result, Refusal::kBadPart,
                   absl::StrCat(Describe(record), ": its content does not match the signed body (",
                                s.message(), ")"));
  }
  if (policy::CeilingVerdict verdict = gate_->Ingress(body, sender);
      verdict != policy::CeilingVerdict::kPass) {
    return Refused(
        result, Refusal::kPolicy,
        absl::StrCat(Describe(record), ": ",
                     gate_->Describe(body, sender, policy::Direction::kIngress, verdict)));
  }
  result.outcome = CheckResult::Outcome::kApply;
  record.received_from = std::string(sender);
  result.created = created;
  return result;
}

std::optional<CheckResult> RecordVerifier::HeldAlready(const rilon::v1::SignedRecord& signed_record,
                                                       const store::RecordStore& store) const {
  absl::StatusOr<rilon::storage::v1::StoredRecord> stored =
      store.Get(records::RecordIdBytes(signed_record.body()));
  if (!stored.ok()) return std::nullopt;  // not stored (or unreadable): check it in full
  CheckResult duplicate;
  duplicate.outcome = CheckResult::Outcome::kDuplicate;
  return duplicate;
}

absl::StatusOr<CheckResult> RecordVerifier::Decide(CheckResult candidate, std::string_view sender,
                                                   const store::RecordStore& store,
                                                   OriginProgress& progress,
                                                   bool redelivery) const {
  if (candidate.outcome != CheckResult::Outcome::kApply) return candidate;
  const store::NewRecord& record = candidate.record;
  absl::StatusOr<std::optional<std::string>> holder =
      store.FindByOrigin(record.origin_agency, record.origin_seq);
  if (!holder.ok()) return holder.status();
  if (holder->has_value()) {
    if (**holder != record.id) {
      return Refused(candidate, Refusal::kEquivocation,
                     absl::StrCat(Describe(record),
                                  ": this origin sequence number is already taken by record ",
                                  records::RecordIdHex(**holder)));
    }
    absl::StatusOr<rilon::storage::v1::StoredRecord> stored = store.Get(record.id);
    if (!stored.ok()) return stored.status();
    if (!redelivery && stored->received_from() == sender) {
      return Refused(candidate, Refusal::kReplay,
                     absl::StrCat(Describe(record), ": already delivered by ", std::string(sender),
                                  " and stored at cursor ", stored->local_seq(),
                                  "; a sender offers each record of its log once"));
    }
    CheckResult duplicate;
    duplicate.outcome = CheckResult::Outcome::kDuplicate;
    return duplicate;
  }
  auto last = progress.last_seq.find(record.origin_agency);
  if (last == progress.last_seq.end()) {
    absl::StatusOr<uint64_t> stored = store.LastOriginSeq(record.origin_agency);
    if (!stored.ok()) return stored.status();
    last = progress.last_seq.emplace(record.origin_agency, *stored).first;
  }
  if (record.origin_seq <= last->second && !redelivery) {
    return Refused(candidate, Refusal::kOutOfOrder,
                   absl::StrCat(Describe(record), ": arrives after seq ", last->second,
                                " of the same origin was applied"));
  }
  if (!record.supersedes.empty()) {
    absl::StatusOr<std::optional<CheckResult>> link = CheckSupersedes(candidate, store, progress);
    if (!link.ok()) return link.status();
    if (link->has_value()) return **std::move(link);
    progress.successor.emplace(record.supersedes, record.id);
  }
  last->second = std::max(last->second, record.origin_seq);
  return candidate;
}

}  // namespace rilon::federation
