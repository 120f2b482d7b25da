#include "node/audit/export_verifier.h"

#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "node/audit/audit_chain.h"
#include "node/audit/export_format.h"
#include "node/records/sha256.h"
#include "node/security/record_signer.h"
#include "rilon/v1/audit.pb.h"

namespace rilon::audit {
namespace {

using rilon::v1::AuditExportLine;

struct Line {
  size_t number = 0;
  AuditExportLine item;
  rilon::v1::AuditEntry decoded;  // entries only
};

std::string Hex(std::string_view bytes) {
  return absl::BytesToHexString(absl::string_view(bytes.data(), bytes.size()));
}

absl::Status Problem(size_t line, std::string_view seq, std::string_view kind,
                     std::string_view detail) {
  return absl::InvalidArgumentError(
      absl::StrCat("line ", line, " (seq ", absl::string_view(seq.data(), seq.size()),
                   "): ", absl::string_view(kind.data(), kind.size()), ": ",
                   absl::string_view(detail.data(), detail.size())));
}

absl::StatusOr<std::vector<Line>> ParseLines(std::string_view ndjson) {
  std::vector<Line> lines;
  size_t number = 0;
  while (!ndjson.empty()) {
    ++number;
    const size_t end = ndjson.find('\n');
    std::string_view text = ndjson.substr(0, end);
    ndjson.remove_prefix(end == std::string_view::npos ? ndjson.size() : end + 1);
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    absl::StatusOr<AuditExportLine> item = ParseExportLine(text, number);
    if (!item.ok()) return Problem(number, "-", "malformed", std::string(item.status().message()));
    Line line{number, *std::move(item), {}};
    if (line.item.has_entry() && !line.decoded.ParseFromString(line.item.entry().entry_bytes())) {
      return Problem(number, "-", "changed", "the entry bytes do not parse as an AuditEntry");
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

// The certificate heads are checked against: the one given, else the export's (all alike).
absl::StatusOr<std::string> ChooseCertificate(const std::vector<Line>& lines,
                                              const VerifyOptions& options, bool* from_export) {
  *from_export = false;
  if (!options.signing_certificate_der.empty()) return options.signing_certificate_der;
  std::string found;
  for (const Line& line : lines) {
    if (!line.item.has_signing_certificate()) continue;
    if (!found.empty() && found != line.item.signing_certificate()) {
      return Problem(line.number, "-", "malformed",
                     "a second, different signing certificate; pass the node's certificate "
                     "with --signing-cert");
    }
    found = line.item.signing_certificate();
    *from_export = true;
  }
  return found;
}

class Verifier {
 public:
  Verifier(const std::vector<Line>& lines, std::string certificate)
      : lines_(lines),
        certificate_(std::move(certificate)),
        key_id_(records::Sha256Hasher().Update(certificate_).Finish()) {
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (lines_[i].item.has_entry()) first_index_of_seq_.try_emplace(lines_[i].decoded.seq(), i);
    }
  }

  absl::Status Run(VerifySummary* summary) {
    std::vector<size_t> heads_ahead;  // heads whose entry had not been read yet
    for (size_t i = 0; i < lines_.size(); ++i) {
      const Line& line = lines_[i];
      if (line.item.has_entry()) {
        if (absl::Status s = CheckEntry(i); !s.ok()) return s;
        ++summary->entries;
        if (summary->first_seq == 0) summary->first_seq = line.decoded.seq();
        summary->last_seq = line.decoded.seq();
      } else if (line.item.has_head()) {
        absl::StatusOr<rilon::v1::AuditHead> head = CheckHeadSignature(line);
        if (!head.ok()) return head.status();
        if (hashes_.contains(head->seq())) {
          if (absl::Status s = CheckHeadMatches(line, *head); !s.ok()) return s;
          Covered(*head, summary);
        } else {
          heads_ahead.push_back(i);
        }
      }
    }
    for (size_t i : heads_ahead) {
      rilon::v1::AuditHead head;
      head.ParseFromString(lines_[i].item.head().head());  // parsed once already
      if (!hashes_.contains(head.seq())) {
        ++summary->heads_outside_range;
        continue;
      }
      if (absl::Status s = CheckHeadMatches(lines_[i], head); !s.ok()) return s;
      Covered(head, summary);
    }
    return absl::OkStatus();
  }

 private:
  struct Verified {
    std::string hash;
    size_t line;
  };

  void Covered(const rilon::v1::AuditHead& head, VerifySummary* summary) {
    ++summary->heads_verified;
    summary->last_signed_seq = std::max(summary->last_signed_seq, head.seq());
  }

  absl::Status CheckEntry(size_t index) {
    const Line& line = lines_[index];
    const rilon::v1::AuditEntry& entry = line.decoded;
    const uint64_t seq = entry.seq();
    const std::string seq_text = absl::StrCat(seq);
    if (line.item.entry().has_entry() &&
        !google::protobuf::util::MessageDifferencer::Equals(line.item.entry().entry(), entry)) {
      return Problem(line.number, seq_text, "changed",
                     "the decoded entry differs from the bytes that were hashed");
    }
    if (!previous_.has_value()) {
      if (seq == 0) return Problem(line.number, seq_text, "malformed", "seq 0 is not an entry");
      if (seq == 1 && entry.prev_hash() != kGenesisHash) {
        return Problem(line.number, seq_text, "changed",
                       "the first entry of the chain must follow the all-zero hash");
      }
      prev_hash_ = entry.prev_hash();
    } else if (seq != expected_) {
      return SeqProblem(index);
    }
    if (previous_.has_value() && entry.prev_hash() != prev_hash_) {
      // The previous entry's bytes and hash agree with each other, but not with what this entry
      // recorded when it was appended: the previous entry was rewritten (hash recomputed).
      const Line& before = lines_[*previous_];
      return Problem(
          before.number, absl::StrCat(before.decoded.seq()), "changed",
          absl::StrCat("it hashes to ", Hex(prev_hash_), " but the next entry (seq ", seq,
                       ", line ", line.number, ") recorded prev_hash ", Hex(entry.prev_hash())));
    }
    const std::string hash = EntryHash(prev_hash_, line.item.entry().entry_bytes());
    if (hash != line.item.entry().entry_hash()) {
      return Problem(line.number, seq_text, "changed",
                     absl::StrCat("its bytes hash to ", Hex(hash), ", not to the recorded ",
                                  Hex(line.item.entry().entry_hash())));
    }
    hashes_[seq] = Verified{hash, line.number};
    prev_hash_ = hash;
    previous_ = index;
    expected_ = seq + 1;
    return absl::OkStatus();
  }

  // This entry's seq is not the next one.
  absl::Status SeqProblem(size_t index) const {
    const Line& line = lines_[index];
    const uint64_t seq = line.decoded.seq();
    const std::string seq_text = absl::StrCat(seq);
    if (seq < expected_) {
      const size_t first = first_index_of_seq_.at(seq);
      if (first != index) {
        return Problem(line.number, seq_text, "inserted",
                       absl::StrCat("seq ", seq, " appears a second time (first at line ",
                                    lines_[first].number, ")"));
      }
      return Problem(line.number, seq_text, "reordered",
                     absl::StrCat("seq ", seq, " comes after seq ", expected_ - 1));
    }
    auto later = first_index_of_seq_.find(expected_);
    if (later != first_index_of_seq_.end() && later->second > index) {
      return Problem(line.number, seq_text, "reordered",
                     absl::StrCat("seq ", seq, " comes before seq ", expected_, " (line ",
                                  lines_[later->second].number, ")"));
    }
    return Problem(line.number, seq_text, "deleted",
                   seq == expected_ + 1
                       ? absl::StrCat("entry seq ", expected_, " is missing")
                       : absl::StrCat("entries seq ", expected_, "..", seq - 1, " are missing"));
  }

  absl::StatusOr<rilon::v1::AuditHead> CheckHeadSignature(const Line& line) const {
    rilon::v1::AuditHead head;
    if (!head.ParseFromString(line.item.head().head())) {
      return Problem(line.number, "-", "bad head signature",
                     "the signed head bytes do not parse as an AuditHead");
    }
    const std::string seq_text = absl::StrCat(head.seq());
    if (certificate_.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "line ", line.number, " (seq ", head.seq(),
          "): a signed head, but the export carries no signing certificate; pass the node's "
          "signing certificate with --signing-cert"));
    }
    if (head.signer_key_id() != key_id_) {
      return Problem(line.number, seq_text, "bad head signature",
                     absl::StrCat("signed by key ", Hex(head.signer_key_id()),
                                  ", not by the signing certificate's key ", Hex(key_id_)));
    }
    absl::Status valid = security::VerifyWithCertificate(
        certificate_, HeadSignedBytes(line.item.head().head()), line.item.head().signature());
    if (!valid.ok()) {
      return Problem(line.number, seq_text, "bad head signature", std::string(valid.message()));
    }
    return head;
  }

  absl::Status CheckHeadMatches(const Line& line, const rilon::v1::AuditHead& head) const {
    const Verified& entry = hashes_.at(head.seq());
    if (entry.hash != head.entry_hash()) {
      return Problem(line.number, absl::StrCat(head.seq()), "head mismatch",
                     absl::StrCat("the node signed hash ", Hex(head.entry_hash()), " for seq ",
                                  head.seq(), ", but the entry (line ", entry.line, ") hashes to ",
                                  Hex(entry.hash), ": entries up to this seq were changed"));
    }
    return absl::OkStatus();
  }

  const std::vector<Line>& lines_;
  const std::string certificate_;
  const std::string key_id_;
  std::map<uint64_t, size_t> first_index_of_seq_;
  std::map<uint64_t, Verified> hashes_;
  std::optional<size_t> previous_;  // index of the last verified entry
  std::string prev_hash_;
  uint64_t expected_ = 0;
};

}  // namespace

absl::StatusOr<VerifySummary> VerifyExport(std::string_view ndjson, const VerifyOptions& options) {
  absl::StatusOr<std::vector<Line>> lines = ParseLines(ndjson);
  if (!lines.ok()) return lines.status();
  VerifySummary summary;
  absl::StatusOr<std::string> certificate =
      ChooseCertificate(*lines, options, &summary.certificate_from_export);
  if (!certificate.ok()) return certificate.status();
  Verifier verifier(*lines, *std::move(certificate));
  if (absl::Status s = verifier.Run(&summary); !s.ok()) return s;
  return summary;
}

}  // namespace rilon::audit
