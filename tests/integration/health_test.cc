// The standard gRPC health service on rilond's mTLS port: SERVING for an enrolled caller of any
// role, and refused without a client certificate.
#include <gtest/gtest.h>

#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/integration/harness/api_client.h"
#include "tests/integration/harness/node_process.h"

namespace rilon::testing {
namespace {

TEST(HealthTest, ReportsServingToEnrolledCallers) {
  RestrictToTls13ForTests();
  PkiFixture pki;
  ScratchDir work("rilon-health");
  NodeProcess node(pki, "au.abf", work.path() + "/node");
  node.Start();
  for (const auto& [role, name] : std::vector<std::pair<std::string, std::string>>{
           {"admin", "ops"}, {"analyst", "asmith"}, {"officer", "jlee"}}) {
    ApiClient client(node.endpoint(), pki.ca_file(), pki.Person(role, "au.abf", name),
                     node.node_id());
    auto health = grpc::health::v1::Health::NewStub(client.channel());
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status s = health->Check(ApiClient::Context().get(), {}, &response);
    ASSERT_TRUE(s.ok()) << role << ": " << s.error_message();
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING) << role;
  }
  // Another agency's officer is not enrolled at this node.
  ApiClient foreign(node.endpoint(), pki.ca_file(), pki.Person("officer", "id.polri", "budi"),
                    node.node_id());
  grpc::health::v1::HealthCheckResponse response;
  EXPECT_EQ(grpc::health::v1::Health::NewStub(foreign.channel())
                ->Check(ApiClient::Context().get(), {}, &response)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace rilon::testing
