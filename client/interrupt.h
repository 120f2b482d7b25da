// Ctrl-C for long-running commands (`feed follow`): SIGINT and SIGTERM become a flag and a
// cancellation callback instead of killing the process, so that the command can stop its stream
// and exit 0 with everything it printed flushed.
//
// Contract:
//   - Construct before any gRPC object exists: the constructor blocks SIGINT and SIGTERM in the
//     calling thread, and threads created later inherit that mask; one thread waits for them.
//   - The first signal sets interrupted() and runs the current cancel callback (on the waiting
//     thread); a second signal ends the process at once with status 130.
//   - The destructor stops the waiting thread and restores the signal mask.
#pragma once

#include <signal.h>

#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace rilon::client {

class InterruptHandler {
 public:
  InterruptHandler();
  ~InterruptHandler();
  InterruptHandler(const InterruptHandler&) = delete;
  InterruptHandler& operator=(const InterruptHandler&) = delete;

  bool interrupted() const { return interrupted_.HasBeenNotified(); }

  // Runs `cancel` when a signal arrives, or now if one already has. Replaces the previous one.
  void SetCancel(std::function<void()> cancel);
  void ClearCancel();

  // Waits up to `delay`; returns true (early) when interrupted.
  bool SleepUnlessInterrupted(absl::Duration delay) const;

 private:
  void WaitForSignals();

  sigset_t signals_;
  sigset_t previous_mask_;
  absl::Notification interrupted_;
  absl::Mutex mu_;
  std::function<void()> cancel_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread waiter_;
};

}  // namespace rilon::client
