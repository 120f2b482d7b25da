#include "node/api/node_api_service.h"

#include "absl/strings/str_cat.h"
#include "node/api/audit_hooks.h"
#include "node/api/record_view.h"
#include "node/api/report_submission.h"
#include "node/api/status_mapping.h"
#include "node/api/subscribe_reactor.h"
#include "node/api/version_history.h"
#include "node/records/envelope.h"
#include "node/security/identity.h"
#include "node/sharing/read_view.h"
#include "node/validation/request_validation.h"

namespace rilon::api {
namespace {

constexpr int32_t kDefaultPageSize = 50;
constexpr int32_t kMaxPageSize = 1000;
// A page stops growing past this size so that it fits the client's default 4 MiB receive limit.
constexpr size_t kMaxPageBytes = 3 << 20;
// Records examined per ListRecords call at most (a selective filter returns a partial page and a
// token rather than scanning the whole log).
constexpr size_t kMaxScanPerPage = 20000;

grpc::ServerUnaryReactor* FinishNow(grpc::CallbackServerContext* context,
                                    const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

absl::Status ValidateFilters(rilon::v1::RecordKind kind, const std::string& origin_agency) {
  if (!rilon::v1::RecordKind_IsValid(kind)) {
    return absl::InvalidArgumentError("kind: unknown record kind");
  }
  if (!origin_agency.empty() && !security::IsValidAgencyId(origin_agency)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "origin_agency: \"", origin_agency,
        "\" is not an agency id (\"<country code>.<short name>\", e.g. \"id.polri\")"));
  }
  return absl::OkStatus();
}

// The reader's role, from the certificate the MethodAuthorizer already admitted.
absl::StatusOr<policy::Role> ReaderRoleOf(grpc::CallbackServerContext* context,
                                          const ApiContext& ctx) {
  std::shared_ptr<const grpc::AuthContext> auth = context->auth_context();
  absl::StatusOr<security::Principal> caller =
      auth == nullptr ? absl::UnauthenticatedError("no TLS identity")
                      : security::PrincipalFromAuthContext(*auth, ctx.trust_domain);
  if (!caller.ok()) return caller.status();
  std::optional<policy::Role> role = sharing::ReaderRole(caller->role);
  if (!role.has_value()) {
    return absl::PermissionDeniedError(
        absl::StrCat(caller->spiffe_id, " is not a reader (officer, analyst or admin)"));
  }
  return *role;
}

std::shared_ptr<const policy::CompiledPolicy> PolicyInForce(const ApiContext& ctx) {
  return ctx.policy ? ctx.policy() : nullptr;
}

absl::Status NoSuchRecord(const std::string& id) {
  return absl::NotFoundError(
      absl::StrCat("no record ", id,
                   " on this node: check the id, or the record has not reached this "
                   "node (it may not be addressed to your agency)"));
}

// Puts in `record` (built from `stored`) what a reader in `role` may see of it; false when the
// record is hidden from the role. this node's own knowledge (superseded_by) is kept.
absl::StatusOr<bool> ApplyReaderView(const ApiContext& ctx, const policy::CompiledPolicy* policy,
                                     policy::Role role,
                                     const rilon::storage::v1::StoredRecord& stored,
                                     rilon::v1::Record* record) {
  absl::StatusOr<sharing::ReaderView> view =
      sharing::ViewForReader(stored, policy, *ctx.read_requests, role);
  if (!view.ok()) return view.status();
  if (!view->visible) return false;
  if (!view->shaped) return true;
  absl::StatusOr<rilon::v1::Record> shaped = ToApiRecord(view->shaped_record);
  if (!shaped.ok()) return shaped.status();
  shaped->set_superseded_by(record->superseded_by());
  *record = *std::move(shaped);
  return true;
}

// GetRecord for a reader in `role`, on the blocking pool.
absl::Status ReadForReader(const ApiContext& ctx, const std::string& hex_id, policy::Role role,
                           rilon::v1::GetRecordResponse* response) {
  absl::StatusOr<std::string> id = records::ParseRecordId(hex_id);
  if (!id.ok()) return id.status();
  // A record hidden from the reader's role answers exactly like one this node does not hold,
  // so its existence does not leak.
  absl::StatusOr<rilon::storage::v1::StoredRecord> stored = ctx.store->Get(*id);
  if (absl::IsNotFound(stored.status())) return NoSuchRecord(hex_id);
  if (!stored.ok()) return stored.status();
  std::shared_ptr<const policy::CompiledPolicy> policy = PolicyInForce(ctx);
  absl::Status read = ReadRecordWithHistory(*ctx.store, *id, response);
  if (absl::IsNotFound(read)) return NoSuchRecord(hex_id);
  if (!read.ok()) return read;
  absl::StatusOr<bool> visible =
      ApplyReaderView(ctx, policy.get(), role, *stored, response->mutable_record());
  if (!visible.ok()) return visible.status();
  if (!*visible) {
    response->Clear();
    return NoSuchRecord(hex_id);
  }
  // The current version is another record when this one was superseded: it gets its own view.
  if (response->current().id() == response->record().id() || response->current().id().empty()) {
    if (!response->current().id().empty()) *response->mutable_current() = response->record();
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> current_id = records::ParseRecordId(response->current().id());
  if (!current_id.ok()) return current_id.status();
  absl::StatusOr<rilon::storage::v1::StoredRecord> current = ctx.store->Get(*current_id);
  if (!current.ok()) return current.status();
  absl::StatusOr<bool> current_visible =
      ApplyReaderView(ctx, policy.get(), role, *current, response->mutable_current());
  if (!current_visible.ok()) return current_visible.status();
  if (!*current_visible) response->clear_current();
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* NodeApiService::SubmitReport(
    grpc::CallbackServerContext* context, const rilon::v1::SubmitReportRequest* request,
    rilon::v1::SubmitReportResponse* response) {
  // All or nothing: a report refused here never reaches the committer, so nothing is stored.
  audit::Party submitter = CallerParty(*context, ctx_.trust_domain);
  absl::StatusOr<intake::Submission> submission = CheckedReportSubmission(ctx_, *request);
  if (!submission.ok()) {
    AuditSubmissionRefused(*ctx_.store, submitter, "NodeApi.SubmitReport", submission.status());
    return FinishNow(context, submission.status());
  }
  submission->submitted_by = submitter.id;
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  ctx_.committer->Submit(
      *std::move(submission), [this, reactor, response, submitter = std::move(submitter)](
                                  absl::StatusOr<intake::CommitOutcome> outcome) {
        if (!outcome.ok()) {
          AuditSubmissionRefused(*ctx_.store, submitter, "NodeApi.SubmitReport", outcome.status());
          reactor->Finish(ToGrpcStatus(outcome.status()));
          return;
        }
        absl::StatusOr<rilon::v1::Record> record = ToApiRecordMetadata(*outcome->stored);
        if (!record.ok()) {
          reactor->Finish(ToGrpcStatus(record.status()));
          return;
        }
        *response->mutable_record() = std::move(*record);
        response->set_duplicate(outcome->duplicate);
        reactor->Finish(grpc::Status::OK);
      });
  return reactor;
}

grpc::ServerUnaryReactor* NodeApiService::GetRecord(grpc::CallbackServerContext* context,
                                                    const rilon::v1::GetRecordRequest* request,
                                                    rilon::v1::GetRecordResponse* response) {
  if (absl::Status valid = validation::ValidateRecordIdField("id", request->id()); !valid.ok()) {
    return FinishNow(context, valid);
  }
  absl::StatusOr<policy::Role> role = ReaderRoleOf(context, ctx_);
  if (!role.ok()) return FinishNow(context, role.status());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  ctx_.readers->Run([this, reactor, request, response, role = *role,
                     reader = CallerParty(*context, ctx_.trust_domain)] {
    absl::Status read = ReadForReader(ctx_, request->id(), role, response);
    if (read.ok()) {
      AuditRecordsRead(*ctx_.store, reader, "NodeApi.GetRecord",
                       {response->record().id(), response->current().id()});
    }
    reactor->Finish(ToGrpcStatus(read));
  });
  return reactor;
}

grpc::ServerUnaryReactor* NodeApiService::ListRecords(grpc::CallbackServerContext* context,
                                                      const rilon::v1::ListRecordsRequest* request,
                                                      rilon::v1::ListRecordsResponse* response) {
  if (absl::Status valid = ValidateFilters(request->kind(), request->origin_agency());
      !valid.ok()) {
    return FinishNow(context, valid);
  }
  if (request->page_size() < 0) {
    return FinishNow(context, absl::InvalidArgumentError("page_size: must not be negative"));
  }
  absl::StatusOr<uint64_t> after = validation::ParsePosition("page_token", request->page_token());
  if (!after.ok()) return FinishNow(context, after.status());
  const size_t page_size =
      request->page_size() == 0 ? kDefaultPageSize : std::min(request->page_size(), kMaxPageSize);

  absl::StatusOr<policy::Role> role = ReaderRoleOf(context, ctx_);
  if (!role.ok()) return FinishNow(context, role.status());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  ctx_.readers->Run([this, reactor, request, response, page_size, position = *after, role = *role,
                     reader = CallerParty(*context, ctx_.trust_domain)]() mutable {
    std::shared_ptr<const policy::CompiledPolicy> policy = PolicyInForce(ctx_);
    size_t scanned = 0, bytes = 0;
    bool exhausted = false;
    while (static_cast<size_t>(response->records_size()) < page_size && bytes < kMaxPageBytes &&
           scanned < kMaxScanPerPage) {
      auto batch = ctx_.store->ReadLog(position, std::min<size_t>(page_size, 256), kMaxPageBytes);
      if (!batch.ok()) {
        reactor->Finish(ToGrpcStatus(batch.status()));
        return;
      }
      if (batch->empty()) {
        exhausted = true;
        break;
      }
      for (const auto& stored : *batch) {
        if (static_cast<size_t>(response->records_size()) >= page_size || bytes >= kMaxPageBytes) {
          break;
        }
        position = stored.local_seq();
        ++scanned;
        absl::StatusOr<rilon::v1::Record> record = ToApiRecord(stored);
        if (!record.ok()) {
          reactor->Finish(ToGrpcStatus(record.status()));
          return;
        }
        if (request->kind() != rilon::v1::RECORD_KIND_UNSPECIFIED &&
            record->kind() != request->kind()) {
          continue;
        }
        if (!request->origin_agency().empty() &&
            record->origin_agency() != request->origin_agency()) {
          continue;
        }
        absl::StatusOr<bool> listed =
            ListAsVersion(*ctx_.store, request->include_superseded(), *record);
        if (!listed.ok()) {
          reactor->Finish(ToGrpcStatus(listed.status()));
          return;
        }
        if (!*listed) continue;
        // Records hidden from the reader's role are skipped like filtered ones.
        absl::StatusOr<bool> visible = ApplyReaderView(ctx_, policy.get(), role, stored, &*record);
        if (!visible.ok()) {
          reactor->Finish(ToGrpcStatus(visible.status()));
          return;
        }
        if (!*visible) continue;
        bytes += record->ByteSizeLong();
        *response->add_records() = std::move(*record);
      }
    }
    if (!exhausted && position < ctx_.store->LastLocalSeq()) {
      response->set_next_page_token(PositionToken(position));
    }
    std::vector<std::string> listed;
    for (const rilon::v1::Record& record : response->records()) listed.push_back(record.id());
    AuditRecordsRead(*ctx_.store, reader, "NodeApi.ListRecords", listed);
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* NodeApiService::Subscribe(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request_bytes) {
  auto refuse = [](const absl::Status& status) {
    class Refusal : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
     public:
      explicit Refusal(const grpc::Status& s) { Finish(s); }
      void OnDone() override { delete this; }
    };
    return new Refusal(ToGrpcStatus(status));
  };
  rilon::v1::SubscribeRequest parsed;
  grpc::ByteBuffer request_copy(*request_bytes);  // shares the slices; Deserialize consumes it
  if (!grpc::SerializationTraits<rilon::v1::SubscribeRequest>::Deserialize(&request_copy, &parsed)
           .ok()) {
    return refuse(absl::InvalidArgumentError(
        "the Subscribe request is not a valid rilon.v1.SubscribeRequest message"));
  }
  const rilon::v1::SubscribeRequest* request = &parsed;
  if (absl::Status valid = ValidateFilters(request->kind(), request->origin_agency());
      !valid.ok()) {
    return refuse(valid);
  }
  absl::StatusOr<uint64_t> after = validation::ParsePosition("cursor", request->cursor());
  if (!after.ok()) return refuse(after.status());
  const uint64_t head = ctx_.feed->head();
  if (request->start_at_end()) *after = head;
  if (*after > head) {
    return refuse(absl::OutOfRangeError(absl::StrCat(
        "cursor: ", *after, " is beyond the newest record on this node (", head,
        "); was it issued by another node, or was this node's data restored from a backup?")));
  }
  absl::StatusOr<policy::Role> role = ReaderRoleOf(context, ctx_);
  if (!role.ok()) return refuse(role.status());
  if (ctx_.subscribers.fetch_add(1) >= ctx_.max_subscribers) {
    --ctx_.subscribers;
    return refuse(absl::ResourceExhaustedError(
        "this node already serves its maximum number of feed subscribers; retry later"));
  }
  return new SubscribeReactor(ctx_, request->kind(), request->origin_agency(),
                              request->include_signed(), *after, *role,
                              CallerParty(*context, ctx_.trust_domain));
}

grpc::ServerUnaryReactor* NodeApiService::GetNodeStatus(grpc::CallbackServerContext* context,
                                                        const rilon::v1::GetNodeStatusRequest*,
                                                        rilon::v1::NodeStatus* response) {
  *response = ctx_.static_status;
  const uint64_t head = ctx_.store->LastLocalSeq();
  response->set_records_stored(head);
  if (head > 0) response->set_head_cursor(PositionToken(head));
  response->set_origin_seq(ctx_.committer->origin_seq());
  response->set_subscribers(ctx_.subscribers.load());
  if (ctx_.policy_status) *response->mutable_policy() = ctx_.policy_status();
  return FinishNow(context, absl::OkStatus());
}

}  // namespace rilon::api
