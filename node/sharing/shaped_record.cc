#include "node/sharing/shaped_record.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "node/records/redaction.h"
#include "node/sharing/record_shaping.h"

namespace rilon::sharing {
namespace {

// The rule that set the form (the allow rule that decided).
std::string DecidingRule(const policy::Decision& decision) {
  for (const policy::RuleHit& hit : decision.rules) {
    if (hit.effect == policy::Effect::kAllow && hit.disposition == policy::Disposition::kDecided) {
      return hit.id;
    }
  }
  return std::string();
}

}  // namespace

absl::StatusOr<rilon::v1::SignedRecord> ShapeSignedRecord(const rilon::v1::SignedRecord& record,
                                                          const rilon::v1::RecordBody& body,
                                                          const policy::Decision& decision,
                                                          std::string_view decided_by) {
  if (decision.form.IsFull()) return record;
  // A retraction carries no content: there is nothing a form could withhold.
  if (body.kind() == rilon::v1::TREND_REPORT && body.has_retraction()) return record;
  if (body.kind() != rilon::v1::TREND_REPORT) {
    return absl::FailedPreconditionError(
        absl::StrCat("record of ", body.origin_agency(), " seq ", body.origin_seq(),
                     " has no trend report whose parts a form could withhold; ",
                     std::string(decided_by), " withholds the whole record"));
  }
  absl::StatusOr<records::OpenedReport> opened = records::OpenReport(record, body);
  if (!opened.ok()) return opened.status();
  absl::StatusOr<Disclosure> shaping =
      ShapeReport(opened->report, opened->withheld_parts, decision.form);
  if (!shaping.ok()) return shaping.status();
  if (shaping->withheld_parts.empty()) return record;
  records::Disclosure disclosure;
  disclosure.withheld_parts = shaping->withheld_parts;
  const std::string rule = DecidingRule(decision);
  for (const ShapingNote& note : shaping->notes) {
    rilon::v1::RedactionNote& out = disclosure.notes.emplace_back();
    out.set_path(note.path);
    out.set_code(note.code);
    if (note.published_value.has_value()) out.set_published_value(*note.published_value);
    out.set_decided_by(std::string(decided_by));
    out.set_policy_version(decision.policy_version);
    out.set_rule(rule);
  }
  absl::StatusOr<rilon::v1::SignedRecord> redacted = records::Redact(record, disclosure);
  if (absl::IsFailedPrecondition(redacted.status())) {
    return absl::FailedPreconditionError(
        absl::StrCat("record of ", body.origin_agency(), " seq ", body.origin_seq(),
                     " cannot be shaped (", redacted.status().message(), "); ",
                     std::string(decided_by), " withholds the whole record"));
  }
  return redacted;
}

}  // namespace rilon::sharing
