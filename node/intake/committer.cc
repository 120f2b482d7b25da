#include "node/intake/committer.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "node/records/envelope.h"
#include "node/store/version_chain.h"

namespace rilon::intake {

using rilon::storage::v1::StoredRecord;

namespace {

// An amendment committed earlier in the same batch: what superseded a version, not stored yet.
struct BatchSuccessor {
  std::string id;
  std::optional<rilon::v1::Retraction> retraction;
};

// Only a report's current version may be superseded: not by a stored record, nor by an earlier
// submission of this batch.
absl::Status CheckSupersedable(const store::RecordStore& store, const std::string& version,
                               const std::map<std::string, BatchSuccessor>& in_batch) {
  if (auto it = in_batch.find(version); it != in_batch.end()) {
    return store::NotCurrentVersionError(
        version, it->second.id,
        it->second.retraction.has_value() ? &*it->second.retraction : nullptr);
  }
  return store::CheckIsCurrentVersion(store, version);
}

// Seals a trend report's content, moved out of the submission; nothing for a retraction.
absl::StatusOr<std::optional<records::SealedContent>> SealContent(Submission& s) {
  if (s.retraction.has_value()) return std::nullopt;
  if (s.kind != rilon::v1::TREND_REPORT) {
    return absl::InvalidArgumentError(
        absl::StrCat("a submission of kind ", rilon::v1::RecordKind_Name(s.kind),
                     " cannot be stored: this node accepts trend reports and retractions; "
                     "nothing was stored"));
  }
  absl::StatusOr<records::SealedContent> sealed = records::SealReport(std::move(s.report));
  if (!sealed.ok()) return sealed.status();
  return std::optional<records::SealedContent>(*std::move(sealed));
}

}  // namespace

Committer::Committer(store::RecordStore* store, const security::RecordSigner* signer,
                     CommitterOptions options, CommittedListener on_committed)
    : store_(store),
      signer_(signer),
      options_(std::move(options)),
      on_committed_(std::move(on_committed)) {}

Committer::~Committer() { Stop(); }

absl::Status Committer::Start() {
  absl::StatusOr<uint64_t> last = store_->LastOriginSeq(options_.origin_agency);
  if (!last.ok()) return last.status();
  {
    std::lock_guard<std::mutex> lock(mu_);
    durable_origin_seq_ = *last;
  }
  reply_thread_ = std::thread([this] { RunReplies(); });
  thread_ = std::thread([this] { Run(); });
  return absl::OkStatus();
}

void Committer::Submit(Submission submission, CommitCallback done) {
  absl::StatusOr<std::optional<records::SealedContent>> sealed = SealContent(submission);
  if (!sealed.ok()) {
    done(sealed.status());
    return;
  }
  absl::Status refused;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) {
      refused = absl::UnavailableError("the node is shutting down; submit again in a moment");
    } else if (queue_.size() >= options_.max_queue) {
      refused = absl::ResourceExhaustedError(
          "the node is overloaded (too many submissions waiting to be stored); retry shortly");
    } else {
      queue_.push_back(Pending{std::move(submission), std::move(done), *std::move(sealed)});
    }
  }
  if (!refused.ok()) {
    done(refused);
    return;
  }
  work_available_.notify_one();
}

void Committer::Stop() {
  std::deque<Pending> abandoned;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
    abandoned.swap(queue_);
  }
  work_available_.notify_all();
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard<std::mutex> lock(reply_mu_);
    replies_stopping_ = true;
  }
  replies_available_.notify_all();
  if (reply_thread_.joinable()) reply_thread_.join();
  for (Pending& p : abandoned) {
    p.done(absl::UnavailableError("the node is shutting down; submit again in a moment"));
  }
}

void Committer::RunReplies() {
  for (;;) {
    std::vector<Reply> replies;
    {
      std::unique_lock<std::mutex> lock(reply_mu_);
      replies_available_.wait(lock, [this] { return replies_stopping_ || !replies_.empty(); });
      if (replies_.empty()) return;  // stopping, and every reply has run
      replies = std::move(replies_.front());
      replies_.pop_front();
    }
    for (Reply& reply : replies) reply.first(std::move(reply.second));
  }
}

uint64_t Committer::origin_seq() const {
  std::lock_guard<std::mutex> lock(mu_);
  return durable_origin_seq_;
}

void Committer::Run() {
  std::vector<Pending> batch;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_available_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    CommitBatch(batch);
    batch.clear();
  }
}

void Committer::CommitBatch(std::vector<Pending>& batch) {
  // Result slot per submission: either a new record (index into `fresh`) or a duplicate of a
  // record stored earlier, or of an earlier submission in this batch.
  struct Slot {
    int fresh_index = -1;
    store::SharedStoredRecord earlier;
    int same_as_slot = -1;
    absl::Status error;
  };
  std::vector<Slot> slots(batch.size());
  std::vector<store::NewRecord> fresh;
  std::vector<int> fresh_slot;
  std::map<std::string, int> key_to_slot;
  std::map<std::string, BatchSuccessor> superseded_in_batch;

  uint64_t next_seq;
  {
    std::lock_guard<std::mutex> lock(mu_);
    next_seq = durable_origin_seq_ + 1;
  }
  int64_t created = std::max(absl::ToUnixMicros(options_.clock()), last_created_micros_ + 1);

  for (size_t i = 0; i < batch.size(); ++i) {
    Submission& s = batch[i].submission;
    if (!s.request_key.empty()) {
      if (auto it = key_to_slot.find(s.request_key); it != key_to_slot.end()) {
        slots[i].same_as_slot = it->second;
        continue;
      }
      absl::StatusOr<std::optional<std::string>> known = store_->FindByRequestKey(s.request_key);
      if (!known.ok()) {
        slots[i].error = known.status();
        continue;
      }
      if (known->has_value()) {
        absl::StatusOr<StoredRecord> earlier = store_->Get(**known);
        if (earlier.ok()) {
          slots[i].earlier = std::make_shared<const StoredRecord>(*std::move(earlier));
        } else {
          slots[i].error = earlier.status();
        }
        continue;
      }
      key_to_slot.emplace(s.request_key, static_cast<int>(i));
    }
    if (!s.supersedes.empty()) {
      slots[i].error = CheckSupersedable(*store_, s.supersedes, superseded_in_batch);
      if (!slots[i].error.ok()) continue;
    }
    rilon::v1::RecordBody body;
    body.set_envelope_version(records::kEnvelopeV2);
    body.set_origin_agency(options_.origin_agency);
    body.set_origin_seq(next_seq);
    body.set_created_unix_micros(created);
    body.set_kind(s.kind);
    body.set_marking(s.marking);
    *body.mutable_audience() = std::move(s.audience);
    body.set_signer_key_id(signer_->key_id());
    body.set_supersedes(s.supersedes);
    if (s.retraction.has_value()) *body.mutable_retraction() = *s.retraction;

    store::NewRecord record;
    if (batch[i].sealed.has_value()) {
      records::PutSealedContent(*std::move(batch[i].sealed), body, record.signed_record);
    }
    std::string body_bytes = body.SerializeAsString();
    record.signed_record.set_signature(signer_->Sign(records::SignedBytes(body_bytes)));
    record.id = records::RecordIdBytes(body_bytes);
    record.signed_record.set_body(std::move(body_bytes));
    record.origin_agency = options_.origin_agency;
    record.origin_seq = next_seq;
    record.kind = s.kind;
    record.stored_unix_micros = created;
    record.request_key = s.request_key;
    record.supersedes = s.supersedes;
    record.submitted_by = std::move(s.submitted_by);
    if (!s.supersedes.empty()) {
      superseded_in_batch[s.supersedes] = BatchSuccessor{record.id, s.retraction};
    }
    slots[i].fresh_index = static_cast<int>(fresh.size());
    fresh.push_back(std::move(record));
    fresh_slot.push_back(static_cast<int>(i));
    ++next_seq;
    ++created;
  }

  absl::StatusOr<std::vector<store::SharedStoredRecord>> stored =
      std::vector<store::SharedStoredRecord>{};
  if (!fresh.empty()) stored = store_->Append(std::move(fresh));
  if (stored.ok() && !stored->empty()) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      durable_origin_seq_ = next_seq - 1;
    }
    last_created_micros_ = created - 1;
    on_committed_(*stored);
  }

  auto outcome_of = [&](size_t i) -> absl::StatusOr<CommitOutcome> {
    const Slot& slot = slots[i];
    if (!slot.error.ok()) return slot.error;
    if (slot.earlier != nullptr) return CommitOutcome{slot.earlier, /*duplicate=*/true};
    if (!stored.ok()) return stored.status();
    return CommitOutcome{(*stored)[slot.fresh_index], /*duplicate=*/false};
  };
  std::vector<Reply> replies;
  replies.reserve(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    absl::StatusOr<CommitOutcome> outcome =
        slots[i].same_as_slot >= 0 ? outcome_of(slots[i].same_as_slot) : outcome_of(i);
    if (outcome.ok() && slots[i].same_as_slot >= 0) outcome->duplicate = true;
    replies.emplace_back(std::move(batch[i].done), std::move(outcome));
  }
  {
    std::lock_guard<std::mutex> lock(reply_mu_);
    replies_.push_back(std::move(replies));
  }
  replies_available_.notify_one();
}

}  // namespace rilon::intake
