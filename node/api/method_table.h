// Which roles may call which RPC of this node: the table the MethodAuthorizer enforces before
// any handler runs. Default deny: a method missing here cannot be called by anyone.
//
//   NodeApi.SubmitReport                officer
//   NodeApi.CorrectReport/RetractReport officer (of the record's origin: checked by the handler)
//   NodeApi.GetRecord/ListRecords/...   officer, analyst
//   NodeApi.GetNodeStatus               officer, analyst, admin
//   NodeApi.ExplainPolicy               officer, admin
//   NodeApi.DiffPolicy                  admin
//   grpc.health.v1.Health/*             officer, analyst, admin, node
//   Federation.Replicate                node (configured peers only: checked by the service)
#pragma once

#include "node/security/method_authorizer.h"

namespace rilon::api {

security::MethodTable NodeMethodTable();

}  // namespace rilon::api
