#include "node/sharing/shaped_record.h"

#include "absl/strings/str_cat.h"

namespace rilon::sharing {

absl::StatusOr<rilon::v1::SignedRecord> ShapeSignedRecord(const rilon::v1::SignedRecord& record,
                                                          const rilon::v1::RecordBody& body,
                                                          const policy::Decision& decision,
                                                          std::string_view decided_by) {
  if (decision.form.IsFull()) return record;
  return absl::FailedPreconditionError(absl::StrCat(
      "record of ", body.origin_agency(), " seq ", body.origin_seq(), " has envelope version ",
      body.envelope_version(),
      ": its content is signed as one piece, so the parts the form withholds cannot be removed "
      "without breaking the origin's signature; ",
      std::string(decided_by), " withholds the whole record"));
}

}  // namespace rilon::sharing
