#include "node/api/audit_hooks.h"

#include <set>

#include "absl/status/statusor.h"
#include "node/records/envelope.h"
#include "node/security/identity.h"

namespace rilon::api {

audit::Party CallerParty(const grpc::ServerContextBase& context, std::string_view trust_domain) {
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr) return {"unidentified", ""};
  absl::StatusOr<security::Principal> principal =
      security::PrincipalFromAuthContext(*auth, trust_domain);
  if (!principal.ok()) return {"unidentified", ""};
  return {principal->spiffe_id, std::string(security::RoleName(principal->role))};
}

void AuditRecordsRead(store::RecordStore& store, const audit::Party& reader,
                      std::string_view channel, const std::vector<std::string>& hex_ids) {
  std::vector<std::string> ids;
  std::set<std::string> seen;
  for (const std::string& hex : hex_ids) {
    if (hex.empty() || !seen.insert(hex).second) continue;
    absl::StatusOr<std::string> id = records::ParseRecordId(hex);
    if (id.ok()) ids.push_back(*std::move(id));
  }
  if (ids.empty()) return;
  store.audit().Record(audit::RecordsRead(reader, channel, std::move(ids)));
}

void AuditSubmissionRefused(store::RecordStore& store, const audit::Party& submitter,
                            std::string_view channel, const absl::Status& refusal) {
  store.audit().Record(
      audit::SubmissionRefused(submitter, channel, absl::StatusCodeToString(refusal.code())));
}

}  // namespace rilon::api
