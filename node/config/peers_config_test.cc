// federation.peers in the node configuration: defaults and every refusal, each naming the entry
// and the line to fix.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "node/config/config_test_util.h"
#include "node/config/node_config_loader.h"

namespace rilon::config {
namespace {

using ::rilon::config::testing::kMinimalConfig;
using ::testing::HasSubstr;

absl::StatusOr<rilon::config::v1::NodeConfig> ParseWith(const std::string& federation) {
  return ParseNodeConfig(std::string(kMinimalConfig) + federation, "/etc/rilon/rilond.textproto",
                         "/etc/rilon");
}

std::string Message(const absl::Status& s) { return std::string(s.message()); }

TEST(PeersConfigTest, PeerGetsDefaultNodeIdAndRetryDefaults) {
  auto config = ParseWith(R"(federation {
  peers { agency_id: "id.polri" address: "127.0.0.1:7444" }
})");
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_EQ(config->federation().peers_size(), 1);
  EXPECT_EQ(config->federation().peers(0).node_id(), "spiffe://rilon.example/agency/id.polri/node");
  EXPECT_EQ(config->federation().retry_initial_ms(), 500u);
  EXPECT_EQ(config->federation().retry_max_ms(), 30000u);
  EXPECT_EQ(config->federation().connect_timeout_ms(), 10000u);
}

TEST(PeersConfigTest, NoFederationSectionMeansNoPeers) {
  auto config = ParseWith("");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->federation().peers_size(), 0);
}

TEST(PeersConfigTest, MalformedAgencyIsRefusedWithItsLine) {
  auto config = ParseWith(R"(federation {
  peers { agency_id: "Indonesia" address: "127.0.0.1:7444" }
})");
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  // The minimal config has 13 lines; the peer is on line 15.
  EXPECT_THAT(Message(config.status()),
              HasSubstr("rilond.textproto:15:11: federation.peers[0].agency_id: \"Indonesia\" is "
                        "not an agency id"));
}

TEST(PeersConfigTest, OwnAgencyAndDuplicatesAreRefused) {
  auto config = ParseWith(R"(federation {
  peers { agency_id: "au.abf" address: "127.0.0.1:7444" }
  peers { agency_id: "id.polri" address: "127.0.0.1:7445" }
  peers { agency_id: "id.polri" address: "127.0.0.1:7446" }
})");
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(config.status()), HasSubstr("federation.peers[0].agency_id: \"au.abf\" is "
                                                  "this node's own agency"));
  EXPECT_THAT(Message(config.status()),
              HasSubstr("federation.peers[2].agency_id: \"id.polri\" is listed twice"));
}

TEST(PeersConfigTest, MissingOrBadAddressIsRefused) {
  auto config = ParseWith(R"(federation {
  peers { agency_id: "id.polri" }
  peers { agency_id: "my.mmea" address: "127.0.0.1" }
  peers { agency_id: "th.rtp" address: "127.0.0.1:0" }
})");
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string m = Message(config.status());
  EXPECT_THAT(m, HasSubstr("federation.peers[0].address: required key is missing"));
  EXPECT_THAT(m, HasSubstr("federation.peers[1].address: "));
  EXPECT_THAT(m, HasSubstr("federation.peers[2].address: \"127.0.0.1:0\" has port 0"));
}

TEST(PeersConfigTest, NodeIdMustBeThePeersNodeIdentity) {
  for (const char* id :
       {"spiffe://rilon.example/agency/my.mmea/node", "spiffe://other.example/agency/id.polri/node",
        "spiffe://rilon.example/agency/id.polri/signing", "not a uri"}) {
    auto config = ParseWith(std::string(R"(federation {
  peers { agency_id: "id.polri" address: "127.0.0.1:7444" node_id: ")") +
                            id + "\" }\n}");
    ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument) << id;
    EXPECT_THAT(Message(config.status()), HasSubstr("federation.peers[0].node_id: ")) << id;
  }
}

TEST(PeersConfigTest, RetryInitialAboveMaxIsRefused) {
  auto config = ParseWith("federation { retry_initial_ms: 5000 retry_max_ms: 1000 }");
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(config.status()), HasSubstr("federation.retry_initial_ms: 5000 is above"));
}

}  // namespace
}  // namespace rilon::config
