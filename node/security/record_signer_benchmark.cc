// Throughput of the record crypto on the node's hot path: every accepted record is signed once
// (Ed25519) and identified once (SHA-256); every received record is verified.
//
//   ninja -C <build> rilon_security_benchmark && <build>/node/security/rilon_security_benchmark
//
// BM_Ed25519SignSharedContext is a reference point, not used by RecordSigner: one EVP_MD_CTX
// re-initialised per message under a mutex, the alternative to RecordSigner's context per call.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <cstdlib>
#include <mutex>
#include <string>

#include "node/records/envelope.h"
#include "node/security/record_signer.h"

namespace rilon::security {
namespace {

std::string Message(int64_t size) { return std::string(static_cast<size_t>(size), 'r'); }

void BM_Ed25519Sign(benchmark::State& state) {
  static const auto* signer = RecordSigner::GenerateForTesting().release();
  const std::string message = Message(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(signer->Sign(message));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Ed25519Sign)->Arg(256)->Arg(4096)->Threads(1)->Threads(2)->UseRealTime();

void BM_Ed25519SignSharedContext(benchmark::State& state) {
  static EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  static EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  static std::mutex mu;
  if (key == nullptr || ctx == nullptr) std::abort();
  const std::string message = Message(state.range(0));
  unsigned char sig[64];
  for (auto _ : state) {
    std::lock_guard<std::mutex> lock(mu);
    size_t len = sizeof(sig);
    if (EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, key) != 1 ||
        EVP_DigestSign(ctx, sig, &len, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) != 1) {
      std::abort();
    }
    benchmark::DoNotOptimize(sig);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Ed25519SignSharedContext)->Arg(256)->Threads(1)->Threads(2)->UseRealTime();

void BM_Ed25519VerifyPublicKey(benchmark::State& state) {
  auto signer = RecordSigner::GenerateForTesting();
  const std::string message = Message(state.range(0));
  const std::string signature = signer->Sign(message);
  const std::string public_key = signer->public_key();
  for (auto _ : state) {
    if (!VerifyWithPublicKey(public_key, message, signature).ok()) std::abort();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Ed25519VerifyPublicKey)->Arg(256)->Arg(4096);

void BM_RecordIdSha256(benchmark::State& state) {
  const std::string body = Message(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(rilon::records::RecordIdBytes(body));
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_RecordIdSha256)->Arg(256)->Arg(4096)->Arg(65536);

}  // namespace
}  // namespace rilon::security
