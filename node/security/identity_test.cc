#include "node/security/identity.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/testing/fake_auth_context.h"

namespace rilon::security {
namespace {

using ::testing::HasSubstr;
using ::testing::TestWithParam;
using ::testing::ValuesIn;

struct ValidCase {
  std::string uri;
  std::string trust_domain;
  std::string agency_id;
  Role role;
  std::string name;
};

class ValidSpiffeIdTest : public TestWithParam<ValidCase> {};

TEST_P(ValidSpiffeIdTest, ParsesEveryField) {
  const ValidCase& c = GetParam();
  auto principal = ParseSpiffeId(c.uri);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->spiffe_id, c.uri);
  EXPECT_EQ(principal->trust_domain, c.trust_domain);
  EXPECT_EQ(principal->agency_id, c.agency_id);
  EXPECT_EQ(principal->role, c.role);
  EXPECT_EQ(principal->name, c.name);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, ValidSpiffeIdTest,
    ValuesIn(std::vector<ValidCase>{
        {"spiffe://rilon.example/agency/au.abf/node", "rilon.example", "au.abf", Role::kNode, ""},
        {"spiffe://rilon.example/agency/au.abf/signing", "rilon.example", "au.abf", Role::kSigning,
         ""},
        {"spiffe://rilon.example/agency/id.polri/officer/dewi.s", "rilon.example", "id.polri",
         Role::kOfficer, "dewi.s"},
        {"spiffe://rilon.example/agency/th.rtp/analyst/a_1-b", "rilon.example", "th.rtp",
         Role::kAnalyst, "a_1-b"},
        {"spiffe://rilon.example/agency/nz.ins/admin/ops", "rilon.example", "nz.ins", Role::kAdmin,
         "ops"},
        // Limits: a one-character short name, a 32-character one, a 64-character name, a
        // single-label trust domain with '_' and '-'.
        {"spiffe://bali_process-1/agency/lk.x/node", "bali_process-1", "lk.x", Role::kNode, ""},
        {"spiffe://rilon.example/agency/my.abcdefghijklmnopqrstuvwxyz012345/node", "rilon.example",
         "my.abcdefghijklmnopqrstuvwxyz012345", Role::kNode, ""},
        {"spiffe://rilon.example/agency/au.abf/officer/" + std::string(64, 'n'), "rilon.example",
         "au.abf", Role::kOfficer, std::string(64, 'n')},
        // A name may contain dots, just not be a dot segment.
        {"spiffe://rilon.example/agency/au.abf/officer/...", "rilon.example", "au.abf",
         Role::kOfficer, "..."},
    }));

class InvalidSpiffeIdTest : public TestWithParam<std::string> {};

TEST_P(InvalidSpiffeIdTest, IsRefusedWithInvalidArgument) {
  auto principal = ParseSpiffeId(GetParam());
  ASSERT_FALSE(principal.ok()) << "accepted " << GetParam();
  EXPECT_EQ(principal.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(principal.status().message(), HasSubstr("SPIFFE id"));
}

INSTANTIATE_TEST_SUITE_P(
    Rejects, InvalidSpiffeIdTest,
    ValuesIn(std::vector<std::string>{
        // Scheme.
        "",
        "spiffe:/rilon.example/agency/au.abf/node",
        "SPIFFE://rilon.example/agency/au.abf/node",
        "https://rilon.example/agency/au.abf/node",
        "spiffe:rilon.example/agency/au.abf/node",
        // Trust domain.
        "spiffe:///agency/au.abf/node",
        "spiffe://Rilon.example/agency/au.abf/node",
        "spiffe://rilon.example:443/agency/au.abf/node",
        "spiffe://user@rilon.example/agency/au.abf/node",
        "spiffe://.rilon.example/agency/au.abf/node",
        "spiffe://rilon..example/agency/au.abf/node",
        "spiffe://rilon.example",
        "spiffe://" + std::string(256, 'a') + "/agency/au.abf/node",
        // Agency id: upper case, too long, missing dot, wrong country part, bad characters.
        "spiffe://rilon.example/agency/AU.abf/node",
        "spiffe://rilon.example/agency/au.ABF/node",
        "spiffe://rilon.example/agency/my.abcdefghijklmnopqrstuvwxyz0123456/node",
        "spiffe://rilon.example/agency/auabf/node",
        "spiffe://rilon.example/agency/aus.abf/node",
        "spiffe://rilon.example/agency/a.abf/node",
        "spiffe://rilon.example/agency/au./node",
        "spiffe://rilon.example/agency/au.a_b/node",
        "spiffe://rilon.example/agency/au.a.b/node",
        // Path shape: missing or extra segments, wrong words, empty segments.
        "spiffe://rilon.example/",
        "spiffe://rilon.example/agency/au.abf",
        "spiffe://rilon.example/agency/au.abf/",
        "spiffe://rilon.example/agencies/au.abf/node",
        "spiffe://rilon.example/agency/au.abf/node/extra",
        "spiffe://rilon.example/agency/au.abf/signing/x",
        "spiffe://rilon.example/agency/au.abf/officer",
        "spiffe://rilon.example/agency/au.abf/officer/",
        "spiffe://rilon.example/agency/au.abf/officer/bob/extra",
        "spiffe://rilon.example/agency/au.abf/supervisor/bob",
        "spiffe://rilon.example/agency/au.abf/Officer/bob",
        "spiffe://rilon.example//agency/au.abf/node",
        "spiffe://rilon.example/agency//au.abf/node",
        // Names: empty, dot segments, too long, upper case, percent-encoding.
        "spiffe://rilon.example/agency/au.abf/officer/.",
        "spiffe://rilon.example/agency/au.abf/officer/..",
        "spiffe://rilon.example/agency/au.abf/officer/" + std::string(65, 'n'),
        "spiffe://rilon.example/agency/au.abf/officer/Bob",
        "spiffe://rilon.example/agency/au.abf/officer/b%6Fb",
        "spiffe://rilon.example/agency/au%2Eabf/node",
        // Query and fragment.
        "spiffe://rilon.example/agency/au.abf/node?x=1",
        "spiffe://rilon.example/agency/au.abf/node#f",
        "spiffe://rilon.example/agency/au.abf/officer/bob?",
        // Control characters and NUL.
        std::string("spiffe://rilon.example/agency/au.abf/node") + '\0',
        "spiffe://rilon.example/agency/au.abf/officer/bob\n",
        // Over the SPIFFE length limit.
        "spiffe://" + std::string(2100, 'a') + "/agency/au.abf/node",
    }));

TEST(IsValidAgencyIdTest, AcceptsOnlyTheDocumentedForm) {
  EXPECT_TRUE(IsValidAgencyId("au.abf"));
  EXPECT_TRUE(IsValidAgencyId("id.polri"));
  EXPECT_TRUE(IsValidAgencyId("ph.b-i"));
  EXPECT_TRUE(IsValidAgencyId("my.a"));
  EXPECT_FALSE(IsValidAgencyId(""));
  EXPECT_FALSE(IsValidAgencyId("au."));
  EXPECT_FALSE(IsValidAgencyId("au.ABF"));
  EXPECT_FALSE(IsValidAgencyId("Au.abf"));
  EXPECT_FALSE(IsValidAgencyId("a1.abf"));
  EXPECT_FALSE(IsValidAgencyId("au-abf"));
  EXPECT_FALSE(IsValidAgencyId("au.abf.x"));
  EXPECT_FALSE(IsValidAgencyId("au." + std::string(33, 'a')));
  EXPECT_TRUE(IsValidAgencyId("au." + std::string(32, 'a')));
}

TEST(RoleNameTest, NamesEveryRole) {
  EXPECT_EQ(RoleName(Role::kNode), "node");
  EXPECT_EQ(RoleName(Role::kSigning), "signing");
  EXPECT_EQ(RoleName(Role::kOfficer), "officer");
  EXPECT_EQ(RoleName(Role::kAnalyst), "analyst");
  EXPECT_EQ(RoleName(Role::kAdmin), "admin");
}

constexpr char kTrustDomain[] = "rilon.example";

rilon::testing::FakeAuthContext ContextWithUris(std::vector<std::string> uris,
                                                bool authenticated = true) {
  rilon::testing::FakeAuthContext ctx(authenticated);
  for (const auto& uri : uris) ctx.AddProperty(GRPC_PEER_URI_PROPERTY_NAME, uri);
  return ctx;
}

TEST(PrincipalFromAuthContextTest, ReadsTheOneUriInOurTrustDomain) {
  auto ctx = ContextWithUris({"spiffe://rilon.example/agency/au.abf/officer/kim"});
  ctx.AddProperty(GRPC_PEER_DNS_PROPERTY_NAME, "localhost");
  auto principal = PrincipalFromAuthContext(ctx, kTrustDomain);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->agency_id, "au.abf");
  EXPECT_EQ(principal->role, Role::kOfficer);
  EXPECT_EQ(principal->name, "kim");
}

TEST(PrincipalFromAuthContextTest, IgnoresUrisOfOtherTrustDomainsAndSchemes) {
  auto ctx =
      ContextWithUris({"https://agency.example/x", "spiffe://other.example/agency/au.abf/node",
                       "spiffe://rilon.example.evil/agency/au.abf/node",
                       "spiffe://rilon.example/agency/au.abf/node"});
  auto principal = PrincipalFromAuthContext(ctx, kTrustDomain);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->role, Role::kNode);
}

TEST(PrincipalFromAuthContextTest, RefusesAnUnauthenticatedPeer) {
  auto ctx = ContextWithUris({"spiffe://rilon.example/agency/au.abf/node"},
                             /*authenticated=*/false);
  EXPECT_EQ(PrincipalFromAuthContext(ctx, kTrustDomain).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(PrincipalFromAuthContextTest, RefusesNoUriInOurTrustDomain) {
  auto ctx = ContextWithUris({"spiffe://other.example/agency/au.abf/node"});
  auto principal = PrincipalFromAuthContext(ctx, kTrustDomain);
  EXPECT_EQ(principal.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(principal.status().message(), HasSubstr("0 URI SANs"));
  auto empty = ContextWithUris({});
  EXPECT_EQ(PrincipalFromAuthContext(empty, kTrustDomain).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(PrincipalFromAuthContextTest, RefusesTwoUrisInOurTrustDomain) {
  auto ctx = ContextWithUris({"spiffe://rilon.example/agency/au.abf/node",
                              "spiffe://rilon.example/agency/au.abf/admin/root"});
  auto principal = PrincipalFromAuthContext(ctx, kTrustDomain);
  EXPECT_EQ(principal.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(principal.status().message(), HasSubstr("2 URI SANs"));
}

TEST(PrincipalFromAuthContextTest, RefusesAMalformedIdInOurTrustDomain) {
  auto ctx = ContextWithUris({"spiffe://rilon.example/agency/AU.abf/node"});
  auto principal = PrincipalFromAuthContext(ctx, kTrustDomain);
  EXPECT_EQ(principal.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(principal.status().message(), HasSubstr("agency id"));
}

}  // namespace
}  // namespace rilon::security
