#include "client/backoff.h"

#include <gtest/gtest.h>

namespace rilon::client {
namespace {

TEST(BackoffTest, SubmitRetriesDoubleUpToTheCap) {
  Backoff b({.initial = absl::Milliseconds(200), .max = absl::Milliseconds(800)});
  EXPECT_EQ(b.Next(), absl::Milliseconds(200));
  EXPECT_EQ(b.Next(), absl::Milliseconds(400));
  EXPECT_EQ(b.Next(), absl::Milliseconds(800));
  EXPECT_EQ(b.Next(), absl::Milliseconds(800));
}

TEST(BackoffTest, ResetStartsOver) {
  Backoff b({.initial = absl::Milliseconds(500), .max = absl::Seconds(30)});
  b.Next();
  b.Next();
  b.Reset();
  EXPECT_EQ(b.Next(), absl::Milliseconds(500));
}

TEST(BackoffTest, JitterSpreadsWithinBoundsAndIsClamped) {
  const Backoff::Options options{.initial = absl::Milliseconds(500),
                                 .max = absl::Seconds(30),
                                 .multiplier = 2.0,
                                 .jitter = 0.2};
  Backoff low(options, [] { return 0.0; });
  Backoff high(options, [] { return 0.999999; });
  // The first delay cannot go below the initial one, even with the lowest draw.
  EXPECT_EQ(low.Next(), absl::Milliseconds(500));
  EXPECT_EQ(low.Next(), absl::Milliseconds(800));   // 1 s * 0.8
  EXPECT_EQ(high.Next(), absl::Milliseconds(599));  // 500 ms * 1.199999, whole milliseconds
  for (int i = 0; i < 20; ++i) high.Next();
  EXPECT_EQ(high.Next(), absl::Seconds(30));  // 30 s * 1.2, capped
}

}  // namespace
}  // namespace rilon::client
