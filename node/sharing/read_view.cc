#include "node/sharing/read_view.h"

#include "absl/strings/str_cat.h"
#include "node/records/envelope.h"
#include "node/sharing/shaped_record.h"

namespace rilon::sharing {

absl::StatusOr<ReaderView> ViewForReader(const rilon::storage::v1::StoredRecord& stored,
                                         const policy::CompiledPolicy* policy,
                                         const Requests& requests, policy::Role role) {
  absl::StatusOr<rilon::v1::RecordBody> body = records::DecodeBody(stored.signed_());
  if (!body.ok()) {
    return absl::InternalError(absl::StrCat("stored record at cursor ", stored.local_seq(),
                                            " cannot be decoded: ", body.status().message()));
  }
  policy::RecordAttributes attributes;
  if (policy == nullptr) {
    attributes = AttributesOf(*body, nullptr);  // the ceiling reads only the envelope
  } else {
    absl::StatusOr<policy::RecordAttributes> read = AttributesOf(stored.signed_(), *body);
    if (!read.ok()) {
      return absl::InternalError(absl::StrCat("stored record at cursor ", stored.local_seq(), ": ",
                                              read.status().message()));
    }
    attributes = *std::move(read);
  }
  ReaderView view;
  view.decision = Decide(policy, attributes, requests.Read(role));
  if (!view.decision.allowed()) return view;
  if (view.decision.form.IsFull()) {
    view.visible = true;
    return view;
  }
  absl::StatusOr<rilon::v1::SignedRecord> shaped =
      ShapeSignedRecord(stored.signed_(), *body, view.decision, requests.own_agency());
  if (!shaped.ok()) return view;  // cannot be shaped: hidden, never shown in full
  view.visible = true;
  view.shaped = true;
  view.shaped_record = stored;
  *view.shaped_record.mutable_signed_() = *std::move(shaped);
  return view;
}

}  // namespace rilon::sharing
