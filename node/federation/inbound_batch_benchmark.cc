// The receiver's CPU per record, without the transport: InboundBatch::Verify (decode, signature,
// part digests, ingress decision; on the calling thread and one ParallelPool helper, as on a
// 2-core node) then Apply (store checks, one synced write per message) of stream messages of
// 256 sealed, signed trend reports into a real store on disk. This is the part of W3 and W4
// (tests/load) that the node's own code decides, so changes to it can be compared here on a
// quiet, repeatable path before they are measured end to end.
//
//   BM_ReceiveMessage   one message per iteration; CPU time counts both threads, so
//                       1 / items_per_second is the CPU per record.
//
// Not part of ctest. Run: rilon_federation_benchmark --benchmark_repetitions=5
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "benchmark/benchmark.h"
#include "node/federation/inbound_batch.h"
#include "node/records/test_sealed_records.h"
#include "node/security/record_signer.h"
#include "node/store/store_test_util.h"
#include "tests/testing/sample_reports.h"
#include "tests/testing/test_pki.h"

namespace rilon::federation {
namespace {

constexpr char kTrustDomain[] = "rilon.test";
constexpr char kOrigin[] = "au.abf";
constexpr char kReceiver[] = "id.polri";
constexpr int kRecordsPerMessage = 256;  // a full catch-up message (replication_reactor.h)
constexpr int kMessages = 24;            // each record can be applied once

[[noreturn]] void Fail(const absl::Status& status) {
  std::fprintf(stderr, "inbound_batch_benchmark: %s\n", status.ToString().c_str());
  std::abort();
}

// The origin's signer and the receiver's view of it, from a throwaway PKI.
struct Federation {
  std::unique_ptr<testing::TestPki> pki;
  std::unique_ptr<security::RecordSigner> signer;
  std::unique_ptr<SigningCertificates> certificates;

  static Federation Create() {
    Federation f;
    absl::StatusOr<std::unique_ptr<testing::TestPki>> pki = testing::TestPki::Create();
    if (!pki.ok()) Fail(pki.status());
    f.pki = *std::move(pki);
    auto files = f.pki->root().Issue(
        "au-signing", testing::SigningLeaf(std::string("spiffe://") + kTrustDomain + "/agency/" +
                                           kOrigin + "/signing"));
    if (!files.ok()) Fail(files.status());
    auto signer = security::RecordSigner::LoadFromFiles(files->key_file, files->cert_file);
    if (!signer.ok()) Fail(signer.status());
    f.signer = *std::move(signer);
    auto certificates = SigningCertificates::Load(f.pki->root().ca_file(), kTrustDomain);
    if (!certificates.ok()) Fail(certificates.status());
    f.certificates = *std::move(certificates);
    if (auto admitted = f.certificates->Admit(f.signer->certificate_der()); !admitted.ok()) {
      Fail(admitted.status());
    }
    return f;
  }
};

std::vector<rilon::v1::ReplicateResponse> Messages(const security::RecordSigner& signer) {
  const rilon::v1::TrendReport report = rilon::testing::SampleTrendReport();
  // Within the signing certificate's validity, which starts when the PKI is made.
  const int64_t created = absl::ToUnixMicros(absl::Now());
  std::vector<rilon::v1::ReplicateResponse> messages(kMessages);
  uint64_t seq = 0;
  for (rilon::v1::ReplicateResponse& message : messages) {
    for (int i = 0; i < kRecordsPerMessage; ++i) {
      ++seq;
      rilon::v1::ReplicatedRecord* r = message.add_records();
      r->set_position(seq);
      rilon::v1::RecordBody envelope = records::testing::Envelope(kOrigin, seq);
      envelope.set_created_unix_micros(created);
      *r->mutable_signed_() = records::testing::SealAndSign(report, std::move(envelope), signer);
    }
    message.set_examined_through(seq);
    message.set_head_position(static_cast<uint64_t>(kMessages) * kRecordsPerMessage);
  }
  return messages;
}

void BM_ReceiveMessage(benchmark::State& state) {
  Federation federation = Federation::Create();
  std::vector<rilon::v1::ReplicateResponse> messages = Messages(*federation.signer);
  store::testing::TempDir dir;
  absl::StatusOr<std::unique_ptr<store::RecordStore>> store =
      store::RecordStore::Open({.data_dir = dir.path()});
  if (!store.ok()) Fail(store.status());
  SharingGate gate(kReceiver);
  RecordVerifier verifier(federation.certificates.get(), &gate);
  ParallelPool pool(1);
  InboundBatch batch(kOrigin, store->get(), &verifier, &gate, federation.certificates.get(), &pool);

  size_t next = 0;
  uint64_t cursor = 0;
  for (auto _ : state) {
    absl::StatusOr<BatchOutcome> outcome =
        batch.Apply(batch.Verify(std::move(messages[next++]), 0), cursor, 0);
    if (!outcome.ok()) Fail(outcome.status());
    if (outcome->applied != kRecordsPerMessage) {
      state.SkipWithError("a record of the message was not applied");
      return;
    }
    cursor = outcome->cursor;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kRecordsPerMessage);
}
BENCHMARK(BM_ReceiveMessage)
    ->Iterations(kMessages)
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace rilon::federation

BENCHMARK_MAIN();
