#include "node/federation/record_verifier.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "node/records/envelope.h"
#include "node/security/record_signer.h"
#include "policy/decision.h"

namespace rilon::federation {
namespace {

CheckResult Refuse(Refusal refusal, std::string reason) {
  CheckResult result;
  result.outcome = CheckResult::Outcome::kRefused;
  result.refusal = refusal;
  result.reason = std::move(reason);
  return result;
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
  }
  return "unknown";
}

absl::StatusOr<CheckResult> RecordVerifier::Check(const rilon::v1::SignedRecord& signed_record,
                                                  std::string_view sender,
                                                  const store::RecordStore& store,
                                                  OriginProgress& progress) const {
  absl::StatusOr<rilon::v1::RecordBody> body = records::DecodeBody(signed_record);
  if (!body.ok()) {
    return Refuse(Refusal::kMalformed,
                  absl::StrCat("record does not decode: ", body.status().message()));
  }
  const std::string id = records::RecordIdBytes(signed_record.body());
  const std::string what = absl::StrCat("record ", records::RecordIdHex(id), " (origin ",
                                        body->origin_agency(), " seq ", body->origin_seq(), ")");

  std::shared_ptr<const SigningCertificate> cert = certificates_->Find(body->signer_key_id());
  if (cert == nullptr) {
    return Refuse(Refusal::kUnknownCertificate,
                  absl::StrCat(what, ": no verified signing certificate with its signer_key_id"));
  }
  if (cert->agency != body->origin_agency()) {
    return Refuse(Refusal::kWrongSigner, absl::StrCat(what, ": signed with the certificate of ",
                                                      cert->agency, ", not of its origin"));
  }
  const absl::Time created = absl::FromUnixMicros(body->created_unix_micros());
  if (created < cert->not_before || created > cert->not_after) {
    return Refuse(Refusal::kNotValidThen,
                  absl::StrCat(what, ": created at ", absl::FormatTime(created),
                               ", outside the validity of its signing certificate"));
  }
  if (absl::Status s = security::VerifyWithCertificate(
          cert->der, records::SignedBytes(signed_record.body()), signed_record.signature());
      !s.ok()) {
    return Refuse(Refusal::kBadSignature,
                  absl::StrCat(what, ": signature does not verify (", s.message(), ")"));
  }
  if (policy::CeilingVerdict verdict = gate_->Ingress(*body, sender);
      verdict != policy::CeilingVerdict::kPass) {
    return Refuse(
        Refusal::kPolicy,
        absl::StrCat(what, ": ",
                     gate_->Describe(*body, sender, policy::Direction::kIngress, verdict)));
  }

  absl::StatusOr<std::optional<std::string>> holder =
      store.FindByOrigin(body->origin_agency(), body->origin_seq());
  if (!holder.ok()) return holder.status();
  if (holder->has_value()) {
    if (**holder == id) {
      CheckResult duplicate;
      duplicate.outcome = CheckResult::Outcome::kDuplicate;
      return duplicate;
    }
    return Refuse(Refusal::kEquivocation,
                  absl::StrCat(what, ": this origin sequence number is already taken by record ",
                               records::RecordIdHex(**holder)));
  }
  auto last = progress.find(body->origin_agency());
  if (last == progress.end()) {
    absl::StatusOr<uint64_t> stored = store.LastOriginSeq(body->origin_agency());
    if (!stored.ok()) return stored.status();
    last = progress.emplace(body->origin_agency(), *stored).first;
  }
  if (body->origin_seq() <= last->second) {
    return Refuse(Refusal::kOutOfOrder, absl::StrCat(what, ": arrives after seq ", last->second,
                                                     " of the same origin was applied"));
  }
  last->second = body->origin_seq();

  CheckResult result;
  result.outcome = CheckResult::Outcome::kApply;
  store::NewRecord& record = result.record;
  record.signed_record = signed_record;
  record.id = id;
  record.origin_agency = body->origin_agency();
  record.origin_seq = body->origin_seq();
  record.kind = body->kind();
  record.received_from = std::string(sender);
  return result;
}

}  // namespace rilon::federation
