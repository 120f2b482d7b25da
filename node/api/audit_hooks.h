// The API's side of the audit log (docs/audit.md): who the caller is, and the one-line calls the
// handlers make after a read or a refused submission. Entries are queued on the store's audit
// log (store/audit_store.h) and never delay the reply: a read returns before its entry is
// synced, and the entry is durable with the store's next write.
//
// Example (in a handler, after the response is built):
//   AuditRecordsRead(*ctx_.store, CallerParty(*context, ctx_.trust_domain), "NodeApi.GetRecord",
//                    {response->record().id(), response->current().id()});
#pragma once

#include <grpcpp/server_context.h>

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "node/audit/audit_entries.h"
#include "node/store/record_store.h"

namespace rilon::api {

// The caller's SPIFFE id and role. The authorizer has already admitted the call, so a principal
// that does not parse here means a bug; it is recorded as "unidentified" rather than dropped.
audit::Party CallerParty(const grpc::ServerContextBase& context, std::string_view trust_domain);

// READ of the records shown in full, by their hex ids as the API gives them (duplicates and
// empty ids skipped). Nothing is recorded when no record was shown.
void AuditRecordsRead(store::RecordStore& store, const audit::Party& reader,
                      std::string_view channel, const std::vector<std::string>& hex_ids);

// REFUSE of a submission, correction or retraction (only the status code is recorded).
void AuditSubmissionRefused(store::RecordStore& store, const audit::Party& submitter,
                            std::string_view channel, const absl::Status& refusal);

}  // namespace rilon::api
