// A server stream that follows this node's local log: the one cursor/pump/wake-up machine behind
// NodeApi.Subscribe (subscribe_reactor.h) and Federation.Replicate
// (node/federation/replication_reactor.h). A derived reactor says only what each message holds
// (Gather: which records it wants, in what form, in a message it owns); this base reads on the
// BlockingPool, keeps one write in flight, sleeps on the FeedHub when it has caught up, and
// finishes on cancel or error.
//
// Contract:
//   - Nothing is read until the derived class calls StartFollowing(after) (once; from its
//     constructor body or later, e.g. after a first client message).
//   - Gather(after) runs on a pool thread, never concurrently with itself and never while a
//     write is in flight; it builds the next message from what follows position `after` and
//     returns the last position it examined (== after when nothing new) and the message to
//     write (null for none; it must stay untouched until the next Gather). When it asks for no
//     write and examined nothing new, the stream waits for the log to grow; when it examined
//     something but asks for no write (everything filtered out), it reads on at once.
//   - An error from Gather finishes the stream with that status (api/status_mapping.h).
//   - The reactor deletes itself once gRPC is done with it (OnDone) and no pool task or feed
//     wake-up still refers to it (reference count), so a cancelled stream never leaves a dangling
//     waiter. Derived classes therefore have private or protected destructors, and put cleanup
//     that must run exactly once in their destructor.
//   - FinishOnce() may be called from any thread, any number of times; only the first counts.
//
// Example:
//   class Tail : public LogFollower<grpc::ServerWriteReactor<Msg>, Msg> {
//    public:
//     Tail(feed::FeedHub* f, BlockingPool* p, uint64_t after) : LogFollower(f, p) {
//       StartFollowing(after);
//     }
//    private:
//     absl::StatusOr<Gathered> Gather(uint64_t after) override;  // fills msg_, returns &msg_
//     Msg msg_;
//   };
#pragma once

#include <grpcpp/support/server_callback.h>

#include <cstdint>
#include <mutex>

#include "absl/status/statusor.h"
#include "node/api/blocking_pool.h"
#include "node/api/status_mapping.h"
#include "node/feed/feed_hub.h"

namespace rilon::api {

// `Base` is grpc::ServerWriteReactor<Message> or grpc::ServerBidiReactor<Request, Message>.
template <typename Base, typename Message>
class LogFollower : public Base {
 public:
  struct Gathered {
    uint64_t examined = 0;          // last position looked at
    const Message* send = nullptr;  // write this now (owned by the derived class)
  };

  void OnWriteDone(bool ok) override {
    bool cancelled;
    {
      std::lock_guard<std::mutex> lock(mu_);
      write_in_flight_ = false;
      cancelled = cancelled_;
      // A live follower has usually sent all there is: it waits for the log right here rather
      // than sending a pump to the pool only to find nothing new (one thread hop fewer per
      // message, which is most of the cost of a fan-out to many subscribers). When the log has
      // grown past the cursor already, the registration refuses and the pump reads on.
      if (ok && !cancelled && !finished_ && !pumping_ && !pump_again_ && AwaitLogLocked()) {
        return;
      }
    }
    if (!ok || cancelled) {
      FinishOnce(grpc::Status::CANCELLED);
      return;
    }
    Schedule();
  }

  void OnCancel() override {
    bool finish_now;
    {
      std::lock_guard<std::mutex> lock(mu_);
      cancelled_ = true;
      finish_now = !write_in_flight_;
    }
    if (finish_now) FinishOnce(grpc::Status::CANCELLED);
  }

  void OnDone() override { Release(); }

 protected:
  LogFollower(feed::FeedHub* feed, BlockingPool* readers) : feed_(feed), readers_(readers) {}
  ~LogFollower() override = default;

  virtual absl::StatusOr<Gathered> Gather(uint64_t after) = 0;

  void StartFollowing(uint64_t after) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      cursor_ = after;
      following_ = true;
    }
    Schedule();
  }

  void FinishOnce(const grpc::Status& status) {
    bool release_waiter = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (finished_) return;
      finished_ = true;
      if (waiting_ && feed_->CancelWaiter(waiter_id_)) {
        waiting_ = false;
        release_waiter = true;
      }
    }
    this->Finish(status);
    if (release_waiter) Release();
  }

 private:
  void Schedule() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (finished_ || !following_) return;
      ++refs_;
    }
    readers_->Run([this] {
      Pump();
      Release();
    });
  }

  void Release() {
    bool last;
    {
      std::lock_guard<std::mutex> lock(mu_);
      last = --refs_ == 0;
    }
    if (last) delete this;
  }

  void Pump() {
    uint64_t after;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (pumping_) pump_again_ = true;
      if (finished_ || write_in_flight_ || pumping_) return;
      pumping_ = true;
      after = cursor_;
    }
    absl::StatusOr<Gathered> gathered = Gather(after);
    bool reschedule = false;
    bool write = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      pumping_ = false;
      if (gathered.ok() && !finished_) {
        cursor_ = gathered->examined;
        if (gathered->send != nullptr) {
          write_in_flight_ = write = true;
        } else if (gathered->examined != after || pump_again_) {
          reschedule = true;  // everything filtered out, or woken while pumping: keep reading
        } else if (!AwaitLogLocked()) {
          reschedule = true;  // the log grew between the read and the registration
        }
        pump_again_ = false;
      }
    }
    if (!gathered.ok()) {
      FinishOnce(ToGrpcStatus(gathered.status()));
    } else if (write) {
      this->StartWrite(gathered->send);
    } else if (reschedule) {
      Schedule();
    }
  }

  // With mu_ held, once everything up to the log's head is examined: has the feed wake this
  // stream when the log grows past cursor_. False when it has grown already (read again).
  bool AwaitLogLocked() {
    feed::FeedHub::WaiterId id = 0;
    if (!feed_->NotifyWhenAfter(
            cursor_, [this] { OnLogAdvanced(); }, &id)) {
      return false;
    }
    waiting_ = true;
    waiter_id_ = id;
    ++refs_;
    return true;
  }

  void OnLogAdvanced() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      waiting_ = false;
    }
    Schedule();
    Release();
  }

  feed::FeedHub* const feed_;
  BlockingPool* const readers_;

  std::mutex mu_;
  uint64_t cursor_ = 0;                    // guarded by mu_: last position examined
  bool following_ = false;                 // guarded by mu_: StartFollowing() was called
  bool write_in_flight_ = false;           // guarded by mu_
  bool finished_ = false;                  // guarded by mu_: Finish() called or decided
  bool cancelled_ = false;                 // guarded by mu_
  bool waiting_ = false;                   // guarded by mu_: a feed wake-up is registered
  bool pumping_ = false;                   // guarded by mu_: Gather() is building a message
  bool pump_again_ = false;                // guarded by mu_: a pump was requested meanwhile
  feed::FeedHub::WaiterId waiter_id_ = 0;  // guarded by mu_
  int refs_ = 1;                           // guarded by mu_: gRPC's reference plus tasks/wakes
};

}  // namespace rilon::api
