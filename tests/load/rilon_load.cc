// rilon_load: drives a real rilond over real mutual TLS and prints the figures of the node
// foundation's benchmarks, as medians of several runs.
//   W1  durable ingest of 1 KiB reports with 1, 8 and 32 concurrent clients: records/s, p50/p99
//       latency, and rilond's CPU time per record
//   ECHO W1's reference point: the same clients and request bytes against rilon_echo_server,
//       which answers each call with its request over the same mutual TLS (echo_server.cc);
//       with W1 also run, the ratio of the two on this host
//   W2  fan-out to 1, 10 and 100 subscribers: delivered records/s when catching up, and
//       end-to-end p50/p99 (acceptance at the node to receipt by a subscriber) at 100 records/s
//   MEM resident memory of rilond when idle and while serving 100 subscribers
//   START start-up time of a node holding N stored records
//   W3  replication among three nodes: latency p50/p99 from acceptance at the origin (the
//       submitter's reply) to durable at both other nodes (their feeds' delivery), at 100
//       records/s; and throughput: records/s until both hold a 20,000-record backlog they pull
//       at the same time
//   W4  catch-up after a partition: a receiver cut off (TCP relay) while its peer accepts a
//       backlog of 10^5 records for it; records/s from the first record after the link is
//       restored to the last, every signature verified
// It starts its own rilond processes (build dir from RILON_BINARY_DIR, PKI from deploy/pki.sh) on
// loopback ephemeral ports, in a scratch directory it removes at the end.
//
// Usage: rilon_load [--runs N] [--seconds S] [--startup-records N] [--backlog N]
//                   [--only ECHO,W1,W2,MEM,START,W3,W4] [--w1-clients 1,8,32]
//                   [--w2-subscribers 1,10,100]      (W3 and W4 run only when named)
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/client_callback.h>
#include <grpcpp/support/proto_buffer_reader.h>
#include <grpcpp/support/sync_stream.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "node/security/openssl_lifetime.h"
#include "node/security/record_signer.h"
#include "tests/integration/harness/api_client.h"
#include "tests/integration/harness/federation_cluster.h"
#include "tests/integration/harness/node_process.h"
#include "tests/integration/harness/paths.h"
#include "tests/integration/harness/subprocess.h"

namespace rilon::testing {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int runs = 3;
  double seconds = 5;
  int startup_records = 1000000;
  int backlog = 100000;  // W4
  std::set<std::string> only = {"ECHO", "W1", "W2", "MEM", "START"};
  std::vector<int> w1_clients = {1, 8, 32};
  std::vector<int> w2_subscribers = {1, 10, 100};
};

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

rilon::v1::SubmitReportRequest KiBReport(const std::string& tag,
                                         const std::vector<std::string>& audience = {}) {
  rilon::v1::SubmitReportRequest r = SampleReport(tag);
  if (!audience.empty()) {
    r.mutable_audience()->clear_agencies();
    for (const std::string& a : audience) r.mutable_audience()->add_agencies(a);
  }
  std::string narrative = r.report().narrative();
  while (narrative.size() < 900) narrative += " Vessels departed at night with passengers.";
  r.mutable_report()->set_narrative(narrative);
  return r;  // about 1 KiB serialized
}

long RssKiB(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

// CPU time (user + system) a process has used so far, in seconds; 0 when it cannot be read.
double CpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), {});
  // Fields after the command name (which may hold spaces) start after the last ')'.
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Ed25519 verifications per CPU second of one thread on this host, by rilond's own verification
// (libsodium) of a 1 KiB message: W4's reference point, as its target assumes about 13,000 per
// core. CPU time rather than wall time, so other work on the machine does not lower it.
double VerificationsPerCpuSecond() {
  const auto signer = rilon::security::RecordSigner::GenerateForTesting();
  const std::string message(1024, 'r');
  const std::string signature = signer->Sign(message);
  const std::string public_key = signer->public_key();
  auto thread_cpu_seconds = [] {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
  };
  const double start = thread_cpu_seconds();
  long verified = 0;
  while (thread_cpu_seconds() - start < 1.0) {
    for (int i = 0; i < 100; ++i) {
      if (!rilon::security::VerifyWithPublicKey(public_key, message, signature).ok()) {
        throw std::runtime_error("a good Ed25519 signature did not verify");
      }
    }
    verified += 100;
  }
  return static_cast<double>(verified) / (thread_cpu_seconds() - start);
}

// The records/s a process would sustain with 2 cores to itself, from its CPU time per record.
double RateOnTwoCores(double cpu_us_per_record) {
  return cpu_us_per_record > 0 ? 2e6 / cpu_us_per_record : 0.0;
}

struct NodeCpu {
  double sender_us = 0;
  double receiver_us = 0;
};

// CPU time of several processes, for the cost of work independent of what else the machine runs.
double CpuSeconds(const std::vector<NodeProcess*>& nodes) {
  double total = 0;
  for (NodeProcess* n : nodes) total += CpuSeconds(n->pid());
  return total;
}

constexpr char kSubscribeMethod[] = "/rilon.v1.NodeApi/Subscribe";

// The number of events in a serialized rilon.v1.SubscribeResponse, found by walking its top-level
// fields (every one must be `events`, field 1, length-delimited) without decoding them; -1 when
// the bytes are not such a message.
long CountEvents(grpc::ByteBuffer& message) {
  grpc::ProtoBufferReader bytes(&message);
  google::protobuf::io::CodedInputStream in(&bytes);
  constexpr uint32_t kEventsTag = (1 << 3) | 2;
  long events = 0;
  for (uint32_t tag = in.ReadTag(); tag != 0; tag = in.ReadTag()) {
    uint32_t length = 0;
    if (tag != kEventsTag || !in.ReadVarint32(&length) || !in.Skip(static_cast<int>(length))) {
      return -1;
    }
    ++events;
  }
  return in.ConsumedEntireMessage() ? events : -1;
}

// The created_at of every event of a serialized rilon.v1.SubscribeResponse, in ms since the
// epoch, read by walking the wire (events → record → created_at) without decoding the records.
std::vector<double> CreatedAtMillis(grpc::ByteBuffer& message) {
  grpc::ProtoBufferReader bytes(&message);
  google::protobuf::io::CodedInputStream in(&bytes);
  using google::protobuf::internal::WireFormatLite;
  std::vector<double> out;
  // Calls `field(number, in)` for each length-delimited field of the current message; skips the
  // others.
  auto each_field = [&](auto&& field) {
    for (uint32_t tag = in.ReadTag(); tag != 0; tag = in.ReadTag()) {
      if (WireFormatLite::GetTagWireType(tag) != WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
        if (!WireFormatLite::SkipField(&in, tag)) return;
        continue;
      }
      uint32_t length = 0;
      if (!in.ReadVarint32(&length)) return;
      auto limit = in.PushLimit(static_cast<int>(length));
      field(WireFormatLite::GetTagFieldNumber(tag));
      in.Skip(in.BytesUntilLimit());
      in.PopLimit(limit);
    }
  };
  each_field([&](int number) {  // SubscribeResponse
    if (number != 1) return;
    each_field([&](int number) {  // FeedEvent
      if (number != 2) return;
      each_field([&](int number) {  // Record
        if (number != 4) return;
        uint64_t seconds = 0, nanos = 0;  // google.protobuf.Timestamp
        for (uint32_t tag = in.ReadTag(); tag != 0; tag = in.ReadTag()) {
          uint64_t value = 0;
          if (!in.ReadVarint64(&value)) break;
          (WireFormatLite::GetTagFieldNumber(tag) == 1 ? seconds : nanos) = value;
        }
        out.push_back(static_cast<double>(seconds) * 1e3 + static_cast<double>(nanos) / 1e6);
      });
    });
  });
  return out;
}

// One W2 subscriber: a Subscribe stream read by gRPC's callback threads, not by a thread of its
// own. With a thread per stream, 100 subscribers put 100 runnable threads on the two cores that
// the node under test uses too, and the scheduler's queueing of them (not the node) set the tail
// of the delivery latency; real subscribers sit on their own machines.
// `on_message` runs on a gRPC thread for each message, one at a time per stream; it returns false
// to end the stream.
class RawSubscriber final : public grpc::ClientReadReactor<grpc::ByteBuffer> {
 public:
  using OnMessage = std::function<bool(grpc::ByteBuffer&)>;

  RawSubscriber(ApiClient& conn, const rilon::v1::SubscribeRequest& request, OnMessage on_message)
      : request_(request), on_message_(std::move(on_message)) {
    const grpc::internal::RpcMethod method(
        kSubscribeMethod, grpc::internal::RpcMethod::SERVER_STREAMING, conn.channel());
    grpc::internal::ClientCallbackReaderFactory<grpc::ByteBuffer>::Create(
        conn.channel().get(), method, &context_, &request_, this);
    StartRead(&message_);
    StartCall();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // the stream ended; OnDone follows
    if (!on_message_(message_)) {
      context_.TryCancel();
      return;
    }
    message_.Clear();
    StartRead(&message_);
  }

  void OnDone(const grpc::Status& status) override {
    std::lock_guard<std::mutex> lock(mu_);
    status_ = status;
    done_ = true;
    done_cv_.notify_all();
  }

  void Cancel() { context_.TryCancel(); }

  // Blocks until gRPC is done with the stream; then this object may be destroyed.
  grpc::Status Await() {
    std::unique_lock<std::mutex> lock(mu_);
    done_cv_.wait(lock, [this] { return done_; });
    return status_;
  }

 private:
  grpc::ClientContext context_;
  const rilon::v1::SubscribeRequest request_;
  const OnMessage on_message_;
  grpc::ByteBuffer message_;
  std::mutex mu_;
  std::condition_variable done_cv_;
  bool done_ = false;    // guarded by mu_
  grpc::Status status_;  // guarded by mu_
};

// One closed-loop client of W1 or ECHO: its own connection with one call in flight until `end`.
// Each call is issued from the completion of the previous one (gRPC's callback API), so the load
// tool spends its share of the two cores on calls rather than on waking a blocked thread per
// call.
class ClosedLoopClient {
 public:
  // Starts one call on `context`; gRPC runs `done` when it completes.
  using Call =
      std::function<void(grpc::ClientContext* context, std::function<void(grpc::Status)> done)>;
  // Makes the call of a client from its connection (which outlives every call).
  using CallMaker = std::function<Call(ApiClient& connection)>;

  ClosedLoopClient(ApiClient connection, const CallMaker& make_call, Clock::time_point end)
      : connection_(std::move(connection)), call_(make_call(connection_)), end_(end) {}

  void Start() { Issue(); }
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    finished_cv_.wait(lock, [this] { return finished_; });
  }

  long done = 0, errors = 0;      // read after Wait()
  std::vector<double> latencies;  // milliseconds; read after Wait()

 private:
  void Issue() {
    context_ = ApiClient::Context();
    started_ = Clock::now();
    call_(context_.get(), [this](grpc::Status status) { OnDone(status); });
  }
  void OnDone(const grpc::Status& status) {
    const auto now = Clock::now();
    latencies.push_back(std::chrono::duration<double, std::milli>(now - started_).count());
    status.ok() ? ++done : ++errors;
    if (now < end_) {
      Issue();
      return;
    }
    std::lock_guard<std::mutex> lock(mu_);
    finished_ = true;
    finished_cv_.notify_all();
  }

  ApiClient connection_;
  const Call call_;
  const Clock::time_point end_;
  std::unique_ptr<grpc::ClientContext> context_;
  Clock::time_point started_;
  std::mutex mu_;
  std::condition_variable finished_cv_;
  bool finished_ = false;
};

// Medians over the runs of a closed-loop workload.
struct ClosedLoopFigures {
  double rate = 0;    // completed calls/s
  double p50_ms = 0;  // call latency
  double p99_ms = 0;
  double server_us = 0;  // the server process's CPU time per completed call
  double client_us = 0;  // this load tool's CPU time per completed call
};

// The bare echo of rilon_echo_server: the reply is the request's bytes.
constexpr char kEchoMethod[] = "/rilon.load.Echo/Echo";

// rilon_echo_server (tests/load/echo_server.cc) presenting the node certificate of `agency`, on a
// loopback ephemeral port. Stopped with SIGTERM and reaped when destroyed.
class EchoServer {
 public:
  EchoServer(PkiFixture& pki, const std::string& agency, const std::string& work_dir)
      : node_id_(pki.NodeId(agency)) {
    std::filesystem::create_directories(work_dir);
    const Identity tls = pki.Node(agency);
    const std::string log = work_dir + "/echo.log";
    process_ = std::make_unique<Subprocess>(
        std::vector<std::string>{BinaryDir() + "/rilon_echo_server", "--ca", pki.ca_file(),
                                 "--cert", tls.cert_file, "--key", tls.key_file, "--work-dir",
                                 work_dir},
        log);
    const std::string ready = "rilon_echo_server ready port=";
    const std::optional<std::string> line = process_->ReadLine(std::chrono::seconds(30));
    if (!line || line->rfind(ready, 0) != 0) {
      throw std::runtime_error("rilon_echo_server did not become ready; its log: " + log);
    }
    port_ = std::stoi(line->substr(ready.size()));
  }
  ~EchoServer() {
    process_->Signal(SIGTERM);
    process_->Wait(std::chrono::seconds(10));  // else Subprocess's destructor kills it
  }
  EchoServer(const EchoServer&) = delete;
  EchoServer& operator=(const EchoServer&) = delete;

  pid_t pid() const { return process_->pid(); }
  std::string endpoint() const { return "127.0.0.1:" + std::to_string(port_); }
  const std::string& node_id() const { return node_id_; }

 private:
  const std::string node_id_;
  std::unique_ptr<Subprocess> process_;
  int port_ = 0;
};

class Bench {
 public:
  explicit Bench(Options options) : options_(std::move(options)) {
    RestrictToTls13ForTests();
    officer_ = pki_.Person("officer", "au.abf", "load");
    analyst_ = pki_.Person("analyst", "au.abf", "load");
  }

  std::unique_ptr<NodeProcess> FreshNode(const std::string& name, const std::string& extra = "") {
    auto node = std::make_unique<NodeProcess>(pki_, "au.abf", work_.path() + "/" + name);
    node->set_extra_config(extra);
    node->Start();
    return node;
  }
  ApiClient Client(NodeProcess& node, const Identity& who) {
    return ApiClient(node.endpoint(), pki_.ca_file(), who, node.node_id());
  }

  // A server a closed-loop workload drives: its process (stopped when the last copy is
  // dropped), the pid whose CPU time is read, and how a client connects to it.
  struct ServerUnderTest {
    std::shared_ptr<void> process;
    pid_t pid = -1;
    std::function<ApiClient()> connect;
  };

  // `clients` closed-loop clients, each on its own connection with one call in flight at a time,
  // for options_.seconds against a fresh server from `start(run)`; options_.runs runs.
  ClosedLoopFigures RunClosedLoop(const std::string& label, int clients,
                                  const std::function<ServerUnderTest(int run)>& start,
                                  const ClosedLoopClient::CallMaker& make_call) {
    std::vector<double> rates, p50s, p99s, server_us, client_us;
    for (int run = 0; run < options_.runs; ++run) {
      const ServerUnderTest server = start(run);
      const double cpu_before = CpuSeconds(server.pid);
      const double own_cpu_before = CpuSeconds(getpid());
      const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(options_.seconds));
      std::vector<std::unique_ptr<ClosedLoopClient>> callers;
      for (int c = 0; c < clients; ++c) {
        callers.push_back(std::make_unique<ClosedLoopClient>(server.connect(), make_call, end));
      }
      const auto started = Clock::now();
      for (auto& caller : callers) caller->Start();
      long done = 0, errors = 0;
      std::vector<double> latencies;
      for (auto& caller : callers) {
        caller->Wait();
        done += caller->done;
        errors += caller->errors;
        latencies.insert(latencies.end(), caller->latencies.begin(), caller->latencies.end());
      }
      const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
      rates.push_back(static_cast<double>(done) / elapsed);
      if (done > 0) {
        server_us.push_back((CpuSeconds(server.pid) - cpu_before) * 1e6 / done);
        client_us.push_back((CpuSeconds(getpid()) - own_cpu_before) * 1e6 / done);
      }
      p50s.push_back(Percentile(latencies, 0.50));
      p99s.push_back(Percentile(latencies, 0.99));
      if (errors > 0)
        std::cout << "  (" << label << " run " << run << ": " << errors << " errors)\n";
    }
    return {Median(rates), Median(p50s), Median(p99s), Median(server_us), Median(client_us)};
  }

  // W1: `clients` officers submitting ~1 KiB reports, each reply after the record is synced.
  void W1(int clients) {
    const auto request = KiBReport("w1");
    const ClosedLoopFigures figures = RunClosedLoop(
        "W1", clients,
        [&](int run) {
          std::shared_ptr<NodeProcess> node =
              FreshNode("w1-" + std::to_string(clients) + "-" + std::to_string(run));
          return ServerUnderTest{node, node->pid(),
                                 [this, node] { return Client(*node, officer_); }};
        },
        [&request](ApiClient& connection) -> ClosedLoopClient::Call {
          auto response = std::make_shared<rilon::v1::SubmitReportResponse>();
          return [&connection, &request, response](grpc::ClientContext* context,
                                                   std::function<void(grpc::Status)> done) {
            response->Clear();
            connection.stub().async()->SubmitReport(context, &request, response.get(),
                                                    std::move(done));
          };
        });
    // As for W3 and W4, the node's CPU time per record: with the calls saturating the node,
    // 2 s divided by it is the rate the node would sustain with the two cores to itself (the
    // load tool's clients share them here). With few clients it includes idle wake-ups.
    std::printf(
        "W1 clients=%-3d records/s=%9.0f  p50=%6.2f ms  p99=%6.2f ms  rilond CPU per record "
        "%4.0f us (=> %5.0f/s on 2 cores of its own)  load tool %3.0f us   (median of %d runs)\n",
        clients, figures.rate, figures.p50_ms, figures.p99_ms, figures.server_us,
        RateOnTwoCores(figures.server_us), figures.client_us, options_.runs);
    const auto echo = echo_rates_.find(clients);
    if (echo != echo_rates_.end() && echo->second > 0) {
      std::printf(
          "W1/ECHO clients=%-3d %.2f of the bare echo's calls/s on this host (the target, "
          "8,000 against an echo of about 12,000 at 32 clients, is 0.67)\n",
          clients, figures.rate / echo->second);
    }
  }

  // ECHO: W1's reference point. The same clients, connections and request bytes as W1, against
  // rilon_echo_server, which answers with the bytes it received over the same mutual TLS.
  void Echo(int clients) {
    const std::string request_bytes = KiBReport("w1").SerializeAsString();
    const ClosedLoopFigures figures = RunClosedLoop(
        "ECHO", clients,
        [&](int run) {
          auto echo = std::make_shared<EchoServer>(
              pki_, "au.abf",
              work_.path() + "/echo-" + std::to_string(clients) + "-" + std::to_string(run));
          return ServerUnderTest{echo, echo->pid(), [this, echo] {
                                   return ApiClient(echo->endpoint(), pki_.ca_file(), officer_,
                                                    echo->node_id());
                                 }};
        },
        [&request_bytes](ApiClient& connection) -> ClosedLoopClient::Call {
          auto stub = std::make_shared<grpc::GenericStub>(connection.channel());
          grpc::Slice slice(request_bytes);
          auto request = std::make_shared<grpc::ByteBuffer>(&slice, 1);
          auto response = std::make_shared<grpc::ByteBuffer>();
          return [stub, request, response](grpc::ClientContext* context,
                                           std::function<void(grpc::Status)> done) {
            response->Clear();
            stub->UnaryCall(context, kEchoMethod, grpc::StubOptions(), request.get(),
                            response.get(), std::move(done));
          };
        });
    std::printf(
        "ECHO clients=%-3d calls/s=%11.0f  p50=%6.2f ms  p99=%6.2f ms  echo CPU per call   "
        "%4.0f us  load tool %3.0f us   (median of %d runs)\n",
        clients, figures.rate, figures.p50_ms, figures.p99_ms, figures.server_us, figures.client_us,
        options_.runs);
    echo_rates_[clients] = figures.rate;
  }

  // Submits `n` records from 16 parallel clients (au.abf's officer), addressed to `audience`.
  void Preload(NodeProcess& node, int n, const std::vector<std::string>& audience = {}) {
    std::atomic<int> next{0};
    std::vector<std::thread> threads;
    for (int c = 0; c < 16; ++c) {
      threads.emplace_back([&] {
        ApiClient client = Client(node, officer_);
        const auto request = KiBReport("preload", audience);
        while (next.fetch_add(1) < n) {
          rilon::v1::SubmitReportResponse response;
          if (!client.Submit(request, &response).ok()) --next;
        }
      });
    }
    for (auto& t : threads) t.join();
  }

  // Connections for `n` subscribers, each connected before it is used.
  std::vector<std::unique_ptr<ApiClient>> SubscriberConnections(NodeProcess& node, int n) {
    std::vector<std::unique_ptr<ApiClient>> conns;
    for (int s = 0; s < n; ++s) {
      conns.push_back(std::make_unique<ApiClient>(Client(node, analyst_)));
      conns.back()->channel()->WaitForConnected(std::chrono::system_clock::now() +
                                                std::chrono::seconds(10));
    }
    return conns;
  }

  // W2a: `subscribers` read a backlog of `backlog` records from the start; delivered records/s.
  // Subscriber 0 decodes every record and checks that cursors run 1, 2, 3, ... without a gap or
  // a repeat; the others count events by walking each message's top-level fields (CountEvents),
  // so the figure is the node's fan-out rather than the load tool decoding 100 streams of
  // records on the same two cores. Returns delivered records/s; counts bad streams in `errors`.
  double W2Throughput(NodeProcess& node, int subscribers, int backlog, long* errors) {
    std::vector<std::unique_ptr<ApiClient>> conns = SubscriberConnections(node, subscribers);
    std::atomic<long> bad{0};
    std::vector<long> counts(subscribers, 0);  // each touched only by its own stream's callbacks
    std::vector<std::unique_ptr<RawSubscriber>> streams;
    const auto start = Clock::now();
    for (int s = 0; s < subscribers; ++s) {
      long* mine = &counts[s];
      const bool check_cursors = s == 0;
      streams.push_back(std::make_unique<RawSubscriber>(
          *conns[s], rilon::v1::SubscribeRequest(), [&, mine, check_cursors](grpc::ByteBuffer& m) {
            if (check_cursors) {
              rilon::v1::SubscribeResponse message;
              grpc::ProtoBufferReader bytes(&m);
              if (!message.ParseFromZeroCopyStream(&bytes)) {
                ++bad;
                return false;
              }
              for (const auto& e : message.events()) {
                if (e.cursor() != std::to_string(*mine + 1)) ++bad;
                ++*mine;
              }
            } else {
              const long events = CountEvents(m);
              if (events < 0) ++bad;
              *mine += std::max(events, 0L);
            }
            return *mine < backlog;
          }));
    }
    for (auto& stream : streams) stream->Await();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    long delivered = 0;
    for (long mine : counts) {
      if (mine < backlog) ++bad;
      delivered += mine;
    }
    *errors += bad.load();
    return static_cast<double>(delivered) / elapsed;
  }

  // W2b: publish at `rate`/s for options_.seconds while `subscribers` follow live; end-to-end
  // latency = receipt time - the record's acceptance time (created_at, same machine clock).
  std::pair<double, double> W2Latency(NodeProcess& node, int subscribers, int rate) {
    std::vector<std::unique_ptr<ApiClient>> conns = SubscriberConnections(node, subscribers);
    std::vector<std::vector<double>> per_stream(subscribers);  // each touched by its stream only
    rilon::v1::SubscribeRequest request;
    request.set_start_at_end(true);
    std::vector<std::unique_ptr<RawSubscriber>> streams;
    for (int s = 0; s < subscribers; ++s) {
      std::vector<double>* mine = &per_stream[s];
      streams.push_back(
          std::make_unique<RawSubscriber>(*conns[s], request, [mine](grpc::ByteBuffer& message) {
            const auto now = std::chrono::system_clock::now().time_since_epoch();
            const double now_ms = std::chrono::duration<double, std::milli>(now).count();
            for (double created_ms : CreatedAtMillis(message)) mine->push_back(now_ms - created_ms);
            return true;
          }));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // streams established
    ApiClient publisher = Client(node, officer_);
    const auto report = KiBReport("w2");
    const auto start = Clock::now();
    const int total = static_cast<int>(rate * options_.seconds);
    for (int i = 0; i < total; ++i) {
      std::this_thread::sleep_until(start + std::chrono::microseconds(1000000LL * i / rate));
      rilon::v1::SubmitReportResponse response;
      publisher.Submit(report, &response);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // let the last ones arrive
    for (auto& stream : streams) stream->Cancel();
    std::vector<double> latencies;
    for (int s = 0; s < subscribers; ++s) {
      streams[s]->Await();
      latencies.insert(latencies.end(), per_stream[s].begin(), per_stream[s].end());
    }
    return {Percentile(latencies, 0.50), Percentile(latencies, 0.99)};
  }

  void W2() {
    const int backlog = 20000;
    for (int subscribers : options_.w2_subscribers) {
      std::vector<double> rates, p50s, p99s;
      for (int run = 0; run < options_.runs; ++run) {
        auto node = FreshNode("w2-" + std::to_string(subscribers) + "-" + std::to_string(run),
                              "limits { max_subscribers: 1000 }");
        Preload(*node, backlog);
        long errors = 0;
        rates.push_back(W2Throughput(*node, subscribers, backlog, &errors));
        if (errors > 0) std::cout << "  (run " << run << ": " << errors << " bad streams)\n";
        auto [p50, p99] = W2Latency(*node, subscribers, 100);
        p50s.push_back(p50);
        p99s.push_back(p99);
      }
      std::printf(
          "W2 subscribers=%-3d delivered/s=%9.0f  at 100 rec/s: p50=%6.2f ms p99=%6.2f ms"
          "   (median of %d runs)\n",
          subscribers, Median(rates), Median(p50s), Median(p99s), options_.runs);
    }
  }

  void Memory() {
    auto node = FreshNode("mem", "limits { max_subscribers: 1000 }");
    Preload(*node, 2000);
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const long idle = RssKiB(NodePid(*node));
    std::vector<std::unique_ptr<ApiClient>> conns;
    std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
    std::vector<std::unique_ptr<grpc::ClientReader<rilon::v1::SubscribeResponse>>> readers;
    for (int s = 0; s < 100; ++s) {
      conns.push_back(std::make_unique<ApiClient>(Client(*node, analyst_)));
      contexts.push_back(std::make_unique<grpc::ClientContext>());
      readers.push_back(
          conns.back()->stub().Subscribe(contexts.back().get(), rilon::v1::SubscribeRequest()));
      rilon::v1::SubscribeResponse first;
      readers.back()->Read(&first);
    }
    Preload(*node, 2000);  // live traffic while 100 are subscribed (and not reading)
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const long busy = RssKiB(NodePid(*node));
    for (auto& c : contexts) c->TryCancel();
    std::printf("MEM rilond RSS idle=%.1f MiB  with 100 subscribers=%.1f MiB\n", idle / 1024.0,
                busy / 1024.0);
  }

  void Startup() {
    auto node = FreshNode("start");
    const auto t0 = Clock::now();
    Preload(*node, options_.startup_records);
    const double load_s = std::chrono::duration<double>(Clock::now() - t0).count();
    std::vector<double> starts;
    for (int run = 0; run < options_.runs; ++run) {
      node->Stop();
      const auto s0 = Clock::now();
      node->Start();
      starts.push_back(std::chrono::duration<double>(Clock::now() - s0).count());
    }
    std::printf("START records=%d start-up to ready=%.3f s (median of %d; loading took %.0f s)\n",
                options_.startup_records, Median(starts), options_.runs, load_s);
  }

  // records_stored of a node, as its analyst sees it (-1 when the call fails).
  long long Stored(ApiClient& client) {
    rilon::v1::NodeStatus status;
    auto ctx = ApiClient::Context();
    ctx->set_wait_for_ready(true);
    if (!client.stub().GetNodeStatus(ctx.get(), rilon::v1::GetNodeStatusRequest(), &status).ok()) {
      return -1;
    }
    return static_cast<long long>(status.records_stored());
  }
  ApiClient Analyst(FederationCluster& cluster, const std::string& agency) {
    NodeProcess& node = cluster.node(agency);
    return ApiClient(node.endpoint(), pki_.ca_file(), pki_.Person("analyst", agency, "load"),
                     node.node_id(), /*fast_reconnect=*/true);
  }
  // Waits until every client's node stores `target` records; returns the seconds from the
  // first new record seen on any of them to the last.
  double TimeUntilStored(std::vector<ApiClient*> clients, long long before, long long target) {
    std::optional<Clock::time_point> first;
    for (;;) {
      bool all = true;
      for (ApiClient* c : clients) {
        const long long n = Stored(*c);
        if (!first && n > before) first = Clock::now();
        all = all && n >= target;
      }
      if (all) break;
      // Each poll is a call the node serves (about 60 us of its CPU over mutual TLS) and counts
      // in its CPU per record: every 2 ms, that was 3-5 us per record of W4's receiver. 10 ms
      // keeps the rate's error under 0.2 % of W4's run and 1 % of W3's.
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const auto end = Clock::now();
    return std::chrono::duration<double>(end - first.value_or(end)).count();
  }

  // W3 latency: at `rate`/s from au.abf to id.polri and my.mmea, the time from the submitter's
  // reply to receipt on the feeds of both receivers (the later of the two), per record.
  std::pair<double, double> W3Latency(FederationCluster& cluster, int rate) {
    const std::vector<std::string> receivers = {"id.polri", "my.mmea"};
    std::mutex mu;
    std::map<std::string, Clock::time_point> accepted;
    std::map<std::string, std::map<std::string, Clock::time_point>> received;
    std::atomic<int> ready{0};
    std::vector<std::unique_ptr<ApiClient>> conns;
    std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
    std::vector<std::thread> threads;
    for (const std::string& agency : receivers) {
      conns.push_back(std::make_unique<ApiClient>(Analyst(cluster, agency)));
      contexts.push_back(std::make_unique<grpc::ClientContext>());
      threads.emplace_back([&, agency, conn = conns.back().get(), ctx = contexts.back().get()] {
        rilon::v1::SubscribeRequest request;
        request.set_start_at_end(true);
        auto reader = conn->stub().Subscribe(ctx, request);
        ++ready;
        rilon::v1::SubscribeResponse message;
        while (reader->Read(&message)) {
          const auto now = Clock::now();
          std::lock_guard<std::mutex> lock(mu);
          for (const auto& e : message.events()) received[agency][e.record().id()] = now;
        }
      });
    }
    while (ready.load() < static_cast<int>(receivers.size())) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // streams established
    ApiClient publisher = Client(cluster.node("au.abf"), officer_);
    const auto request = KiBReport("w3", receivers);
    const auto start = Clock::now();
    const int total = static_cast<int>(rate * options_.seconds);
    for (int i = 0; i < total; ++i) {
      std::this_thread::sleep_until(start + std::chrono::microseconds(1000000LL * i / rate));
      rilon::v1::SubmitReportResponse response;
      if (publisher.Submit(request, &response).ok()) {
        const auto now = Clock::now();
        std::lock_guard<std::mutex> lock(mu);
        accepted[response.record().id()] = now;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // let the last ones arrive
    for (auto& c : contexts) c->TryCancel();
    for (auto& t : threads) t.join();
    std::vector<double> latencies;
    int missing = 0;
    for (const auto& [id, at] : accepted) {
      double worst = 0;
      bool complete = true;
      for (const std::string& agency : receivers) {
        auto it = received[agency].find(id);
        if (it == received[agency].end()) {
          complete = false;
          break;
        }
        // The receivers may store a record before its submitter's reply arrives: count 0.
        worst = std::max(worst, std::chrono::duration<double, std::milli>(it->second - at).count());
      }
      complete ? latencies.push_back(worst) : static_cast<void>(++missing);
    }
    if (missing > 0) std::cout << "  (" << missing << " records did not reach both receivers)\n";
    return {Percentile(latencies, 0.50), Percentile(latencies, 0.99)};
  }

  // W3 throughput: both receivers stopped while au.abf accepts `n` records for them, then
  // started together; records/s until both hold them all. `cpu` gets the CPU time per record of
  // the sender and of a receiver (the mean of the two).
  double W3Throughput(FederationCluster& cluster, int n, NodeCpu* cpu) {
    ApiClient id = Analyst(cluster, "id.polri");
    ApiClient my = Analyst(cluster, "my.mmea");
    const long long before = std::max(Stored(id), Stored(my));  // both hold the same records
    for (const char* agency : {"id.polri", "my.mmea"}) cluster.node(agency).Stop();
    Preload(cluster.node("au.abf"), n, {"id.polri", "my.mmea"});
    for (const char* agency : {"id.polri", "my.mmea"}) cluster.node(agency).Start();
    NodeProcess& sender = cluster.node("au.abf");
    std::vector<NodeProcess*> receivers = {&cluster.node("id.polri"), &cluster.node("my.mmea")};
    const double sender_before = CpuSeconds({&sender});
    const double receivers_before = CpuSeconds(receivers);
    const double seconds = TimeUntilStored({&id, &my}, before, before + n);
    cpu->sender_us = (CpuSeconds({&sender}) - sender_before) * 1e6 / n;
    cpu->receiver_us = (CpuSeconds(receivers) - receivers_before) * 1e6 / n / 2;
    return static_cast<double>(n) / seconds;
  }

  void W3() {
    std::vector<double> p50s, p99s, rates, sender_us, receiver_us;
    for (int run = 0; run < options_.runs; ++run) {
      FederationCluster cluster(pki_, work_.path() + "/w3-" + std::to_string(run),
                                {"au.abf", "id.polri", "my.mmea"});
      cluster.Start();
      auto [p50, p99] = W3Latency(cluster, 100);
      p50s.push_back(p50);
      p99s.push_back(p99);
      NodeCpu cpu;
      rates.push_back(W3Throughput(cluster, 20000, &cpu));
      sender_us.push_back(cpu.sender_us);
      receiver_us.push_back(cpu.receiver_us);
    }
    std::printf(
        "W3 3 nodes, at 100 rec/s: accept->durable at both others p50=%6.2f ms p99=%6.2f ms "
        "(median of %d runs)\n",
        Median(p50s), Median(p99s), options_.runs);
    PrintThroughput("W3 backlog of 20000 pulled by both others at once", Median(rates),
                    Median(sender_us), Median(receiver_us), /*receivers=*/2);
  }

  // W4: id.polri pulls from au.abf through a relay; cut, au.abf accepts the backlog, restore.
  void W4() {
    std::vector<double> rates, sender_us, receiver_us;
    for (int run = 0; run < options_.runs; ++run) {
      ClusterOptions options;
      options.relayed = {{"id.polri", "au.abf"}};
      FederationCluster cluster(pki_, work_.path() + "/w4-" + std::to_string(run),
                                {"au.abf", "id.polri"}, options);
      cluster.Start();
      ApiClient id = Analyst(cluster, "id.polri");
      cluster.relay("id.polri", "au.abf").Cut();
      const long long before = Stored(id);
      Preload(cluster.node("au.abf"), options_.backlog, {"id.polri"});
      NodeProcess& sender = cluster.node("au.abf");
      NodeProcess& receiver = cluster.node("id.polri");
      const double sender_before = CpuSeconds({&sender});
      const double receiver_before = CpuSeconds({&receiver});
      cluster.relay("id.polri", "au.abf").Restore();
      const double seconds = TimeUntilStored({&id}, before, before + options_.backlog);
      sender_us.push_back((CpuSeconds({&sender}) - sender_before) * 1e6 / options_.backlog);
      receiver_us.push_back((CpuSeconds({&receiver}) - receiver_before) * 1e6 / options_.backlog);
      rates.push_back(static_cast<double>(options_.backlog) / seconds);
    }
    const double own_cores = PrintThroughput(
        "W4 catch-up of " + std::to_string(options_.backlog) + " records after a partition",
        Median(rates), Median(sender_us), Median(receiver_us), /*receivers=*/1);
    const double verifications = VerificationsPerCpuSecond();
    std::printf(
        "W4 reference: this host verifies %.0f Ed25519 signatures per CPU second (rilond's "
        "libsodium); the receiver on 2 cores of its own is %.2f of that (the target, 15,000/s "
        "against about 13,000, is 1.15)\n",
        verifications, own_cores / verifications);
  }

  // Every node of the test shares this machine's cores with the others (and with whatever else
  // runs); in a federation each agency's node has its own. So besides the rate seen here, the
  // CPU time per record of each node gives the rate each would sustain on 2 cores of its own
  // (the slower of sender and receiver; `sender_us` covers all `receivers` peers it serves).
  // Returns that rate.
  static double PrintThroughput(const std::string& what, double rate, double sender_us,
                                double receiver_us, int receivers) {
    const double own_cores = RateOnTwoCores(std::max(sender_us, receiver_us));
    std::printf(
        "%s: %8.0f records/s on this machine; CPU per record: sender %5.0f us (per peer), "
        "receiver %5.0f us => %6.0f records/s with each node on 2 cores of its own\n",
        what.c_str(), rate, sender_us / receivers, receiver_us, own_cores);
    return own_cores;
  }

  void Run() {
    if (options_.only.count("ECHO"))
      for (int c : options_.w1_clients) Echo(c);
    if (options_.only.count("W1"))
      for (int c : options_.w1_clients) W1(c);
    if (options_.only.count("W2")) W2();
    if (options_.only.count("MEM")) Memory();
    if (options_.only.count("START")) Startup();
    if (options_.only.count("W3")) W3();
    if (options_.only.count("W4")) W4();
  }

 private:
  static pid_t NodePid(NodeProcess& node);
  Options options_;
  PkiFixture pki_;
  ScratchDir work_{"rilon-load"};
  Identity officer_, analyst_;
  std::map<int, double> echo_rates_;  // ECHO's calls/s by number of clients
};

pid_t Bench::NodePid(NodeProcess& node) { return node.pid(); }

}  // namespace
}  // namespace rilon::testing

int main(int argc, char** argv) {
  rilon::security::KeepOpenSslUntilProcessExit();
  // As in rilond (node/main.cc): Debian's Abseil checks every mutex for deadlock cycles.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  rilon::testing::Options options;
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i], value = i + 1 < argc ? argv[i + 1] : "";
    const bool known = flag == "--runs" || flag == "--seconds" || flag == "--startup-records" ||
                       flag == "--backlog" || flag == "--only" || flag == "--w1-clients" ||
                       flag == "--w2-subscribers";
    if (known && value.empty()) {
      std::cerr << "rilon_load: " << flag << " needs a value\n";
      return 2;
    }
    if (flag == "--runs")
      options.runs = std::stoi(value);
    else if (flag == "--seconds")
      options.seconds = std::stod(value);
    else if (flag == "--startup-records")
      options.startup_records = std::stoi(value);
    else if (flag == "--backlog")
      options.backlog = std::stoi(value);
    else if (flag == "--only") {
      options.only.clear();
      std::stringstream s(value);
      for (std::string part; std::getline(s, part, ',');) options.only.insert(part);
    } else if (flag == "--w1-clients" || flag == "--w2-subscribers") {
      std::vector<int>& list = flag == "--w1-clients" ? options.w1_clients : options.w2_subscribers;
      list.clear();
      std::stringstream s(value);
      for (std::string part; std::getline(s, part, ',');) list.push_back(std::stoi(part));
    } else {
      const bool help = flag == "--help" || flag == "-h";
      (help ? std::cout : std::cerr) << "usage: rilon_load [--runs N] [--seconds S] "
                                        "[--startup-records N] [--backlog N] "
                                        "[--only ECHO,W1,W2,MEM,START,W3,W4] "
                                        "[--w1-clients 1,8,32] [--w2-subscribers 1,10,100]\n";
      return help ? 0 : 2;
    }
  }
  rilon::testing::Bench(options).Run();
  return 0;
}
