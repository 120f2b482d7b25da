// Test-only: builds NDJSON audit exports with real chains and real signed heads, and edits them
// the way a tamperer would, for the verifier's and the client's tests.
//
// Example:
//   std::vector<std::string> lines = BuildExport(10, {5, 10}, signer);
//   lines[LineIndexOfSeq(lines, 4)] = ...;  // tamper
//   VerifyExport(JoinLines(lines), {});
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "node/security/record_signer.h"
#include "rilon/v1/audit.pb.h"

namespace rilon::audit::testing {

// A plausible entry of each action in turn (READ, ACCEPT, REFUSE, SEND, WITHHOLD, ...).
rilon::v1::AuditEntry SampleEntry(uint64_t n);

// The export of a chain of `entries` entries: the signer's certificate line first, then every
// entry, each head of `head_seqs` right after its entry.
std::vector<std::string> BuildExport(uint64_t entries, const std::vector<uint64_t>& head_seqs,
                                     const security::RecordSigner& signer);

// Index in `lines` of the entry with this seq (aborts the test binary when absent).
size_t LineIndexOfSeq(const std::vector<std::string>& lines, uint64_t seq);

// The entry line for `entry` sealed after `prev_hash`, its view matching its bytes; the hash is
// the correct one for that predecessor.
std::string EntryLine(const rilon::v1::AuditEntry& entry, const std::string& prev_hash);

// The AuditEntry stored in an entry line, and that line's recorded hash.
rilon::v1::AuditEntry DecodeEntryLine(const std::string& line);
std::string HashOfEntryLine(const std::string& line);

std::string JoinLines(const std::vector<std::string>& lines);

}  // namespace rilon::audit::testing
