// Byte encodings of the record store's keys and fixed-width values (layout in schema.h).
//
// Integers are big-endian so that RocksDB's bytewise order is numeric order: iterating the log
// column family visits local_seq 1, 2, 3, ... and an origin's keys sort by origin_seq.
//
// Usage:
//   std::string key = OriginKey("au.abf", 42);           // "au.abf\0" + 8 bytes
//   auto decoded = DecodeOriginKey(key);                  // {"au.abf", 42}
//   std::string log_key = EncodeBigEndian64(local_seq);
//
// Contract: encoders never fail (callers validate agency ids first, see ValidateOriginAgency);
// decoders return DATA_LOSS naming the malformed input, because a malformed key or value on disk
// means the data directory is damaged.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace rilon::store {

// Fixed-width big-endian integers.
std::string EncodeBigEndian64(uint64_t value);
std::string EncodeBigEndian32(uint32_t value);
// DATA_LOSS unless `bytes` is exactly 8 (resp. 4) bytes; `what` names the field in the message.
absl::StatusOr<uint64_t> DecodeBigEndian64(std::string_view bytes, std::string_view what);
absl::StatusOr<uint32_t> DecodeBigEndian32(std::string_view bytes, std::string_view what);

// INVALID_ARGUMENT unless the agency id is non-empty and free of 0x00 (the key separator).
absl::Status ValidateOriginAgency(std::string_view origin_agency);

// origin_agency || 0x00: every key of one origin starts with it, and no other origin's does.
std::string OriginPrefix(std::string_view origin_agency);
// OriginPrefix(origin_agency) || BE64(origin_seq).
std::string OriginKey(std::string_view origin_agency, uint64_t origin_seq);
// Lower-case hex of raw bytes (record ids), for error messages.
std::string Hex(std::string_view bytes);

// Inverse of OriginKey; DATA_LOSS when there is no separator or the seq is not 8 bytes.
absl::StatusOr<std::pair<std::string, uint64_t>> DecodeOriginKey(std::string_view key);

}  // namespace rilon::store
