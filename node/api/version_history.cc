#include "node/api/version_history.h"

#include <utility>

#include "node/api/record_view.h"
#include "node/records/envelope.h"
#include "node/store/version_chain.h"

namespace rilon::api {
namespace {

rilon::v1::VersionKind KindOf(const store::ChainVersion& version) {
  if (!version.stored.has_value()) return rilon::v1::VERSION_KIND_UNSPECIFIED;
  if (version.body.has_retraction()) return rilon::v1::VERSION_RETRACTION;
  return version.body.supersedes().empty() ? rilon::v1::VERSION_ORIGINAL
                                           : rilon::v1::VERSION_CORRECTION;
}

rilon::v1::RecordVersion Summary(const store::ChainVersion& version) {
  rilon::v1::RecordVersion out;
  out.set_id(records::RecordIdHex(version.id));
  out.set_kind(KindOf(version));
  out.set_held(version.stored.has_value());
  if (version.stored.has_value()) {
    out.set_origin_seq(version.body.origin_seq());
    SetTimestamp(version.body.created_unix_micros(), out.mutable_created_at());
    out.set_retraction_reason(version.body.retraction().reason());
  }
  return out;
}

// The API form of the held version at `index`, with superseded_by from the chain.
absl::StatusOr<rilon::v1::Record> VersionRecord(const store::VersionChain& chain, size_t index) {
  absl::StatusOr<rilon::v1::Record> record = ToApiRecord(*chain.versions[index].stored);
  if (record.ok() && index + 1 < chain.versions.size()) {
    record->set_superseded_by(records::RecordIdHex(chain.versions[index + 1].id));
  }
  return record;
}

}  // namespace

absl::Status ReadRecordWithHistory(const store::RecordStore& store, const std::string& id,
                                   rilon::v1::GetRecordResponse* response) {
  absl::StatusOr<store::VersionChain> chain = store::ReadVersionChain(store, id);
  if (!chain.ok()) return chain.status();
  absl::StatusOr<rilon::v1::Record> record = VersionRecord(*chain, chain->requested);
  if (!record.ok()) return record.status();
  const size_t current = chain->versions.size() - 1;
  if (current == chain->requested) {
    *response->mutable_current() = *record;
  } else {
    absl::StatusOr<rilon::v1::Record> head = VersionRecord(*chain, current);
    if (!head.ok()) return head.status();
    *response->mutable_current() = *std::move(head);
  }
  *response->mutable_record() = *std::move(record);
  for (const store::ChainVersion& version : chain->versions) {
    *response->add_history() = Summary(version);
  }
  response->set_history_truncated(chain->truncated);
  return absl::OkStatus();
}

absl::StatusOr<bool> ListAsVersion(const store::RecordStore& store, bool include_superseded,
                                   rilon::v1::Record& record) {
  absl::StatusOr<std::string> id = records::ParseRecordId(record.id());
  if (!id.ok()) return absl::InternalError(id.status().message());
  absl::StatusOr<std::optional<std::string>> successor = store.FindSuccessor(*id);
  if (!successor.ok()) return successor.status();
  if (!successor->has_value()) return true;
  record.set_superseded_by(records::RecordIdHex(**successor));
  return include_superseded;
}

}  // namespace rilon::api
