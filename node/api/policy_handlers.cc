// NodeApi handlers for the sharing policy (node_api_service.h declares them): ExplainPolicy and
// DiffPolicy. Both validate on the gRPC thread, then read the store on the BlockingPool. They
// build attributes and requests with node/sharing/requests.h - the same code the enforcement
// points use - so an explanation or a dry run says what the node really does.
#include "absl/strings/str_cat.h"
#include "node/api/node_api_service.h"
#include "node/api/status_mapping.h"
#include "node/policy/decision_view.h"
#include "node/policy/policy_diff.h"
#include "node/records/envelope.h"
#include "node/sharing/requests.h"
#include "node/validation/request_validation.h"
#include "policy/types.h"

namespace rilon::api {
namespace {

constexpr int32_t kDefaultDiffLimit = 100;
constexpr int32_t kMaxDiffLimit = 10000;

// The reader roles of this agency a dry run decides for, with their receiver names.
constexpr std::pair<policy::Role, const char*> kReaderRoles[] = {
    {policy::Role::kOfficer, "reader:officer"},
    {policy::Role::kAnalyst, "reader:analyst"},
    {policy::Role::kAdmin, "reader:admin"},
};

std::optional<policy::Role> PolicyRoleOf(rilon::v1::ReaderRole role) {
  switch (role) {
    case rilon::v1::READER_OFFICER:
      return policy::Role::kOfficer;
    case rilon::v1::READER_ANALYST:
      return policy::Role::kAnalyst;
    case rilon::v1::READER_ADMIN:
      return policy::Role::kAdmin;
    default:
      return std::nullopt;
  }
}

// The checked party of an ExplainPolicy request.
struct ExplainParty {
  rilon::v1::PolicyDirection direction = rilon::v1::POLICY_EGRESS;
  std::string agency;                       // egress, ingress
  policy::Role role = policy::Role::kNode;  // read
};

absl::StatusOr<ExplainParty> CheckParty(const rilon::v1::ExplainPolicyRequest& request) {
  ExplainParty party;
  switch (request.party_case()) {
    case rilon::v1::ExplainPolicyRequest::kAgency:
      if (!policy::IsWellFormedAgencyId(request.agency())) {
        return absl::InvalidArgumentError(absl::StrCat(
            "agency: \"", request.agency(),
            "\" is not an agency id (\"<iso-3166 alpha-2>.<short name>\", lower case, e.g. "
            "\"id.polri\")"));
      }
      party.agency = request.agency();
      party.direction = request.direction() == rilon::v1::POLICY_DIRECTION_UNSPECIFIED
                            ? rilon::v1::POLICY_EGRESS
                            : request.direction();
      if (party.direction != rilon::v1::POLICY_EGRESS &&
          party.direction != rilon::v1::POLICY_INGRESS) {
        return absl::InvalidArgumentError(
            "direction: an agency's node is a party of POLICY_EGRESS or POLICY_INGRESS; for a "
            "read decision name a reader_role instead");
      }
      return party;
    case rilon::v1::ExplainPolicyRequest::kReaderRole: {
      std::optional<policy::Role> role = PolicyRoleOf(request.reader_role());
      if (!role) {
        return absl::InvalidArgumentError(
            "reader_role: name READER_OFFICER, READER_ANALYST or READER_ADMIN");
      }
      if (request.direction() != rilon::v1::POLICY_DIRECTION_UNSPECIFIED &&
          request.direction() != rilon::v1::POLICY_READ) {
        return absl::InvalidArgumentError(
            "direction: a reader is a party of POLICY_READ only; for egress or ingress name an "
            "agency instead");
      }
      party.direction = rilon::v1::POLICY_READ;
      party.role = *role;
      return party;
    }
    default:
      return absl::InvalidArgumentError(
          "party: name the party the decision is for: agency (a peer agency's node) or "
          "reader_role (a reader of this agency)");
  }
}

policy::Request RequestFor(const sharing::Requests& requests, const ExplainParty& party) {
  switch (party.direction) {
    case rilon::v1::POLICY_INGRESS:
      return requests.Ingress(party.agency);
    case rilon::v1::POLICY_READ:
      return requests.Read(party.role);
    default:
      // Peers pull what is addressed to them; this node never asks a peer to relay.
      return requests.Egress(party.agency, /*relay=*/false);
  }
}

std::string PartyLabel(const ExplainParty& party, const std::string& own_agency) {
  if (party.direction != rilon::v1::POLICY_READ) return party.agency;
  return absl::StrCat(std::string(policy::RoleName(party.role)), " of ", own_agency);
}

// The record's attributes as the enforcement points build them. FAILED_PRECONDITION when its
// report does not parse: enforcement then withholds it from every party.
absl::StatusOr<policy::RecordAttributes> AttributesFor(
    const rilon::v1::RecordBody& body, const rilon::storage::v1::StoredRecord& stored) {
  absl::StatusOr<policy::RecordAttributes> attributes =
      sharing::AttributesOf(stored.signed_(), body);
  if (attributes.ok()) return attributes;
  return absl::FailedPreconditionError(
      absl::StrCat("record ", records::RecordIdHex(records::RecordIdBytes(stored.signed_().body())),
                   ": its report cannot be read (", attributes.status().message(),
                   "), so the node withholds it from every party whatever the policy"));
}

// For the dry run: a record whose report does not parse is withheld under either policy.
absl::StatusOr<std::optional<policy::RecordAttributes>> DiffAttributes(
    const rilon::storage::v1::StoredRecord& stored) {
  absl::StatusOr<rilon::v1::RecordBody> body = records::DecodeBody(stored.signed_());
  if (!body.ok()) return body.status();
  absl::StatusOr<policy::RecordAttributes> attributes = AttributesFor(*body, stored);
  if (absl::IsFailedPrecondition(attributes.status())) return std::nullopt;
  if (!attributes.ok()) return attributes.status();
  return *std::move(attributes);
}

}  // namespace

grpc::ServerUnaryReactor* NodeApiService::ExplainPolicy(
    grpc::CallbackServerContext* context, const rilon::v1::ExplainPolicyRequest* request,
    rilon::v1::PolicyExplanation* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status valid = validation::ValidateRecordIdField("record_id", request->record_id());
  absl::StatusOr<std::string> id = valid.ok() ? records::ParseRecordId(request->record_id())
                                              : absl::StatusOr<std::string>(valid);
  absl::StatusOr<ExplainParty> party =
      id.ok() ? CheckParty(*request) : absl::StatusOr<ExplainParty>(id.status());
  if (!party.ok()) {
    reactor->Finish(ToGrpcStatus(party.status()));
    return reactor;
  }
  ctx_.readers->Run([this, reactor, response, id = *std::move(id), party = *std::move(party),
                     hex = request->record_id()] {
    absl::StatusOr<rilon::storage::v1::StoredRecord> stored = ctx_.store->Get(id);
    if (!stored.ok()) {
      reactor->Finish(ToGrpcStatus(
          absl::IsNotFound(stored.status())
              ? absl::NotFoundError(absl::StrCat("no record ", hex,
                                                 " on this node: a decision can be explained only "
                                                 "where the record is stored"))
              : stored.status()));
      return;
    }
    absl::StatusOr<rilon::v1::RecordBody> body = records::DecodeBody(stored->signed_());
    absl::StatusOr<policy::RecordAttributes> attributes =
        body.ok() ? AttributesFor(*body, *stored)
                  : absl::StatusOr<policy::RecordAttributes>(body.status());
    if (!attributes.ok()) {
      reactor->Finish(ToGrpcStatus(attributes.status()));
      return;
    }
    const policy::Request decision_request = RequestFor(*ctx_.read_requests, party);
    // One read of the policy in force for the whole explanation, even if a reload happens now.
    const std::shared_ptr<const policy::CompiledPolicy> in_force =
        ctx_.policy ? ctx_.policy() : nullptr;
    const policy::Decision decision = in_force != nullptr
                                          ? in_force->Explain(*attributes, decision_request)
                                          : sharing::Decide(nullptr, *attributes, decision_request);
    response->set_record_id(hex);
    response->set_origin_agency(body->origin_agency());
    response->set_marking(body->marking());
    response->set_kind(body->kind());
    response->set_direction(party.direction);
    response->set_party(PartyLabel(party, ctx_.agency_id));
    policyfile::FillExplanation(decision, in_force.get(), response);
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

grpc::ServerUnaryReactor* NodeApiService::DiffPolicy(grpc::CallbackServerContext* context,
                                                     const rilon::v1::DiffPolicyRequest* request,
                                                     rilon::v1::DiffPolicyResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (request->limit() < 0 || request->limit() > kMaxDiffLimit) {
    reactor->Finish(ToGrpcStatus(absl::InvalidArgumentError(
        absl::StrCat("limit: ", request->limit(), " is out of range; give 1 to ", kMaxDiffLimit,
                     ", or 0 for the default (", kDefaultDiffLimit, ")"))));
    return reactor;
  }
  ctx_.readers->Run([this, reactor, request, response] {
    const std::string old_name =
        request->old_policy_name().empty() ? "OLD" : request->old_policy_name();
    const std::string new_name =
        request->new_policy_name().empty() ? "NEW" : request->new_policy_name();
    absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> old_policy =
        policyfile::CompilePolicyText(request->old_policy_text(), old_name);
    if (!old_policy.ok()) {
      reactor->Finish(ToGrpcStatus(old_policy.status()));
      return;
    }
    absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> new_policy =
        policyfile::CompilePolicyText(request->new_policy_text(), new_name);
    if (!new_policy.ok()) {
      reactor->Finish(ToGrpcStatus(new_policy.status()));
      return;
    }
    const sharing::Requests& requests = *ctx_.read_requests;
    policyfile::DiffInputs inputs;
    inputs.old_policy = old_policy->get();
    inputs.new_policy = new_policy->get();
    inputs.limit = request->limit() == 0 ? kDefaultDiffLimit : request->limit();
    inputs.attributes = DiffAttributes;
    for (const std::string& peer : ctx_.peer_agencies) {
      inputs.receivers.push_back({peer, [&requests, peer](const rilon::storage::v1::StoredRecord&,
                                                          const policy::RecordAttributes&) {
                                    return requests.Egress(peer, /*relay=*/false);
                                  }});
    }
    for (const auto& [role, name] : kReaderRoles) {
      inputs.receivers.push_back(
          {name, [&requests, role = role](const rilon::storage::v1::StoredRecord&,
                                          const policy::RecordAttributes&) {
             return requests.Read(role);
           }});
    }
    absl::StatusOr<rilon::v1::DiffPolicyResponse> diff =
        policyfile::DiffPolicies(*ctx_.store, inputs);
    if (diff.ok()) *response = *std::move(diff);
    reactor->Finish(ToGrpcStatus(diff.status()));
  });
  return reactor;
}

}  // namespace rilon::api
