// Delays between retries: exponential growth from `initial` by `multiplier`, capped at `max`,
// optionally spread by a random factor in [1 - jitter, 1 + jitter] and then clamped to
// [initial, max]. Used for submit retries (fixed 200/400/800 ms) and feed reconnects
// (0.5 s .. 30 s with jitter, so that many analysts do not reconnect in lock-step).
#pragma once

#include <functional>

#include "absl/time/time.h"

namespace rilon::client {

class Backoff {
 public:
  struct Options {
    absl::Duration initial;
    absl::Duration max;
    double multiplier = 2.0;
    double jitter = 0.0;  // 0 disables jitter; at most 1
  };

  // Jitter from a generator seeded by the OS.
  explicit Backoff(Options options);
  // Jitter from `uniform01`, which returns values in [0, 1) (tests pass a fixed sequence).
  Backoff(Options options, std::function<double()> uniform01);

  // The delay before the next attempt; each call grows the following one.
  absl::Duration Next();

  // Back to `initial`, e.g. after a connection delivered data again.
  void Reset();

 private:
  Options options_;
  std::function<double()> uniform01_;
  absl::Duration current_;
};

}  // namespace rilon::client
