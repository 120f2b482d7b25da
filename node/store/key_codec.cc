#include "node/store/key_codec.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "node/store/internal/string_views.h"

namespace rilon::store {
namespace {

template <typename T>
std::string EncodeBigEndian(T value) {
  std::string out(sizeof(T), '\0');
  for (size_t i = sizeof(T); i > 0; --i) {
    out[i - 1] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

template <typename T>
absl::StatusOr<T> DecodeBigEndian(std::string_view bytes, std::string_view what) {
  if (bytes.size() != sizeof(T)) {
    return absl::DataLossError(absl::StrCat(AsAbsl(what), ": expected a ", sizeof(T),
                                            "-byte big-endian integer, found ", bytes.size(),
                                            " bytes (data directory damaged?)"));
  }
  T value = 0;
  for (unsigned char byte : bytes) value = static_cast<T>((value << 8) | byte);
  return value;
}

constexpr char kOriginSeparator = '\0';

}  // namespace

std::string EncodeBigEndian64(uint64_t value) { return EncodeBigEndian<uint64_t>(value); }
std::string EncodeBigEndian32(uint32_t value) { return EncodeBigEndian<uint32_t>(value); }

absl::StatusOr<uint64_t> DecodeBigEndian64(std::string_view bytes, std::string_view what) {
  return DecodeBigEndian<uint64_t>(bytes, what);
}
absl::StatusOr<uint32_t> DecodeBigEndian32(std::string_view bytes, std::string_view what) {
  return DecodeBigEndian<uint32_t>(bytes, what);
}

absl::Status ValidateOriginAgency(std::string_view origin_agency) {
  if (origin_agency.empty()) {
    return absl::InvalidArgumentError("origin_agency is empty; set the originating agency id");
  }
  if (origin_agency.find(kOriginSeparator) != std::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("origin_agency \"", absl::CHexEscape(std::string(origin_agency)),
                     "\" contains a NUL byte; agency ids are printable text"));
  }
  return absl::OkStatus();
}

std::string Hex(std::string_view bytes) { return absl::BytesToHexString(std::string(bytes)); }

std::string OriginPrefix(std::string_view origin_agency) {
  std::string prefix(origin_agency);
  prefix.push_back(kOriginSeparator);
  return prefix;
}

std::string OriginKey(std::string_view origin_agency, uint64_t origin_seq) {
  return OriginPrefix(origin_agency) + EncodeBigEndian64(origin_seq);
}

absl::StatusOr<std::pair<std::string, uint64_t>> DecodeOriginKey(std::string_view key) {
  size_t separator = key.find(kOriginSeparator);
  if (separator == std::string_view::npos || separator == 0) {
    return absl::DataLossError(
        absl::StrCat("origin index key \"", absl::CHexEscape(std::string(key)),
                     "\" has no agency id before the 0x00 separator (data directory damaged?)"));
  }
  absl::StatusOr<uint64_t> seq =
      DecodeBigEndian64(key.substr(separator + 1), "origin_seq in origin index key");
  if (!seq.ok()) return seq.status();
  return std::make_pair(std::string(key.substr(0, separator)), *seq);
}

}  // namespace rilon::store
