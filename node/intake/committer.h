// Intake: turns validated submissions of this node's agency into signed records in the agency's
// origin sequence, and makes them durable with group commit.
//
// Contract:
//   - Every record is written in envelope version 2: a trend report is sealed into salted parts
//     (records/sealed_content.h) by Submit(), on the caller's thread, so that the commit thread
//     only signs. A retraction has no content, hence no parts. A submission that is neither a
//     TREND_REPORT nor a retraction fails at once with INVALID_ARGUMENT.
//   - Submit() never blocks on disk: it queues the submission and returns. The callback runs
//     exactly once, after the record is durable (synced) — or with an error and nothing stored —
//     on the committer's reply thread, in commit order, so that the commit thread goes on to the
//     next batch while gRPC sends the replies of this one (finishing a reactor writes to its
//     socket on the calling thread). A submission refused at once (undecodable payload, queue
//     full, stopping) is called back on the caller's thread. Callbacks must be quick.
//   - One commit thread assigns origin_seq (no gaps: a failed batch does not consume numbers),
//     signs each record and appends the whole batch to the store in one synced write, so
//     concurrent submissions share one fsync.
//   - A submission whose request_key was stored before (or appears earlier in the same batch)
//     yields the original record with duplicate = true and stores nothing.
//   - A correction or retraction (supersedes set) is checked on the commit thread, after the
//     request_key, so that the check and the write cannot interleave with another amendment:
//     when a stored record or an earlier submission of the batch already supersedes the same
//     version, it fails with FAILED_PRECONDITION naming the current version and stores nothing
//     (store/version_chain.h). Everything else about the version (its origin, kind, that it is
//     not a retraction) never changes, so callers check it before submitting.
//   - Queue full: RESOURCE_EXHAUSTED at once ("node is overloaded"). After Stop(): UNAVAILABLE.
//   - on_committed runs on the commit thread after each successful batch, in local-log order,
//     before the callbacks of that batch are handed to the reply thread (so a subscriber never
//     misses a record whose submitter already saw "accepted").
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "node/records/sealed_content.h"
#include "node/security/record_signer.h"
#include "node/store/record_store.h"
#include "rilon/storage/v1/stored_record.pb.h"
#include "rilon/v1/record.pb.h"
#include "rilon/v1/trend_report.pb.h"

namespace rilon::intake {

struct Submission {
  rilon::v1::RecordKind kind = rilon::v1::RECORD_KIND_UNSPECIFIED;
  rilon::v1::Marking marking = rilon::v1::MARKING_UNSPECIFIED;
  rilon::v1::Audience audience;  // normalized by the caller
  // The checked content of a TREND_REPORT, moved into its sealed parts (not serialized and
  // parsed again); unused for a retraction.
  rilon::v1::TrendReport report;
  std::string request_key;  // "" or "<agency>/<client request id>"
  // A correction or retraction: the 32-byte id of the version it supersedes; "" for a report.
  std::string supersedes;
  // Set for a retraction (then `report` is unused).
  std::optional<rilon::v1::Retraction> retraction;
  // SPIFFE id of the submitting officer, for the record's ACCEPT audit entry ("" if unknown).
  std::string submitted_by;
};

struct CommitOutcome {
  store::SharedStoredRecord stored;  // never null
  bool duplicate = false;
};

using CommitCallback = std::function<void(absl::StatusOr<CommitOutcome>)>;
using CommittedListener = std::function<void(const std::vector<store::SharedStoredRecord>&)>;

struct CommitterOptions {
  std::string origin_agency;
  size_t max_batch = 256;    // submissions per synced write
  size_t max_queue = 16384;  // waiting submissions before RESOURCE_EXHAUSTED
  std::function<absl::Time()> clock = [] { return absl::Now(); };
};

class Committer {
 public:
  // `store` and `signer` must outlive the committer.
  Committer(store::RecordStore* store, const security::RecordSigner* signer,
            CommitterOptions options, CommittedListener on_committed);
  ~Committer();  // Stop()s
  Committer(const Committer&) = delete;
  Committer& operator=(const Committer&) = delete;

  // Reads the agency's last origin_seq from the store and starts the commit and reply threads.
  absl::Status Start();

  void Submit(Submission submission, CommitCallback done);

  // Fails queued submissions with UNAVAILABLE, lets the batch in flight finish, runs every reply
  // still waiting, and joins both threads.
  void Stop();

  // Highest origin_seq made durable so far.
  uint64_t origin_seq() const;

 private:
  struct Pending {
    Submission submission;
    CommitCallback done;
    std::optional<records::SealedContent> sealed;  // a trend report's content, sealed
  };

  using Reply = std::pair<CommitCallback, absl::StatusOr<CommitOutcome>>;

  void Run();
  void CommitBatch(std::vector<Pending>& batch);
  void RunReplies();

  store::RecordStore* const store_;
  const security::RecordSigner* const signer_;
  const CommitterOptions options_;
  const CommittedListener on_committed_;

  mutable std::mutex mu_;
  std::condition_variable work_available_;
  std::deque<Pending> queue_;        // guarded by mu_
  bool stopping_ = false;            // guarded by mu_
  uint64_t durable_origin_seq_ = 0;  // guarded by mu_
  int64_t last_created_micros_ = 0;  // commit thread only: creation times strictly increase
  std::thread thread_;

  std::mutex reply_mu_;
  std::condition_variable replies_available_;
  std::deque<std::vector<Reply>> replies_;  // guarded by reply_mu_: batches, in commit order
  bool replies_stopping_ = false;           // guarded by reply_mu_
  std::thread reply_thread_;
};

}  // namespace rilon::intake
