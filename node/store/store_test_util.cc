#include "node/store/store_test_util.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

#include "node/store/key_codec.h"
#include "rilon/v1/record.pb.h"

namespace rilon::store::testing {
namespace {

// FNV-1a: stable across runs, unlike std::hash, so ids are reproducible in failure messages.
uint64_t Fnv1a(std::string_view bytes, uint64_t seed) {
  uint64_t hash = 14695981039346656037ull ^ seed;
  for (unsigned char byte : bytes) {
    hash ^= byte;
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/rilon_store_test.XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    std::perror(("mkdtemp " + pattern).c_str());
    std::abort();
  }
  path_ = buffer.data();
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string MakeId(std::string_view origin, uint64_t origin_seq, uint32_t variant) {
  return EncodeBigEndian64(Fnv1a(origin, 1)) + EncodeBigEndian64(Fnv1a(origin, 2)) +
         EncodeBigEndian64(origin_seq) + EncodeBigEndian32(variant) + "test";
}

NewRecord MakeRecord(std::string_view origin, uint64_t origin_seq, size_t payload_bytes,
                     uint32_t variant) {
  rilon::v1::RecordBody body;
  body.set_envelope_version(1);
  body.set_origin_agency(std::string(origin));
  body.set_origin_seq(origin_seq);
  body.set_created_unix_micros(1'700'000'000'000'000 + static_cast<int64_t>(origin_seq));
  body.set_kind(rilon::v1::TREND_REPORT);
  body.set_marking(rilon::v1::TLP_GREEN);
  body.set_payload(std::string(payload_bytes, static_cast<char>('a' + variant % 26)));

  NewRecord record;
  record.signed_record.set_body(body.SerializeAsString());
  record.signed_record.set_signature(std::string(64, 's'));
  record.id = MakeId(origin, origin_seq, variant);
  record.origin_agency = std::string(origin);
  record.origin_seq = origin_seq;
  record.kind = rilon::v1::TREND_REPORT;
  record.stored_unix_micros = 1'800'000'000'000'000 + static_cast<int64_t>(origin_seq);
  return record;
}

namespace {

// Test records carry filler signatures, so changing a body needs no re-signing.
template <typename Edit>
NewRecord WithBody(NewRecord record, Edit edit) {
  rilon::v1::RecordBody body;
  body.ParseFromString(record.signed_record.body());
  edit(body);
  record.signed_record.set_body(body.SerializeAsString());
  record.supersedes = body.supersedes();
  return record;
}

}  // namespace

NewRecord MakeCorrection(std::string_view origin, uint64_t origin_seq,
                         const std::string& supersedes, uint32_t variant) {
  return WithBody(MakeRecord(origin, origin_seq, 64, variant),
                  [&](rilon::v1::RecordBody& body) { body.set_supersedes(supersedes); });
}

NewRecord MakeRetraction(std::string_view origin, uint64_t origin_seq,
                         const std::string& supersedes, std::string_view reason) {
  return WithBody(MakeRecord(origin, origin_seq, 0), [&](rilon::v1::RecordBody& body) {
    body.set_supersedes(supersedes);
    body.clear_payload();
    body.mutable_retraction()->set_reason(std::string(reason));
  });
}

}  // namespace rilon::store::testing
