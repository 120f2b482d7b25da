#include "client/backoff.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/random/random.h"

namespace rilon::client {

Backoff::Backoff(Options options)
    : Backoff(options, [gen = std::make_shared<absl::BitGen>()]() {
        return absl::Uniform<double>(*gen, 0.0, 1.0);
      }) {}

Backoff::Backoff(Options options, std::function<double()> uniform01)
    : options_(options), uniform01_(std::move(uniform01)), current_(options.initial) {
  options_.jitter = std::clamp(options_.jitter, 0.0, 1.0);
}

absl::Duration Backoff::Next() {
  absl::Duration delay = current_;
  if (options_.jitter > 0) {
    double factor = 1.0 + options_.jitter * (2.0 * uniform01_() - 1.0);
    delay = delay * factor;
  }
  current_ = std::min(current_ * options_.multiplier, options_.max);
  // Whole milliseconds: finer precision means nothing for a sleep and clutters messages.
  return absl::Trunc(std::clamp(delay, options_.initial, options_.max), absl::Milliseconds(1));
}

void Backoff::Reset() { current_ = options_.initial; }

}  // namespace rilon::client
