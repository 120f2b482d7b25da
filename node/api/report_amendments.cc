// CorrectReport and RetractReport (declared in node_api_service.h). Both supersede a report's
// current version with a new signed record of this node's agency:
//   1. on the gRPC thread, the checks that need no stored state (amendment_validation.h), and
//      nominal-data screening of a retraction's reason;
//   2. on the blocking pool, the version named: stored here, originated by this agency, a trend
//      report, not a retraction — facts that never change, so checking them before the commit
//      thread cannot race; for a correction, the complete effective request is then validated
//      exactly like a submission;
//   3. the committer, which checks on its own thread that the version is still current (so two
//      concurrent amendments cannot both supersede it) and makes the record durable.
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "node/api/audit_hooks.h"
#include "node/api/node_api_service.h"
#include "node/api/record_view.h"
#include "node/api/report_submission.h"
#include "node/api/status_mapping.h"
#include "node/records/envelope.h"
#include "node/validation/amendment_validation.h"
#include "node/validation/request_validation.h"

namespace rilon::api {
namespace {

enum class Amendment { kCorrection, kRetraction };

const char* Noun(Amendment amendment) {
  return amendment == Amendment::kCorrection ? "correction" : "retraction";
}

struct AmendableVersion {
  std::string id;  // 32 raw bytes
  rilon::v1::RecordBody body;
};

// The version a correction or retraction supersedes, with the immutable checks of step 2.
absl::StatusOr<AmendableVersion> LoadAmendable(const ApiContext& ctx, const std::string& id_hex,
                                               Amendment amendment) {
  absl::StatusOr<std::string> id = records::ParseRecordId(id_hex);
  if (!id.ok()) return absl::InvalidArgumentError(absl::StrCat("id: ", id.status().message()));
  absl::StatusOr<rilon::storage::v1::StoredRecord> stored = ctx.store->Get(*id);
  if (absl::IsNotFound(stored.status())) {
    return absl::NotFoundError(absl::StrCat("no record ", id_hex,
                                            " on this node: check the id ('rilon report list' "
                                            "shows your agency's reports)"));
  }
  if (!stored.ok()) return stored.status();
  absl::StatusOr<rilon::v1::RecordBody> body = records::DecodeBody(stored->signed_());
  if (!body.ok()) {
    return absl::InternalError(
        absl::StrCat("stored record ", id_hex, " cannot be decoded: ", body.status().message()));
  }
  if (body->origin_agency() != ctx.agency_id) {
    return absl::PermissionDeniedError(absl::StrCat(
        "record ", id_hex, " was originated by ", body->origin_agency(), "; only officers of ",
        body->origin_agency(), " can correct or retract it, on their own node"));
  }
  if (body->kind() != rilon::v1::TREND_REPORT) {
    return absl::InvalidArgumentError(
        absl::StrCat("id: record ", id_hex, " is not a trend report; only trend reports have a ",
                     Noun(amendment)));
  }
  if (body->has_retraction()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "record ", id_hex, " is the retraction of a report (reason: \"",
        body->retraction().reason(),
        "\"); a retracted report cannot be corrected or retracted again: submit a new report "
        "instead"));
  }
  return AmendableVersion{*std::move(id), *std::move(body)};
}

// One amendment call in flight: every refusal is answered and audited through Refuse.
struct AmendmentCall {
  ApiContext* ctx;
  grpc::ServerUnaryReactor* reactor;
  audit::Party submitter;
  const char* channel;

  void Refuse(const absl::Status& refusal) const {
    AuditSubmissionRefused(*ctx->store, submitter, channel, refusal);
    reactor->Finish(ToGrpcStatus(refusal));
  }
};

// The committer's answer as the response. A request_id that matched an earlier request must have
// been used for this same amendment of this same version; anything else is a reused key.
template <typename Response>
void FinishAmendment(const AmendmentCall& call, Response* response,
                     absl::StatusOr<intake::CommitOutcome> outcome, const std::string& supersedes,
                     Amendment amendment, const std::string& request_id) {
  grpc::ServerUnaryReactor* reactor = call.reactor;
  if (!outcome.ok()) {
    call.Refuse(outcome.status());
    return;
  }
  if (outcome->duplicate) {
    absl::StatusOr<rilon::v1::RecordBody> earlier = records::DecodeBody(outcome->stored->signed_());
    if (!earlier.ok() || earlier->supersedes() != supersedes ||
        earlier->has_retraction() != (amendment == Amendment::kRetraction)) {
      call.Refuse(absl::AlreadyExistsError(absl::StrCat(
          "request_id: \"", request_id, "\" was already used for record ",
          records::RecordIdHex(records::RecordIdBytes(outcome->stored->signed_().body())),
          ", which is not a ", Noun(amendment), " of ", records::RecordIdHex(supersedes),
          "; use a new request_id")));
      return;
    }
  }
  // A receipt, as for SubmitReport: the caller holds the content already.
  absl::StatusOr<rilon::v1::Record> record = ToApiRecordMetadata(*outcome->stored);
  if (!record.ok()) {
    reactor->Finish(ToGrpcStatus(record.status()));
    return;
  }
  *response->mutable_record() = *std::move(record);
  response->set_duplicate(outcome->duplicate);
  reactor->Finish(grpc::Status::OK);
}

}  // namespace

grpc::ServerUnaryReactor* NodeApiService::CorrectReport(
    grpc::CallbackServerContext* context, const rilon::v1::CorrectReportRequest* request,
    rilon::v1::CorrectReportResponse* response) {
  const AmendmentCall call{&ctx_, context->DefaultReactor(),
                           CallerParty(*context, ctx_.trust_domain), "NodeApi.CorrectReport"};
  if (absl::Status valid = validation::ValidateCorrectReportShape(*request); !valid.ok()) {
    call.Refuse(valid);
    return call.reactor;
  }
  ctx_.readers->Run([this, call, request, response] {
    absl::StatusOr<AmendableVersion> corrected =
        LoadAmendable(ctx_, request->id(), Amendment::kCorrection);
    if (!corrected.ok()) {
      call.Refuse(corrected.status());
      return;
    }
    absl::StatusOr<rilon::v1::SubmitReportRequest> effective =
        validation::EffectiveCorrection(*request, corrected->body);
    absl::StatusOr<intake::Submission> submission =
        effective.ok() ? CheckedReportSubmission(ctx_, *effective)
                       : absl::StatusOr<intake::Submission>(effective.status());
    if (!submission.ok()) {
      call.Refuse(submission.status());
      return;
    }
    submission->supersedes = corrected->id;
    submission->submitted_by = call.submitter.id;
    ctx_.committer->Submit(
        *std::move(submission),
        [call, response, supersedes = corrected->id,
         request_id = request->request_id()](absl::StatusOr<intake::CommitOutcome> outcome) {
          FinishAmendment(call, response, std::move(outcome), supersedes, Amendment::kCorrection,
                          request_id);
        });
  });
  return call.reactor;
}

grpc::ServerUnaryReactor* NodeApiService::RetractReport(
    grpc::CallbackServerContext* context, const rilon::v1::RetractReportRequest* request,
    rilon::v1::RetractReportResponse* response) {
  const AmendmentCall call{&ctx_, context->DefaultReactor(),
                           CallerParty(*context, ctx_.trust_domain), "NodeApi.RetractReport"};
  if (absl::Status valid = validation::ValidateRetractReport(*request); !valid.ok()) {
    call.Refuse(valid);
    return call.reactor;
  }
  // Every recipient reads the reason: it is screened for personal data like a report's text.
  if (absl::Status clean = ctx_.report_checker->ScreenText("reason", request->reason());
      !clean.ok()) {
    call.Refuse(clean);
    return call.reactor;
  }
  ctx_.readers->Run([this, call, request, response] {
    absl::StatusOr<AmendableVersion> retracted =
        LoadAmendable(ctx_, request->id(), Amendment::kRetraction);
    if (!retracted.ok()) {
      call.Refuse(retracted.status());
      return;
    }
    // The retraction travels exactly where the retracted version went.
    intake::Submission submission;
    submission.kind = retracted->body.kind();
    submission.marking = retracted->body.marking();
    submission.audience = retracted->body.audience();
    submission.request_key = RequestKey(ctx_.agency_id, request->request_id());
    submission.supersedes = retracted->id;
    submission.retraction.emplace().set_reason(request->reason());
    submission.submitted_by = call.submitter.id;
    ctx_.committer->Submit(
        std::move(submission),
        [call, response, supersedes = retracted->id,
         request_id = request->request_id()](absl::StatusOr<intake::CommitOutcome> outcome) {
          FinishAmendment(call, response, std::move(outcome), supersedes, Amendment::kRetraction,
                          request_id);
        });
  });
  return call.reactor;
}

}  // namespace rilon::api
