#include "node/node.h"

#include <grpc/grpc.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <condition_variable>
#include <mutex>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "node/api/api_context.h"
#include "node/api/blocking_pool.h"
#include "node/api/method_table.h"
#include "node/api/node_api_service.h"
#include "node/api/record_view.h"
#include "node/audit/head_signer.h"
#include "node/config/data_dir_lock.h"
#include "node/config/node_config_loader.h"
#include "node/federation/federation.h"
#include "node/federation/publishing_record_store.h"
#include "node/feed/catch_up_cache.h"
#include "node/feed/feed_hub.h"
#include "node/intake/committer.h"
#include "node/observability/log.h"
#include "node/policy/live_policy.h"
#include "node/policy/policy_reloader.h"
#include "node/security/certificate_files.h"
#include "node/security/method_authorizer.h"
#include "node/security/record_signer.h"
#include "node/security/tls_credentials.h"
#include "node/sharing/requests.h"
#include "node/store/record_store.h"
#include "node/validation/report_checker.h"

namespace rilon {

// Declaration order is construction order; destruction runs in reverse, so the server goes
// first and the data directory lock last.
struct Node::Parts {
  std::unique_ptr<config::DataDirLock> lock;
  std::unique_ptr<security::RecordSigner> signer;
  // The sharing policy in force (nullptr inside when policy.file is not set).
  std::unique_ptr<policyfile::LivePolicy> policy;
  // Reloads it on SIGHUP and when the file changes (null without a policy file). Declared after
  // `policy`, so its polling thread is gone before the policy it installs into.
  std::unique_ptr<policyfile::PolicyReloader> policy_reloader;
  // READ requests for this agency's readers (its groups from the directory).
  std::unique_ptr<sharing::Requests> read_requests;
  std::unique_ptr<store::RecordStore> durable_store;
  std::unique_ptr<feed::FeedHub> feed;
  std::unique_ptr<feed::CatchUpCache> catch_up;
  // Every writer (committer, federation pullers) appends through it, so the feed sees one
  // local-log order.
  std::unique_ptr<federation::PublishingRecordStore> store;
  // Signs the audit chain's head periodically; stopped (with a last signature) after every
  // writer of the chain.
  std::unique_ptr<audit::HeadSigner> audit_heads;
  std::unique_ptr<intake::Committer> committer;
  std::unique_ptr<api::BlockingPool> readers;
  std::unique_ptr<validation::ReportChecker> report_checker;
  api::ApiContext context;
  std::unique_ptr<api::NodeApiService> service;
  std::unique_ptr<federation::Federation> federation;
  std::unique_ptr<grpc::Server> server;
  int port = 0;
  std::string node_id;

  std::mutex mu;
  std::condition_variable stopped_cv;
  bool stopped = false;  // guarded by mu
};

namespace {

absl::StatusOr<feed::EncodedEvent> EncodeEvent(const rilon::storage::v1::StoredRecord& stored) {
  return api::EncodeFeedEvent(stored);
}

// Subscribers behind the live window share store reads in chunks of this many records; the cache
// keeps this many chunks (about 8192 records, some 20 MiB once encoded).
constexpr size_t kCatchUpChunkRecords = 256;
constexpr size_t kCatchUpChunks = 32;

// Publishes committed records to the feed; each is encoded for subscribers later, once, by the
// first subscriber that reads it (feed_record.h).
void PublishToFeed(feed::FeedHub& feed, const std::vector<store::SharedStoredRecord>& stored) {
  std::vector<feed::FeedEntry> entries;
  entries.reserve(stored.size());
  for (const store::SharedStoredRecord& s : stored) {
    entries.push_back({s->local_seq(), std::make_shared<const feed::FeedRecord>(s, EncodeEvent)});
  }
  feed.Publish(std::move(entries));
}

void ApplyServerLimits(const rilon::config::v1::Limits& limits, grpc::ServerBuilder& builder) {
  builder.SetMaxReceiveMessageSize(static_cast<int>(limits.max_message_bytes()));
  builder.SetMaxSendMessageSize(4 << 20);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             static_cast<int>(limits.max_concurrent_streams()));
  builder.AddChannelArgument(GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS,
                             static_cast<int>(limits.handshake_timeout_ms()));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                             static_cast<int>(std::min<uint64_t>(
                                 uint64_t{limits.max_connection_age_s()} * 1000, INT32_MAX)));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, 30 * 1000);
  builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE,
                             static_cast<int>(limits.max_metadata_bytes()));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60 * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20 * 1000);
  // Peer nodes ping every 30 s to notice a partition on an idle replication stream; accept that
  // rate instead of answering with GOAWAY "too_many_pings".
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 20 * 1000);
  // gRPC sets SO_REUSEPORT by default, which would let a second rilond bind the same port and
  // silently take half the connections.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  // Compressed requests are inflated in full before the size limit applies (a compression bomb);
  // refuse them.
  builder.SetCompressionAlgorithmSupportStatus(GRPC_COMPRESS_GZIP, false);
  builder.SetCompressionAlgorithmSupportStatus(GRPC_COMPRESS_DEFLATE, false);
  grpc::ResourceQuota quota("rilond");
  quota.Resize(limits.memory_quota_bytes());
  builder.SetResourceQuota(quota);
}

void SetTimestamp(absl::Time t, google::protobuf::Timestamp* ts) {
  const int64_t micros = absl::ToUnixMicros(t);
  ts->set_seconds(micros / 1000000);
  ts->set_nanos(static_cast<int32_t>(micros % 1000000) * 1000);
}

// The intake check of trend reports, from the configuration's reporting.* keys.
absl::StatusOr<std::unique_ptr<validation::ReportChecker>> LoadReportChecker(
    const rilon::config::v1::NodeConfig& config) {
  const rilon::config::v1::Reporting& reporting = config.reporting();
  validation::ReportChecker::Options options;
  options.small_cell_threshold = reporting.small_cell_threshold();
  return validation::ReportChecker::FromFiles(
      reporting.codebook_dir(),
      {reporting.screening_pattern_files().begin(), reporting.screening_pattern_files().end()},
      options);
}

// The file is polled this often: an edit or a rename over it is in force within a few seconds.
constexpr absl::Duration kPolicyPollInterval = absl::Seconds(2);

std::unique_ptr<policyfile::PolicyReloader> StartPolicyReloader(policyfile::LivePolicy& live) {
  auto reloader = std::make_unique<policyfile::PolicyReloader>(
      policyfile::PolicyReloader::Options{.path = live.path(),
                                          .poll_interval = kPolicyPollInterval},
      live.Current(), [&live](std::shared_ptr<const policy::CompiledPolicy> next) {
        // Replace refuses only nullptr or a node without a policy file; neither reaches here.
        if (absl::Status s = live.Replace(std::move(next)); !s.ok()) {
          log::Error("sharing policy not installed", {{"error", std::string(s.message())}});
        }
      });
  reloader->Start();
  return reloader;
}

rilon::v1::PolicyStatus PolicyStatusProto(const policyfile::PolicyReloadStatus& status) {
  rilon::v1::PolicyStatus out;
  out.set_file(status.file);
  out.set_version(status.version_in_force);
  SetTimestamp(status.loaded_at, out.mutable_loaded_at());
  SetTimestamp(status.last_attempt_at, out.mutable_last_reload_at());
  out.set_last_reload_trigger(std::string(policyfile::ReloadTriggerName(status.last_trigger)));
  out.set_last_reload_ok(status.last_attempt_ok);
  out.set_last_reload_error(status.last_error);
  out.set_reloads(status.reloads);
  out.set_reload_failures(status.failures);
  return out;
}

}  // namespace

absl::Status CheckReportingFiles(const rilon::config::v1::NodeConfig& config) {
  return LoadReportChecker(config).status();
}

absl::StatusOr<std::unique_ptr<Node>> Node::Start(const rilon::config::v1::NodeConfig& config) {
  auto parts = std::make_unique<Parts>();
  const std::string& data_dir = config.storage().data_dir();
  parts->node_id =
      absl::StrCat("spiffe://", config.trust_domain(), "/agency/", config.agency_id(), "/node");

  absl::StatusOr<std::unique_ptr<config::DataDirLock>> lock =
      config::DataDirLock::Acquire(data_dir);
  if (!lock.ok()) return lock.status();
  parts->lock = std::move(*lock);

  if (absl::Status s = security::RestrictProcessToTls13(data_dir); !s.ok()) return s;
  if (absl::Status s = config::CheckNodeFiles(config); !s.ok()) return s;
  if (absl::Status s = config::CheckListenAddressAvailable(config.listen_address()); !s.ok()) {
    return s;
  }

  absl::StatusOr<std::unique_ptr<policyfile::LivePolicy>> policy =
      policyfile::LivePolicy::Load(config.policy().file());
  if (!policy.ok()) return policy.status();
  parts->policy = std::move(*policy);
  if (parts->policy->Current() == nullptr) {
    log::Warning(
        "no sharing policy file (policy.file is not set): the originators' markings and "
        "audiences alone decide what this node sends, accepts and shows, and every record they "
        "allow goes in full; see docs/policy.md",
        {});
  } else {
    log::Info("sharing policy loaded",
              {{"file", parts->policy->path()}, {"version", parts->policy->version()}});
    parts->policy_reloader = StartPolicyReloader(*parts->policy);
  }

  absl::StatusOr<std::unique_ptr<security::RecordSigner>> signer =
      security::RecordSigner::LoadFromFiles(config.signing().key_file(),
                                            config.signing().cert_file());
  if (!signer.ok()) return signer.status();
  parts->signer = std::move(*signer);

  absl::StatusOr<std::unique_ptr<validation::ReportChecker>> report_checker =
      LoadReportChecker(config);
  if (!report_checker.ok()) return report_checker.status();
  parts->report_checker = std::move(*report_checker);

  absl::StatusOr<std::unique_ptr<store::RecordStore>> store =
      store::RecordStore::Open({.data_dir = absl::StrCat(data_dir, "/db")});
  if (!store.ok()) return store.status();
  parts->durable_store = std::move(*store);

  parts->feed = std::make_unique<feed::FeedHub>(config.feed().live_window(),
                                                parts->durable_store->LastLocalSeq());
  feed::FeedHub* feed = parts->feed.get();
  parts->store = std::make_unique<federation::PublishingRecordStore>(
      parts->durable_store.get(), [feed](const std::vector<store::SharedStoredRecord>& stored) {
        PublishToFeed(*feed, stored);
      });
  parts->audit_heads =
      std::make_unique<audit::HeadSigner>(&parts->durable_store->audit(), parts->signer.get(),
                                          absl::Seconds(config.audit().head_signing_interval_s()));
  parts->audit_heads->Start();
  intake::CommitterOptions commit_options;
  commit_options.origin_agency = config.agency_id();
  commit_options.max_batch = config.storage().max_commit_batch();
  // The publishing store has already fed the batch to the feed, in log order, by the time the
  // committer's listener would run.
  parts->committer =
      std::make_unique<intake::Committer>(parts->store.get(), parts->signer.get(), commit_options,
                                          [](const std::vector<store::SharedStoredRecord>&) {});
  if (absl::Status s = parts->committer->Start(); !s.ok()) return s;
  parts->readers = std::make_unique<api::BlockingPool>(2);

  api::ApiContext& ctx = parts->context;
  ctx.agency_id = config.agency_id();
  ctx.trust_domain = config.trust_domain();
  ctx.store = parts->store.get();
  ctx.committer = parts->committer.get();
  ctx.feed = parts->feed.get();
  parts->catch_up =
      std::make_unique<feed::CatchUpCache>(kCatchUpChunkRecords, kCatchUpChunks, EncodeEvent);
  ctx.catch_up = parts->catch_up.get();
  ctx.readers = parts->readers.get();
  ctx.report_checker = parts->report_checker.get();
  parts->read_requests = std::make_unique<sharing::Requests>(
      config.agency_id(), sharing::Directory(config.directory()));
  ctx.read_requests = parts->read_requests.get();
  ctx.policy = [live = parts->policy.get()] { return live->Current(); };
  for (const rilon::config::v1::Peer& peer : config.federation().peers()) {
    ctx.peer_agencies.push_back(peer.agency_id());
  }
  if (parts->policy_reloader != nullptr) {
    ctx.policy_status = [reloader = parts->policy_reloader.get()] {
      return PolicyStatusProto(reloader->status());
    };
  }
  ctx.signing_certificate_der = parts->signer->certificate_der();
  ctx.max_subscribers = config.limits().max_subscribers();
  ctx.max_events_per_message = config.feed().max_events_per_message();
  ctx.max_bytes_per_message = std::min<size_t>(1 << 20, config.limits().max_message_bytes());
  rilon::v1::NodeStatus& status = ctx.static_status;
  status.set_agency_id(config.agency_id());
  status.set_node_id(parts->node_id);
  status.set_version(RILON_VERSION);
  SetTimestamp(absl::Now(), status.mutable_started_at());
  status.set_storage_schema_version(store::kSchemaVersion);
  status.set_signer_key_id(absl::BytesToHexString(parts->signer->key_id()));
  absl::StatusOr<security::CertificateInfo> tls_cert =
      security::ReadCertificate(config.tls().cert_file());
  if (!tls_cert.ok()) return tls_cert.status();
  SetTimestamp(tls_cert->not_after, status.mutable_tls_certificate_expires_at());

  auto authorizer = std::make_shared<security::MethodAuthorizer>(
      config.trust_domain(), config.agency_id(), api::NodeMethodTable());
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      security::MakeServerCredentials({.ca_file = config.tls().ca_file(),
                                       .cert_file = config.tls().cert_file(),
                                       .key_file = config.tls().key_file()},
                                      authorizer);
  if (!credentials.ok()) return credentials.status();

  parts->service = std::make_unique<api::NodeApiService>(ctx);
  federation::FederationOptions federation_options =
      federation::OptionsFromConfig(config, parts->signer->certificate_der());
  federation_options.policy = [live = parts->policy.get()] { return live->Current(); };
  absl::StatusOr<std::unique_ptr<federation::Federation>> federation =
      federation::Federation::Create(std::move(federation_options), parts->store.get(),
                                     parts->feed.get(), parts->readers.get());
  if (!federation.ok()) return federation.status();
  parts->federation = std::move(*federation);
  ctx.federation = parts->federation.get();

  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(config.listen_address(), *credentials, &parts->port);
  builder.RegisterService(parts->service.get());
  builder.RegisterService(parts->federation->service());
  ApplyServerLimits(config.limits(), builder);
  parts->server = builder.BuildAndStart();
  if (parts->server == nullptr || parts->port == 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "listen_address ", config.listen_address(),
        ": gRPC could not listen there (in use, not a local address, or not permitted); "
        "choose another address or stop the process using it"));
  }
  parts->server->GetHealthCheckService()->SetServingStatus(true);
  parts->federation->StartPulling();
  return std::unique_ptr<Node>(new Node(std::move(parts)));
}

Node::Node(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Node::~Node() { Shutdown(); }

void Node::ReloadPolicy() {
  if (parts_->policy_reloader == nullptr) {
    log::Info(
        "SIGHUP: no sharing policy file is configured (policy.file), so there is nothing to "
        "reload; the originators' markings and audiences alone decide");
    return;
  }
  // The outcome is logged and kept for GetNodeStatus; an invalid file changes nothing.
  parts_->policy_reloader->Reload(policyfile::ReloadTrigger::kRequest).IgnoreError();
}

int Node::port() const { return parts_->port; }

const std::string& Node::node_id() const { return parts_->node_id; }

void Node::Shutdown(absl::Duration grace) {
  {
    std::lock_guard<std::mutex> lock(parts_->mu);
    if (parts_->stopped) return;
  }
  if (parts_->policy_reloader) parts_->policy_reloader->Stop();
  // Pullers write to the store: they stop first.
  if (parts_->federation) parts_->federation->Stop();
  if (parts_->server) {
    parts_->server->GetHealthCheckService()->SetServingStatus(false);
    // Streams are cancelled at the deadline; unary calls waiting on the committer finish as it
    // commits or refuses them, so the committer keeps running until the server is down.
    parts_->server->Shutdown(absl::ToChronoTime(absl::Now() + grace));
    parts_->server->Wait();
  }
  if (parts_->committer) parts_->committer->Stop();
  parts_->readers.reset();  // runs queued reads, then joins
  // Everything that appends to the audit log has stopped: sign the final head.
  if (parts_->audit_heads) {
    if (absl::Status s = parts_->audit_heads->Stop(); !s.ok()) {
      log::Warning("signing the audit chain head at shutdown failed",
                   {{"error", std::string(s.message())}});
    }
  }
  {
    std::lock_guard<std::mutex> lock(parts_->mu);
    parts_->stopped = true;
  }
  parts_->stopped_cv.notify_all();
}

void Node::Wait() {
  std::unique_lock<std::mutex> lock(parts_->mu);
  parts_->stopped_cv.wait(lock, [this] { return parts_->stopped; });
}

}  // namespace rilon
