// What `rilon report get`, `report correct` and `report retract` print for people: a record with
// the current version of its report and the report's versions, and the outcome of an amendment.
// Same conventions as client/printer.h (text only, times in UTC, network text sanitized).
#pragma once

#include <string>

#include "rilon/v1/node_api.pb.h"

namespace rilon::client {

// "original", "correction", "retraction", or "not on this node" for a version it does not hold.
std::string VersionKindLabel(rilon::v1::VersionKind kind);

// A notice when the record is not the current version (and whether the report was retracted),
// the record as FormatRecordDetail shows it, then, when the report has more than one version,
// a table of the versions, oldest first, marking the record shown and the current one.
std::string FormatRecordWithHistory(const rilon::v1::GetRecordResponse& response);

// "Corrected: <new id> replaces <old id> (origin au.abf #13, cursor 1044)" or
// "Retracted: <old id> by <new id> (...)", plus the duplicate notice of a resent request.
std::string FormatAmendResult(const rilon::v1::Record& record, bool duplicate);

}  // namespace rilon::client
