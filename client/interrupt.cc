#include "client/interrupt.h"

#include <pthread.h>
#include <unistd.h>

#include <utility>

namespace rilon::client {

InterruptHandler::InterruptHandler() {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals_, &previous_mask_);
  waiter_ = std::thread([this] { WaitForSignals(); });
}

InterruptHandler::~InterruptHandler() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    cancel_ = nullptr;
  }
  // Wakes sigwait() in the waiting thread; the signal is blocked there, so it is only consumed.
  pthread_kill(waiter_.native_handle(), SIGTERM);
  waiter_.join();
  pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

void InterruptHandler::WaitForSignals() {
  while (true) {
    int signal_number = 0;
    if (sigwait(&signals_, &signal_number) != 0) continue;
    // The callback runs under the lock so that ClearCancel() returns only once it is done, and
    // the owner may then destroy whatever the callback cancels.
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    if (interrupted_.HasBeenNotified()) _exit(128 + SIGINT);
    interrupted_.Notify();
    if (cancel_) cancel_();
  }
}

void InterruptHandler::SetCancel(std::function<void()> cancel) {
  {
    absl::MutexLock lock(&mu_);
    cancel_ = cancel;
  }
  if (interrupted() && cancel) cancel();
}

void InterruptHandler::ClearCancel() {
  absl::MutexLock lock(&mu_);
  cancel_ = nullptr;
}

bool InterruptHandler::SleepUnlessInterrupted(absl::Duration delay) const {
  return interrupted_.WaitForNotificationWithTimeout(delay);
}

}  // namespace rilon::client
