#include "client/interrupt.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>

namespace rilon::client {
namespace {

TEST(InterruptHandlerTest, SignalSetsFlagAndRunsCancel) {
  InterruptHandler handler;
  EXPECT_FALSE(handler.interrupted());
  std::atomic<int> cancels{0};
  handler.SetCancel([&] { ++cancels; });
  // Process-directed, like Ctrl-C: only the handler's thread has it unblocked (none), so it is
  // picked up by sigwait().
  ASSERT_EQ(kill(getpid(), SIGINT), 0);
  // Returns when the notification arrives; the long limit only bounds a broken implementation.
  EXPECT_TRUE(handler.SleepUnlessInterrupted(absl::Minutes(5)));
  EXPECT_TRUE(handler.interrupted());
  handler.ClearCancel();  // waits for a running callback
  EXPECT_EQ(cancels.load(), 1);
}

TEST(InterruptHandlerTest, CancelSetAfterTheSignalRunsAtOnce) {
  InterruptHandler handler;
  ASSERT_EQ(kill(getpid(), SIGTERM), 0);
  ASSERT_TRUE(handler.SleepUnlessInterrupted(absl::Minutes(5)));
  bool cancelled = false;
  handler.SetCancel([&] { cancelled = true; });
  EXPECT_TRUE(cancelled);
}

TEST(InterruptHandlerTest, NoSignalMeansNoInterruption) {
  InterruptHandler handler;
  EXPECT_FALSE(handler.SleepUnlessInterrupted(absl::ZeroDuration()));
  EXPECT_FALSE(handler.interrupted());
}

}  // namespace
}  // namespace rilon::client
