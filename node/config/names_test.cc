#include "node/config/internal/names.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rilon::config::internal {
namespace {

using ::testing::HasSubstr;

TEST(IsDnsNameTest, AcceptsAndRefuses) {
  EXPECT_TRUE(IsDnsName("rilon.example", false));
  EXPECT_TRUE(IsDnsName("a", false));
  EXPECT_TRUE(IsDnsName("x-1.y2", false));
  EXPECT_TRUE(IsDnsName(std::string(63, 'a') + ".b", false));
  EXPECT_FALSE(IsDnsName(std::string(64, 'a') + ".b", false));
  std::string long_name;
  for (int i = 0; i < 127; ++i) long_name += i == 0 ? "a" : ".a";  // 253 characters
  EXPECT_TRUE(IsDnsName(long_name, false));
  EXPECT_FALSE(IsDnsName(long_name + "a", false));
  EXPECT_FALSE(IsDnsName("", false));
  EXPECT_FALSE(IsDnsName("rilon.", false));
  EXPECT_FALSE(IsDnsName(".rilon", false));
  EXPECT_FALSE(IsDnsName("ri lon", false));
  EXPECT_FALSE(IsDnsName("rilon-.example", false));
  EXPECT_FALSE(IsDnsName("Rilon.example", false));
  EXPECT_TRUE(IsDnsName("Rilon.example", true));
}

TEST(ParseListenAddressTest, AcceptsIpv4Ipv6AndHostNames) {
  struct Case {
    const char* text;
    const char* host;
    uint16_t port;
  };
  for (const Case& c : {Case{"0.0.0.0:7443", "0.0.0.0", 7443}, Case{"127.0.0.1:0", "127.0.0.1", 0},
                        Case{"[::]:7443", "::", 7443}, Case{"[::1]:65535", "::1", 65535},
                        Case{"node-1.Agency.example:443", "node-1.Agency.example", 443},
                        Case{"localhost:7443", "localhost", 7443}}) {
    absl::StatusOr<ListenAddress> address = ParseListenAddress(c.text);
    ASSERT_TRUE(address.ok()) << c.text << ": " << address.status();
    EXPECT_EQ(address->host, c.host);
    EXPECT_EQ(address->port, c.port);
  }
}

TEST(ParseListenAddressTest, RefusesMalformedAddressesSayingWhy) {
  struct Case {
    const char* text;
    const char* why;
  };
  for (const Case& c :
       {Case{"", "has no :port"}, Case{"7443", "has no :port"}, Case{":7443", "has no host"},
        Case{"::1:7443", "without brackets"}, Case{"[::1:7443", "no closing"},
        Case{"[::1]7443", "no :port after"}, Case{"[1.2.3.4]:80", "IPv6 address"},
        Case{"256.0.0.1:80", "IPv4"}, Case{"1.2.3:80", "IPv4"}, Case{"bad_host:80", "host name"},
        Case{"host:", "port number"}, Case{"host:65536", "port number"},
        Case{"host:-1", "port number"}, Case{"host:+80", "port number"},
        Case{"host:007443", "port number"}}) {
    absl::StatusOr<ListenAddress> address = ParseListenAddress(c.text);
    ASSERT_EQ(address.status().code(), absl::StatusCode::kInvalidArgument) << c.text;
    EXPECT_THAT(std::string(address.status().message()), HasSubstr(c.why)) << c.text;
    EXPECT_THAT(std::string(address.status().message()), HasSubstr("use host:port")) << c.text;
  }
}

}  // namespace
}  // namespace rilon::config::internal
