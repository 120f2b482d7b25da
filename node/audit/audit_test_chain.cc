#include "node/audit/audit_test_chain.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "node/audit/audit_chain.h"
#include "node/audit/export_format.h"
#include "node/audit/head_signer.h"

namespace rilon::audit::testing {
namespace {

rilon::v1::AuditExportLine ParseOrDie(const std::string& line) {
  absl::StatusOr<rilon::v1::AuditExportLine> parsed = ParseExportLine(line, 0);
  if (!parsed.ok()) {
    std::fprintf(stderr, "test export line does not parse: %s\n", line.c_str());
    std::abort();
  }
  return *parsed;
}

}  // namespace

rilon::v1::AuditEntry SampleEntry(uint64_t n) {
  static constexpr rilon::v1::AuditAction kActions[] = {
      rilon::v1::AUDIT_ACTION_READ, rilon::v1::AUDIT_ACTION_ACCEPT, rilon::v1::AUDIT_ACTION_REFUSE,
      rilon::v1::AUDIT_ACTION_SEND, rilon::v1::AUDIT_ACTION_WITHHOLD};
  rilon::v1::AuditEntry entry;
  entry.set_action(kActions[n % 5]);
  entry.set_time_unix_micros(1'790'000'000'000'000 + static_cast<int64_t>(n));
  entry.add_record_ids(std::string(32, static_cast<char>('a' + n % 26)));
  entry.set_origin_agency("au.abf");
  entry.set_origin_seq(n);
  entry.set_party(absl::StrCat("spiffe://rilon.test/agency/au.abf/analyst/a", n));
  entry.set_party_role("analyst");
  entry.set_channel("NodeApi.GetRecord");
  return entry;
}

std::string EntryLine(const rilon::v1::AuditEntry& entry, const std::string& prev_hash) {
  rilon::v1::AuditExportLine line;
  rilon::v1::ExportedAuditEntry* exported = line.mutable_entry();
  exported->set_entry_bytes(entry.SerializeAsString());
  exported->set_entry_hash(EntryHash(prev_hash, exported->entry_bytes()));
  *exported->mutable_entry() = entry;
  return FormatExportLine(line);
}

std::vector<std::string> BuildExport(uint64_t entries, const std::vector<uint64_t>& head_seqs,
                                     const security::RecordSigner& signer) {
  std::vector<std::string> lines;
  rilon::v1::AuditExportLine certificate;
  certificate.set_signing_certificate(signer.certificate_der());
  lines.push_back(FormatExportLine(certificate));
  AuditChain chain(ChainHead{});
  for (uint64_t n = 1; n <= entries; ++n) {
    SealedAuditEntry sealed = chain.Seal(SampleEntry(n), 0);
    rilon::v1::AuditExportLine line;
    line.mutable_entry()->set_entry_bytes(sealed.bytes);
    line.mutable_entry()->set_entry_hash(sealed.hash);
    line.mutable_entry()->mutable_entry()->ParseFromString(sealed.bytes);
    lines.push_back(FormatExportLine(line));
    for (uint64_t head_seq : head_seqs) {
      if (head_seq != n) continue;
      rilon::v1::AuditExportLine head;
      *head.mutable_head() = SignHead(chain.head(), absl::FromUnixSeconds(1'790'000'000), signer);
      lines.push_back(FormatExportLine(head));
    }
  }
  return lines;
}

size_t LineIndexOfSeq(const std::vector<std::string>& lines, uint64_t seq) {
  for (size_t i = 0; i < lines.size(); ++i) {
    rilon::v1::AuditExportLine line = ParseOrDie(lines[i]);
    if (line.has_entry() && line.entry().entry().seq() == seq) return i;
  }
  std::fprintf(stderr, "no entry seq %llu in the test export\n",
               static_cast<unsigned long long>(seq));
  std::abort();
}

rilon::v1::AuditEntry DecodeEntryLine(const std::string& line) {
  rilon::v1::AuditEntry entry;
  entry.ParseFromString(ParseOrDie(line).entry().entry_bytes());
  return entry;
}

std::string HashOfEntryLine(const std::string& line) {
  return ParseOrDie(line).entry().entry_hash();
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) absl::StrAppend(&out, line, "\n");
  return out;
}

}  // namespace rilon::audit::testing
