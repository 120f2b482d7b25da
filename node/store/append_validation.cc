#include "node/store/append_validation.h"

#include <string>
#include <string_view>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "node/store/key_codec.h"

namespace rilon::store {
namespace {

absl::Status ValidateShape(const NewRecord& record, size_t index) {
  if (record.id.size() != kRecordIdBytes) {
    return absl::InvalidArgumentError(absl::StrCat("record ", index, " of the batch has a ",
                                                   record.id.size(), "-byte id; ids are ",
                                                   kRecordIdBytes, " raw bytes"));
  }
  if (absl::Status s = ValidateOriginAgency(record.origin_agency); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("record ", Hex(record.id), ": ", s.message()));
  }
  if (record.origin_seq == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("record ", Hex(record.id), " has origin_seq 0; origin sequences start at 1"));
  }
  if (!record.supersedes.empty() && record.supersedes.size() != kRecordIdBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "record ", Hex(record.id), " supersedes a ", record.supersedes.size(), "-byte id; ids are ",
        kRecordIdBytes, " raw bytes (or empty for an original)"));
  }
  if (record.supersedes == record.id) {
    return absl::InvalidArgumentError(
        absl::StrCat("record ", Hex(record.id), " names itself in supersedes"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateAppendBatch(const std::vector<NewRecord>& records) {
  for (size_t i = 0; i < records.size(); ++i) {
    if (absl::Status s = ValidateShape(records[i], i); !s.ok()) return s;
  }
  absl::flat_hash_set<std::string> ids;
  for (const NewRecord& record : records) {
    if (!ids.insert(record.id).second) {
      return absl::AlreadyExistsError(
          absl::StrCat("record ", Hex(record.id), " appears twice in one batch"));
    }
  }
  absl::flat_hash_set<std::string> origin_keys;
  for (const NewRecord& record : records) {
    if (!origin_keys.insert(OriginKey(record.origin_agency, record.origin_seq)).second) {
      return absl::AbortedError(absl::StrCat(
          "equivocation: origin ", record.origin_agency, " seq ", record.origin_seq,
          " is used by two different records in one batch (second: ", Hex(record.id), ")"));
    }
  }
  absl::flat_hash_set<std::string> request_keys;
  for (const NewRecord& record : records) {
    if (!record.request_key.empty() && !request_keys.insert(record.request_key).second) {
      return absl::AlreadyExistsError(absl::StrCat(
          "request key ", absl::CHexEscape(record.request_key), " appears twice in one batch"));
    }
  }
  absl::flat_hash_set<std::string> superseded;
  for (const NewRecord& record : records) {
    if (!record.supersedes.empty() && !superseded.insert(record.supersedes).second) {
      return absl::AbortedError(absl::StrCat(
          "record ", Hex(record.supersedes), " is superseded by two records in one batch (second: ",
          Hex(record.id), "); a report's versions form a single chain"));
    }
  }
  return absl::OkStatus();
}

}  // namespace rilon::store
