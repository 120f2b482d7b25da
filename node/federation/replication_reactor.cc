#include "node/federation/replication_reactor.h"

#include "absl/strings/str_cat.h"
#include "node/audit/audit_entries.h"
#include "node/observability/log.h"
#include "node/records/envelope.h"
#include "node/sharing/shaped_record.h"

namespace rilon::federation {

ReplicationReactor::ReplicationReactor(ReplicationContext& ctx, std::string peer_agency)
    : LogFollower(ctx.feed, ctx.readers), ctx_(ctx), peer_agency_(std::move(peer_agency)) {
  StartRead(&request_);
}

ReplicationReactor::~ReplicationReactor() {
  if (opened_) ctx_.links->Closed(peer_agency_);
}

void ReplicationReactor::OnReadDone(bool ok) {
  if (!ok) {
    // The peer closed its side (or the stream ended). Before a first request there is nothing
    // to stream; after it, the stream goes on until the peer cancels.
    if (!opened_) {
      FinishOnce(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                              "send a ReplicateRequest with after_position first"));
    }
    return;
  }
  if (opened_) {
    ctx_.links->Acknowledged(peer_agency_, request_.after_position());
    StartRead(&request_);
    return;
  }
  const uint64_t after = request_.after_position();
  const uint64_t head = ctx_.store->LastLocalSeq();
  if (after > head) {
    FinishOnce(api::ToGrpcStatus(absl::OutOfRangeError(absl::StrCat(
        "after_position ", after, " is beyond this node's log (", head,
        "); this node's data was restored from an older backup: resume from position ", head))));
    return;
  }
  opened_ = true;
  ctx_.links->Opened(peer_agency_, after);
  reported_ = after;
  StartFollowing(after);
  StartRead(&request_);
}

absl::StatusOr<ReplicationReactor::LogSlice> ReplicationReactor::ReadAfter(uint64_t after) const {
  LogSlice slice;
  if (ctx_.feed->ReadAfter(after, ctx_.max_records_per_message, &slice.window) ==
      feed::FeedHub::ReadResult::kOk) {
    slice.records.reserve(slice.window.size());
    for (const feed::FeedEntry& e : slice.window) slice.records.push_back(&e.record->stored());
    return slice;
  }
  absl::StatusOr<std::vector<rilon::storage::v1::StoredRecord>> read =
      ctx_.store->ReadLog(after, ctx_.max_records_per_message, ctx_.max_bytes_per_message);
  if (!read.ok()) return read.status();
  slice.read = *std::move(read);
  slice.records.reserve(slice.read.size());
  for (rilon::storage::v1::StoredRecord& s : slice.read) slice.records.push_back(&s);
  return slice;
}

absl::StatusOr<ReplicationReactor::Gathered> ReplicationReactor::Gather(uint64_t after) {
  rilon::v1::ReplicateResponse* out = &response_;
  out->Clear();
  const uint64_t head = ctx_.store->LastLocalSeq();
  absl::StatusOr<LogSlice> slice = ReadAfter(after);
  if (!slice.ok()) return slice.status();
  const std::string& own = ctx_.gate->own_agency();
  const uint64_t first = after + 1;
  std::vector<std::string> sent, withheld;  // record ids, for the audit log
  audit::DecidedBy sent_by, withheld_by;
  size_t bytes = 0;
  for (size_t i = 0; i < slice->records.size(); ++i) {
    const rilon::storage::v1::StoredRecord& s = *slice->records[i];
    // Direct replication: each origin sends its own records (replication_service.h), and a
    // record received from a peer says so (store/record_store.h), so it is passed over without
    // being decoded.
    if (!s.received_from().empty()) {
      after = s.local_seq();
      continue;
    }
    // The window counts records, not bytes: keep the message within the store read's budget.
    const size_t size = s.signed_().ByteSizeLong();
    if (out->records_size() > 0 && bytes + size > ctx_.max_bytes_per_message) break;
    after = s.local_seq();
    absl::StatusOr<rilon::v1::RecordBody> body = records::DecodeBody(s.signed_());
    if (!body.ok()) {
      return absl::DataLossError(absl::StrCat("stored record at position ", s.local_seq(),
                                              " does not decode: ", body.status().message()));
    }
    if (body->origin_agency() != own) continue;
    // Egress decision: a record withheld from this peer is skipped, and examined_through moves
    // past it so the stream does not stall (the delivery report says why).
    absl::StatusOr<SharingDecision> decided =
        ctx_.gate->DecideEgress(s.signed_(), *body, peer_agency_);
    if (!decided.ok() || !decided->allowed()) {
      withheld.push_back(records::RecordIdBytes(s.signed_().body()));
      if (decided.ok()) withheld_by.Add(decided->decision);
      continue;
    }
    // A record sent in full is moved when it was read for this message (its last use), and
    // copied from the window, which the subscribers share.
    absl::StatusOr<rilon::v1::SignedRecord> shaped =
        !decided->decision.form.IsFull()
            ? sharing::ShapeSignedRecord(s.signed_(), *body, decided->decision, own)
        : slice->read.empty() ? s.signed_()
                              : std::move(*slice->read[i].mutable_signed_());
    if (!shaped.ok()) {  // must be shaped but cannot be: withheld, never sent in full
      withheld.push_back(records::RecordIdBytes(s.signed_().body()));
      withheld_by.Add(decided->decision);
      continue;
    }
    if (!certificates_sent_.contains(body->signer_key_id())) {
      const std::string* der = ctx_.own_certificates->Find(body->signer_key_id());
      if (der == nullptr) {
        // Sending it anyway would have the peer refuse it for good; holding the stream here
        // keeps it (and everything after it) queued until the operator restores the retired
        // certificate.
        absl::Status missing = absl::FailedPreconditionError(absl::StrCat(
            "record at position ", s.local_seq(), " is signed with key ",
            records::RecordIdHex(body->signer_key_id()),
            ", whose certificate this node does not have: add the retired signing certificate "
            "to signing.previous_cert_files and restart"));
        if (out->records_size() == 0) {
          log::Error("cannot send a record to a peer",
                     {{"peer", peer_agency_}, {"reason", std::string(missing.message())}});
          return missing;
        }
        after = s.local_seq() - 1;  // send what came before it; the next Gather stops here
        break;
      }
      out->add_signing_certificates(*der);
      certificates_sent_.insert(body->signer_key_id());
    }
    bytes += size;
    sent.push_back(records::RecordIdBytes(shaped->body()));  // the bytes the peer gets
    sent_by.Add(decided->decision);
    rilon::v1::ReplicatedRecord* record = out->add_records();
    *record->mutable_signed_() = *std::move(shaped);
    record->set_position(s.local_seq());
  }
  const bool send = out->records_size() > 0 || after - reported_ >= kProgressEvery;
  if (send) {
    out->set_examined_through(after);
    out->set_head_position(std::max(head, after));
    reported_ = after;
    ctx_.links->Sent(peer_agency_);
  }
  if (!withheld.empty()) {
    ctx_.store->audit().Record(
        audit::RecordsWithheld(peer_agency_, first, after, std::move(withheld), withheld_by));
  }
  if (!sent.empty()) {
    ctx_.store->audit().Record(
        audit::RecordsSent(peer_agency_, first, after, std::move(sent), sent_by));
  }
  return Gathered{.examined = after, .send = send ? out : nullptr};
}

}  // namespace rilon::federation
