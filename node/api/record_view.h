// Conversion of stored records into the API's rilon.v1.Record (decoded envelope + signed
// original). The one place where storage form becomes wire form.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "rilon/storage/v1/stored_record.pb.h"
#include "rilon/v1/node_api.pb.h"

namespace rilon::api {

// INTERNAL when the stored bytes cannot be decoded (a corrupt store; never client input).
absl::StatusOr<rilon::v1::Record> ToApiRecord(const rilon::storage::v1::StoredRecord& stored);

// Cursors and page tokens are the decimal local sequence number; clients treat them as opaque.
std::string PositionToken(uint64_t local_seq);

}  // namespace rilon::api
