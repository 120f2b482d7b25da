// Any node's side of redactable signing (docs/redaction.md): what a record of envelope
// version 2 discloses, checked part by part against the digests its origin signed, and how a
// node withholds parts of it without breaking that signature.
//
// OpenReport(record, body), `body` being DecodeBody(record), for a TREND_REPORT that is not a
// retraction:
//   - version 1: the payload is the whole report; the record may carry no parts and no notes.
//   - version 2: the digests are well formed (32 bytes each, paths in canonical order:
//     node/records/part_path.h), the skeleton holds no part content, every disclosed part's
//     path is in the digests, appears once, has a 16-byte salt and matches its digest; a
//     disclosed value or cell belongs to a disclosed measure; every note names a withheld part
//     and has a known code ("R" with published_value, the others without).
//   Any failure is INVALID_ARGUMENT naming the path (or field) concerned.
//   The result holds only what the origin signed: the skeleton with the disclosed parts put
//   back. A withheld measure is left out of `report.measures` (the others keep their order and
//   their paths), a withheld cell out of its measure's disaggregations, a withheld measure value
//   reads 0 and a withheld field is empty; `withheld_parts` lists every withheld path in
//   canonical order, so a reader can tell "m2 withheld" from "no m2". A published rounded value
//   ("R") stays in its note: notes are not signed.
//
// CheckDisclosure(record, body): the same checks for any record: OpenReport's for a trend
// report's content (the same status, without building the report: every receiver runs it on
// every record); a record without report content (a retraction, another kind) may carry no
// digests, parts or notes.
//
// Redact(record, disclosure): the record with the named parts removed and the notes appended.
//   The body (hence signature and record id) is untouched. Withholding "m<i>" withholds the whole
//   measure (its value and cells too); withholding an already withheld part is allowed.
//   FAILED_PRECONDITION for a version 1 record (its content is signed as one piece: withhold the
//   whole record instead). INVALID_ARGUMENT for a path the record does not have, or a note on a
//   path that is still disclosed or with an unknown code. Redact does not re-check the parts
//   against their digests (OpenReport does) and never adds content.
//
// RedactionNote codes (SDMX OBS_CONF spirit): kCodeConfidential "C" (primary small-cell
// suppression), kCodeSecondary "D" (secondary suppression against differencing), kCodeWithheld
// "W" (withheld by policy), kCodeRounded "R" (exact value withheld, published_value rounded).
//
// All functions are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "rilon/v1/record.pb.h"
#include "rilon/v1/trend_report.pb.h"

namespace rilon::records {

inline constexpr std::string_view kCodeConfidential = "C";
inline constexpr std::string_view kCodeSecondary = "D";
inline constexpr std::string_view kCodeWithheld = "W";
inline constexpr std::string_view kCodeRounded = "R";

struct OpenedReport {
  rilon::v1::TrendReport report;
  std::vector<std::string> withheld_parts;
  std::vector<rilon::v1::RedactionNote> notes;
};

absl::StatusOr<OpenedReport> OpenReport(const rilon::v1::SignedRecord& record,
                                        const rilon::v1::RecordBody& body);

absl::Status CheckDisclosure(const rilon::v1::SignedRecord& record,
                             const rilon::v1::RecordBody& body);

struct Disclosure {
  std::vector<std::string> withheld_parts;
  std::vector<rilon::v1::RedactionNote> notes;
};

absl::StatusOr<rilon::v1::SignedRecord> Redact(const rilon::v1::SignedRecord& record,
                                               const Disclosure& disclosure);

}  // namespace rilon::records
