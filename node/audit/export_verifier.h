// Offline verification of an audit export (`rilon audit verify`, docs/audit.md): what an
// oversight body runs on an NDJSON export without access to the node.
//
// Contract: VerifyExport checks, in file order,
//   - every line parses, and every entry's decoded view says exactly what its bytes say;
//   - seq is gapless and increasing (1 for a full export, else from the first entry exported);
//   - every entry's hash is EntryHash(hash of the previous entry, its bytes), and its prev_hash
//     field names the previous entry's hash (the genesis hash for seq 1; for a partial export
//     the first entry's prev_hash is taken as given);
//   - every signed head is signed by the signing certificate (the one given, else the one in the
//     export) under the head prefix, names that certificate's key id, and matches the hash of
//     the entry at its seq when that entry is in the export.
// On the FIRST problem it returns INVALID_ARGUMENT whose message starts with
// "line <n> (seq <s>): <kind>:" where kind is one of: malformed, changed, deleted, inserted,
// reordered, bad head signature, head mismatch. A missing certificate (no --signing-cert and
// none in the export) while heads are present is FAILED_PRECONDITION.
// What it cannot detect (docs/audit.md): entries removed from the tail after the last signed
// head, or a chain rewritten after its last signed head.
//
// Example:
//   absl::StatusOr<VerifySummary> summary = VerifyExport(ndjson, {});
//   if (summary.ok()) printf("%llu entries, seq %llu..%llu\n", ...);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace rilon::audit {

struct VerifyOptions {
  // DER of the node's signing certificate, obtained independently of the export; empty: use
  // the certificate the export carries (which only shows the export is self-consistent).
  std::string signing_certificate_der;
};

struct VerifySummary {
  uint64_t entries = 0;
  uint64_t first_seq = 0;  // 0 when there are no entries
  uint64_t last_seq = 0;
  uint64_t heads_verified = 0;       // signature checked and matched against an entry
  uint64_t heads_outside_range = 0;  // signature checked; their entry is not in the export
  uint64_t last_signed_seq = 0;      // highest seq covered by a verified head (0: none)
  bool certificate_from_export = false;
};

absl::StatusOr<VerifySummary> VerifyExport(std::string_view ndjson, const VerifyOptions& options);

}  // namespace rilon::audit
