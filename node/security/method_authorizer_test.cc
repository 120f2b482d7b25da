#include "node/security/method_authorizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/fake_auth_context.h"

namespace rilon::security {
namespace {

using ::testing::HasSubstr;

constexpr char kSubmit[] = "/rilon.v1.NodeApi/SubmitReport";
constexpr char kList[] = "/rilon.v1.NodeApi/ListRecords";
constexpr char kStatus[] = "/rilon.v1.NodeApi/GetNodeStatus";
constexpr char kReplicate[] = "/rilon.v1.Federation/Replicate";

MethodAuthorizer MakeAuthorizer() {
  MethodTable table;
  table[kSubmit] = {Role::kOfficer};
  table[kList] = {Role::kOfficer, Role::kAnalyst};
  table[kStatus] = {Role::kAdmin, Role::kNode};
  table[kReplicate] = {Role::kNode};
  return MethodAuthorizer("rilon.example", "au.abf", std::move(table));
}

Principal P(const std::string& uri) {
  auto p = ParseSpiffeId(uri);
  EXPECT_TRUE(p.ok()) << p.status();
  return p.ok() ? *p : Principal{};
}

TEST(MethodAuthorizerTest, AllowsOfficerOfOwnAgencyOnOfficerMethod) {
  auto authz = MakeAuthorizer();
  EXPECT_TRUE(authz.Authorize(kSubmit, P("spiffe://rilon.example/agency/au.abf/officer/kim")).ok());
  EXPECT_TRUE(authz.Authorize(kList, P("spiffe://rilon.example/agency/au.abf/analyst/lee")).ok());
}

TEST(MethodAuthorizerTest, DeniesAnalystOnOfficerOnlyMethod) {
  auto authz = MakeAuthorizer();
  grpc::Status s = authz.Authorize(kSubmit, P("spiffe://rilon.example/agency/au.abf/analyst/lee"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(s.error_message(),
            "method /rilon.v1.NodeApi/SubmitReport is not available to analyst of au.abf");
}

TEST(MethodAuthorizerTest, DeniesOfficerOfAnotherAgency) {
  auto authz = MakeAuthorizer();
  grpc::Status s = authz.Authorize(kSubmit, P("spiffe://rilon.example/agency/id.polri/officer/x"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), HasSubstr("not available to officer of id.polri"));
  EXPECT_THAT(s.error_message(), HasSubstr("au.abf"));
  // The same for the other person roles.
  EXPECT_EQ(
      authz.Authorize(kStatus, P("spiffe://rilon.example/agency/id.polri/admin/x")).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

TEST(MethodAuthorizerTest, DeniesUnknownMethodToEveryRole) {
  auto authz = MakeAuthorizer();
  for (const char* uri : {"spiffe://rilon.example/agency/au.abf/admin/root",
                          "spiffe://rilon.example/agency/au.abf/node",
                          "spiffe://rilon.example/agency/au.abf/officer/kim"}) {
    grpc::Status s = authz.Authorize("/rilon.v1.NodeApi/DropDatabase", P(uri));
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << uri;
    EXPECT_THAT(s.error_message(), HasSubstr("method /rilon.v1.NodeApi/DropDatabase is not "
                                             "available to"));
  }
  // A prefix of a listed method is not that method.
  EXPECT_EQ(authz
                .Authorize("/rilon.v1.NodeApi/Submit",
                           P("spiffe://rilon.example/agency/au.abf/officer/kim"))
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST(MethodAuthorizerTest, AllowsNodeRoleOnlyWhereListed) {
  auto authz = MakeAuthorizer();
  // Nodes of any agency where the table lists the node role (federation).
  EXPECT_TRUE(authz.Authorize(kReplicate, P("spiffe://rilon.example/agency/id.polri/node")).ok());
  EXPECT_TRUE(authz.Authorize(kStatus, P("spiffe://rilon.example/agency/au.abf/node")).ok());
  // Nowhere else, not even on its own agency's node.
  grpc::Status s = authz.Authorize(kSubmit, P("spiffe://rilon.example/agency/au.abf/node"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(s.error_message(),
            "method /rilon.v1.NodeApi/SubmitReport is not available to node of au.abf");
  // People may not call node-only methods.
  EXPECT_EQ(authz.Authorize(kReplicate, P("spiffe://rilon.example/agency/au.abf/admin/root"))
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST(MethodAuthorizerTest, DeniesSigningIdentityEverywhereUnlisted) {
  auto authz = MakeAuthorizer();
  for (const char* method : {kSubmit, kList, kStatus, kReplicate}) {
    EXPECT_EQ(
        authz.Authorize(method, P("spiffe://rilon.example/agency/au.abf/signing")).error_code(),
        grpc::StatusCode::PERMISSION_DENIED)
        << method;
  }
}

TEST(MethodAuthorizerTest, DeniesPrincipalOfAnotherTrustDomain) {
  auto authz = MakeAuthorizer();
  grpc::Status s = authz.Authorize(kSubmit, P("spiffe://other.example/agency/au.abf/officer/kim"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), HasSubstr("other.example"));
}

TEST(MethodAuthorizerTest, EmptyTableDeniesEverything) {
  MethodAuthorizer authz("rilon.example", "au.abf", {});
  EXPECT_EQ(
      authz.Authorize(kSubmit, P("spiffe://rilon.example/agency/au.abf/officer/kim")).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

// Process(): the path from metadata and the identity from the connection.
class ProcessTest : public ::testing::Test {
 protected:
  grpc::Status Run(const std::string& path, rilon::testing::FakeAuthContext& ctx,
                   bool with_path = true) {
    grpc::AuthMetadataProcessor::InputMetadata md;
    md.emplace(":authority", "127.0.0.1:1234");
    if (with_path) md.emplace(":path", path);
    grpc::AuthMetadataProcessor::OutputMetadata consumed, response;
    return authz_.Process(md, &ctx, &consumed, &response);
  }
  MethodAuthorizer authz_ = MakeAuthorizer();
};

TEST_F(ProcessTest, AllowsAuthorizedPeer) {
  rilon::testing::FakeAuthContext ctx(true);
  ctx.AddProperty(GRPC_PEER_URI_PROPERTY_NAME, "spiffe://rilon.example/agency/au.abf/officer/kim");
  EXPECT_TRUE(Run(kSubmit, ctx).ok());
  EXPECT_FALSE(authz_.IsBlocking());
}

TEST_F(ProcessTest, DeniesUnauthorizedPeer) {
  rilon::testing::FakeAuthContext ctx(true);
  ctx.AddProperty(GRPC_PEER_URI_PROPERTY_NAME, "spiffe://rilon.example/agency/au.abf/analyst/l");
  EXPECT_EQ(Run(kSubmit, ctx).error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ProcessTest, UnauthenticatedWithoutIdentity) {
  rilon::testing::FakeAuthContext no_uri(true);
  EXPECT_EQ(Run(kSubmit, no_uri).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  rilon::testing::FakeAuthContext not_authenticated(false);
  not_authenticated.AddProperty(GRPC_PEER_URI_PROPERTY_NAME,
                                "spiffe://rilon.example/agency/au.abf/officer/kim");
  EXPECT_EQ(Run(kSubmit, not_authenticated).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  rilon::testing::FakeAuthContext foreign(true);
  foreign.AddProperty(GRPC_PEER_URI_PROPERTY_NAME,
                      "spiffe://other.example/agency/au.abf/officer/kim");
  EXPECT_EQ(Run(kSubmit, foreign).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(ProcessTest, DeniesRequestWithoutPath) {
  rilon::testing::FakeAuthContext ctx(true);
  ctx.AddProperty(GRPC_PEER_URI_PROPERTY_NAME, "spiffe://rilon.example/agency/au.abf/officer/kim");
  EXPECT_EQ(Run("", ctx, /*with_path=*/false).error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace rilon::security
