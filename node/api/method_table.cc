#include "node/api/method_table.h"

#include "absl/strings/str_cat.h"
#include "rilon/v1/federation.grpc.pb.h"
#include "rilon/v1/node_api.grpc.pb.h"

namespace rilon::api {

security::MethodTable NodeMethodTable() {
  using security::Role;
  const std::string api = absl::StrCat("/", rilon::v1::NodeApi::service_full_name(), "/");
  const std::set<Role> readers = {Role::kOfficer, Role::kAnalyst};
  return {
      {api + "SubmitReport", {Role::kOfficer}},
      // The handlers also require the record to originate from this node's agency.
      {api + "CorrectReport", {Role::kOfficer}},
      {api + "RetractReport", {Role::kOfficer}},
      {api + "GetRecord", readers},
      {api + "ListRecords", readers},
      {api + "Subscribe", readers},
      {api + "GetNodeStatus", {Role::kOfficer, Role::kAnalyst, Role::kAdmin}},
      // Federation status: operators and officers; no report content is shown.
      {api + "ListPeers", {Role::kOfficer, Role::kAdmin}},
      {api + "GetRecordDeliveries", {Role::kOfficer, Role::kAdmin}},
      // Why a record does or does not go to a party: officers answer that to their peers, admins
      // run the policy. It shows rule ids and the record's marking, never its content. Analysts
      // only consume the feed and have no need to read the sharing rules.
      {api + "ExplainPolicy", {Role::kOfficer, Role::kAdmin}},
      // A policy change is the admins' job (they install the file). The dry run also lists the
      // id, origin and marking of every stored record, including AMBER and RED ones, and scans
      // the whole log: nobody else needs that.
      {api + "DiffPolicy", {Role::kAdmin}},
      // The audit log names every reader and record: node administrators (and the oversight
      // body they hand the export to) only.
      {api + "ExportAudit", {Role::kAdmin}},
      // Any agency's node passes here; the service itself admits only configured peers.
      {absl::StrCat("/", rilon::v1::Federation::service_full_name(), "/Replicate"), {Role::kNode}},
      {absl::StrCat("/", rilon::v1::Federation::service_full_name(), "/CompareHighWater"),
       {Role::kNode}},
      {"/grpc.health.v1.Health/Check", {Role::kOfficer, Role::kAnalyst, Role::kAdmin, Role::kNode}},
      {"/grpc.health.v1.Health/Watch", {Role::kOfficer, Role::kAnalyst, Role::kAdmin, Role::kNode}},
  };
}

}  // namespace rilon::api
