// The sending side's view of each peer: only configured peers count, a stream start sets the
// acknowledged position (even lower), acknowledgements only raise it, streams are counted.
#include "node/federation/outbound_links.h"

#include <gtest/gtest.h>

namespace rilon::federation {
namespace {

TEST(OutboundLinksTest, OnlyConfiguredPeersAreKnown) {
  OutboundLinks links({"id.polri"});
  EXPECT_TRUE(links.IsPeer("id.polri"));
  EXPECT_FALSE(links.IsPeer("th.rtp"));
  links.Opened("th.rtp", 5);
  EXPECT_FALSE(links.Get("th.rtp").has_value());
  ASSERT_TRUE(links.Get("id.polri").has_value());
  EXPECT_FALSE(links.Get("id.polri")->acknowledged_known);
  EXPECT_EQ(links.Get("id.polri")->last_contact, absl::InfinitePast());
}

TEST(OutboundLinksTest, AcknowledgementsRaiseAndAStreamStartResets) {
  OutboundLinks links({"id.polri"});
  links.Opened("id.polri", 40);
  links.Acknowledged("id.polri", 90);
  links.Acknowledged("id.polri", 70);  // late, lower: ignored
  EXPECT_EQ(links.Get("id.polri")->acknowledged, 90u);
  EXPECT_TRUE(links.Get("id.polri")->acknowledged_known);
  // The peer was restored from a backup and starts lower: that is what it holds now.
  links.Opened("id.polri", 10);
  EXPECT_EQ(links.Get("id.polri")->acknowledged, 10u);
}

TEST(OutboundLinksTest, OpenStreamsAreCountedAndNeverGoBelowZero) {
  OutboundLinks links({"id.polri"});
  links.Opened("id.polri", 0);
  links.Opened("id.polri", 0);
  EXPECT_EQ(links.Get("id.polri")->open_streams, 2u);
  links.Closed("id.polri");
  links.Closed("id.polri");
  links.Closed("id.polri");
  EXPECT_EQ(links.Get("id.polri")->open_streams, 0u);
}

TEST(OutboundLinksTest, SendingIsContactButNotAcknowledgement) {
  OutboundLinks links({"id.polri"});
  links.Sent("id.polri");
  EXPECT_NE(links.Get("id.polri")->last_contact, absl::InfinitePast());
  EXPECT_FALSE(links.Get("id.polri")->acknowledged_known);
  EXPECT_EQ(links.Get("id.polri")->acknowledged, 0u);
}

}  // namespace
}  // namespace rilon::federation
