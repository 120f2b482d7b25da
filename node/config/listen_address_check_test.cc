#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "node/config/node_config_loader.h"

namespace rilon::config {
namespace {

using ::testing::HasSubstr;

// A socket bound to 127.0.0.1 on an ephemeral port, standing in for "another process".
class BoundSocket {
 public:
  explicit BoundSocket(bool listening) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    EXPECT_GE(fd_, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    if (listening) {
      EXPECT_EQ(listen(fd_, 1), 0);
    }
    socklen_t length = sizeof(address);
    EXPECT_EQ(getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length), 0);
    port_ = ntohs(address.sin_port);
  }
  ~BoundSocket() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(CheckListenAddressAvailableTest, PortWithAListenerIsInUse) {
  BoundSocket other(/*listening=*/true);
  std::string address = absl::StrCat("127.0.0.1:", other.port());
  absl::Status status = CheckListenAddressAvailable(address);
  ASSERT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(),
            absl::StrCat("listen_address ", address,
                         " is already in use by another process: stop it or choose another port"));
}

TEST(CheckListenAddressAvailableTest, PortBoundWithoutListeningIsInUse) {
  BoundSocket other(/*listening=*/false);
  absl::Status status = CheckListenAddressAvailable(absl::StrCat("127.0.0.1:", other.port()));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
}

TEST(CheckListenAddressAvailableTest, WildcardAddressSeesTheLoopbackListener) {
  BoundSocket other(/*listening=*/true);
  absl::Status status = CheckListenAddressAvailable(absl::StrCat("0.0.0.0:", other.port()));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
}

TEST(CheckListenAddressAvailableTest, PortZeroPasses) {
  EXPECT_TRUE(CheckListenAddressAvailable("127.0.0.1:0").ok());
  EXPECT_TRUE(CheckListenAddressAvailable("localhost:0").ok());
}

TEST(CheckListenAddressAvailableTest, MalformedAddressIsInvalidArgument) {
  absl::Status status = CheckListenAddressAvailable("127.0.0.1");
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("listen_address: \"127.0.0.1\""));
}

TEST(CheckListenAddressAvailableTest, UnresolvableHostIsInvalidArgument) {
  // .invalid never resolves (RFC 2606).
  absl::Status status = CheckListenAddressAvailable("no-such-host.invalid:0");
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("host no-such-host.invalid cannot be resolved"));
}

}  // namespace
}  // namespace rilon::config
