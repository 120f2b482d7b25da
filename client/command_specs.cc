#include "client/command_specs.h"

namespace rilon::client {
namespace {

FlagSpec KindFlag(const char* help) {
  return {"kind", FlagType::kChoice, "KIND", help, {"trend_report", "group_message"}};
}

FlagSpec OriginFlag(const char* help) { return {"origin", FlagType::kString, "AGENCY", help, {}}; }

FlagSpec FormatFlag() {
  return {"format",
          FlagType::kChoice,
          "FORM",
          "json, ndjson or csv (default: from the file name; json for '-')",
          {"json", "ndjson", "csv"}};
}

FlagSpec RequestIdFlag() {
  return {"request-id",
          FlagType::kString,
          "ID",
          "idempotency key (1-64 of A-Z a-z 0-9 . _ -); default: a random one",
          {}};
}

}  // namespace

const std::vector<FlagSpec>& GlobalFlags() {
  static const auto* const kFlags = new std::vector<FlagSpec>{
      {"config",
       FlagType::kString,
       "FILE",
       "settings file (default $RILON_CONFIG, else ~/.config/rilon/client.textproto)",
       {}},
      {"endpoint", FlagType::kString, "HOST:PORT", "your agency's node [RILON_ENDPOINT]", {}},
      {"ca", FlagType::kString, "FILE", "federation root certificate [RILON_CA_FILE]", {}},
      {"cert", FlagType::kString, "FILE", "your certificate [RILON_CERT_FILE]", {}},
      {"key", FlagType::kString, "FILE", "your private key [RILON_KEY_FILE]", {}},
      {"timeout",
       FlagType::kString,
       "DURATION",
       "deadline of each call, e.g. 10s, 500ms, 2m (default 10s) [RILON_TIMEOUT]",
       {}},
      {"json", FlagType::kBool, "", "machine-readable output: JSON, or one JSON object a line", {}},
      {"help", FlagType::kBool, "", "show help (also -h)", {}},
      {"version", FlagType::kBool, "", "show the client version", {}},
  };
  return *kFlags;
}

const std::vector<CommandSpec>& Commands() {
  static const auto* const kCommands = new std::vector<CommandSpec>{
      {{"report", "submit"},
       {"FILE"},
       "",
       {FormatFlag(),
        {"check", FlagType::kBool, "", "only read and check the file; send nothing", {}},
        {"parallel",
         FlagType::kInt,
         "N",
         "reports of a CSV/NDJSON file in flight (default 16)",
         {}}},
       "Submit a trend report, or every report of a CSV or NDJSON file.",
       R"(FILE is a JSON file ('-' reads standard input) holding a SubmitReportRequest
(proto3 JSON mapping of rilon.v1.SubmitReportRequest), for example:

  {"report": {"period": {"quarter": {"year": 2026, "quarter": 3}},
              "geography": {"countries": ["BD", "MM", "ID"],
                            "routes": ["coxs_bazar_andaman_sea_aceh"]},
              "theme": "PEOPLE_SMUGGLING", "mode": "SEA",
              "codebookVersion": "1", "confidence": "CONFIDENCE_MEDIUM",
              "measures": [{"indicator": "vessels_intercepted", "value": 3, "unit": "vessels"}],
              "narrative": "..."},
   "marking": "TLP_GREEN",
   "audience": {"agencies": ["id.polri"]}}

Indicators, units, breakdowns and routes are listed in docs/data-model.md; how to fill a
report and what the node refuses is in docs/reporting-guide.md.

The node answers once the signed record is stored durably. Without "request_id" the client
picks one, so that its own retries (up to 3 when the node is unavailable) never store the
report twice; to resubmit safely later, put that request_id in the file.

A .csv file holds reports as a spreadsheet does: a header row, then one row per measure;
rows with the same report_ref form one report ('rilon report template --csv' prints a
header and rows to fill in; docs/client.md lists every column). A .ndjson file holds one
JSON request per line. rilon reads and checks the whole file first and lists every problem
with its line; reports with a problem are not sent, the others are. Each report is sent with
a request_id derived from its content: after fixing the lines named, or after an
interruption, run the same command again; reports already stored are not stored twice.
Exit code 0 when every report is stored, 4 when some were refused.

Examples:
  rilon report submit q3-sea.json
  generate-report | rilon report submit - --json
  rilon report submit q3-reports.csv --check
  rilon report submit q3-reports.csv
)"},
      {{"report", "correct"},
       {"ID", "FILE"},
       "",
       {FormatFlag(), RequestIdFlag()},
       "Correct one of your agency's reports with a new version.",
       R"(ID is the current version of the report (64 hex characters). FILE holds the complete
corrected report, in a form of 'rilon report submit' (JSON, or CSV of one report; '-' reads
standard input):
it replaces the earlier version as a whole. Leave "marking" and "audience" out to keep those of
the version you correct; if you give them, the marking may not be stricter and the audience must
keep every recipient (they all receive the correction).

Only officers of the agency that submitted the report can correct it. An earlier version, or a
retracted report, cannot be corrected: 'rilon report get ID' shows the current version.

Examples:
  rilon report get 3f2a9c1d0b7e... --json | jq '{report: .current.trendReport}' > fix.json
  (edit fix.json)
  rilon report correct 3f2a9c1d0b7e... q3-sea-corrected.json
)"},
      {{"report", "retract"},
       {"ID"},
       "",
       {{"reason", FlagType::kString, "TEXT", "why the report is withdrawn (required)", {}},
        RequestIdFlag()},
       "Withdraw one of your agency's reports, with a reason.",
       R"(ID is the current version of the report (64 hex characters). The retraction reaches every
agency that received the report; they see the reason, so never name a person in it. A retracted
report cannot be corrected or retracted again: submit a new report instead.

Examples:
  rilon report retract 3f2a9c1d0b7e... --reason "figures were double counted"
)"},
      {{"report", "template"},
       {},
       "",
       {{"csv", FlagType::kBool, "", "CSV for spreadsheets (default: JSON)", {}},
        {"theme",
         FlagType::kChoice,
         "THEME",
         "people_smuggling (default), trafficking_in_persons or related_crime",
         {"people_smuggling", "trafficking_in_persons", "related_crime"}}},
       "Print a report to fill in: every indicator of a theme, with its unit.",
       R"(The template lists the indicators of the theme in the newest codebook built into rilon,
with their units, and (CSV) one column per breakdown category. Fill in the value of each
measure you report and delete the other rows; fill in the report cells (period, countries,
mode, confidence, marking, ...) on the first row. docs/client.md explains every column.

Examples:
  rilon report template --csv --theme trafficking_in_persons > q3-tip.csv
  rilon report submit q3-tip.csv --check
)"},
      {{"report", "get"},
       {"ID"},
       "",
       {{"deliveries",
         FlagType::kBool,
         "",
         "show, per peer agency, whether the record is delivered, pending or withheld, and why",
         {}}},
       "Show one record, the current version of its report and the report's history.",
       R"(ID is the record id (64 hex characters, as shown by 'rilon report list --json'). If the
record was corrected or retracted since, rilon says so and names the current version; the
table of versions lists every version your node holds, oldest first.
With --json the output is the GetRecordResponse: {"record": ..., "current": ..., "history": [...]}.

With --deliveries (officers and admins) rilon shows, instead of the content, one line per
peer of your node: delivered (the peer confirmed it holds the record), pending (it will
receive it when it next pulls), or withheld with the sharing rule that holds it back.

Examples:
  rilon report get 3f2a9c1d0b7e...
  rilon report get 3f2a9c1d0b7e... --json | jq .current.trendReport.measures
  rilon report get 3f2a9c1d0b7e... --deliveries
)"},
      {{"report", "list"},
       {},
       "",
       {KindFlag("only records of this kind"),
        OriginFlag("only records originated by this agency, e.g. id.polri"),
        {"limit", FlagType::kInt, "N", "records per page (default 50, at most 1000)", {}},
        {"page-token", FlagType::kString, "TOKEN", "continue from a previous page", {}},
        {"all", FlagType::kBool, "", "follow page tokens until every record is listed", {}},
        {"all-versions",
         FlagType::kBool,
         "",
         "also list versions that were corrected or retracted since",
         {}}},
       "List records stored on your node, oldest first.",
       R"(Shows a table, or with --json one record per line (NDJSON). When more records
remain, the token for the next page is printed on standard error. Only the current version of
each report is listed (a withdrawn report appears as its retraction) unless --all-versions.

Examples:
  rilon report list --origin id.polri
  rilon report list --kind trend_report --all --json > records.ndjson
)"},
      {{"feed", "follow"},
       {},
       "",
       {{"from",
         FlagType::kString,
         "CURSOR",
         "start after this cursor (resume where you stopped)",
         {}},
        {"start-at-end", FlagType::kBool, "", "only records stored from now on", {}},
        OriginFlag("only records originated by this agency"),
        KindFlag("only records of this kind"),
        {"limit", FlagType::kInt, "N", "exit after N records", {}},
        {"signed",
         FlagType::kBool,
         "",
         "also receive each record's signed envelope, to verify the origin's signature yourself",
         {}}},
       "Follow your node's feed of records as they arrive.",
       R"(Prints every record from the start of the log (or after --from CURSOR), then keeps
following. If the connection drops, rilon reconnects by itself from the last record it
printed, so nothing is missed or repeated. Stop with Ctrl-C (exit code 0).
With --json each line is one JSON object {"cursor": ..., "record": {...}}; the record carries
its signed envelope ("signed") only with --signed, which more than doubles the bytes received.

Examples:
  rilon feed follow --start-at-end
  rilon feed follow --from 1042 --json >> feed.ndjson
  rilon feed follow --signed --json --limit 10
)"},
      {{"node", "status"},
       {},
       "",
       {},
       "Show your node's identity, version and counters.",
       R"(Examples:
  rilon node status
  rilon node status --json
)"},
      {{"node", "peers"},
       {},
       "",
       {},
       "Show your node's federation peers: links, queues, lag and refusals.",
       R"(One row per peer agency configured on your node (officers and admins):
  RECEIVING   your node is pulling the peer's records now
  SENDING     the peer is pulling the records addressed to it now
  QUEUED      records your agency made for the peer that it has not confirmed yet
              ("+": at least this many; the count stops after 100,000 log positions)
  LAG         positions of the peer's log your node has not examined yet (0: caught up)
  DELAY       for the newest record received: made at the origin -> stored here
  RECEIVED    records received from the peer and stored
  REFUSED     records from the peer that were refused; the reasons follow the table
Counters start when the node starts. docs/federation.md explains every refusal reason.

Examples:
  rilon node peers
  rilon node peers --json | jq '.peers[] | {agencyId, recordsQueued, refusals}'
)"},
      {{"policy", "check"},
       {"FILE"},
       "",
       {},
       "Check a sharing policy file offline, exactly as the node checks it.",
       R"(Runs every check the node runs before it uses a policy (docs/policy.md, section 4):
syntax and unknown keys, undeclared names, rules that can never match, unreachable and
conflicting rules. Prints each error and warning as FILE:LINE, then the policy's version and
number of rules. Nothing is sent: no settings or certificates are needed.

Exit code 0 when the node would accept the file (warnings allowed), 4 when it would refuse it
(the node then keeps the policy in force). With --json one object: file, valid, version,
rules, errors, warnings and the list of diagnostics.

Examples:
  rilon policy check /etc/rilon/policy.textproto.new
  rilon policy check policy.textproto --json | jq '.diagnostics[] | select(.severity == "error")'
)"},
      {{"policy", "explain"},
       {},
       "",
       {{"record", FlagType::kString, "ID", "the record (64 hex characters; required)", {}},
        {"to", FlagType::kString, "AGENCY", "sending the record to this peer agency's node", {}},
        {"from",
         FlagType::kString,
         "AGENCY",
         "receiving the record from this peer agency's node",
         {}},
        {"reader",
         FlagType::kChoice,
         "ROLE",
         "reading the record on your node: officer, analyst or admin",
         {"officer", "analyst", "admin"}}},
       "Explain how your node's sharing policy decides one record for one party.",
       R"(Your node decides with the policy in force, exactly as it does when it sends, accepts
or shows the record, and prints the decision (ALLOW or DENY, and what settled it), each step
(the originator's marking and audience, deny rules, allow rules, the form), and every rule
that matched with its line in the policy file. Name the record and exactly one party.
Officers and admins. With --json the output is the PolicyExplanation message.

Examples:
  rilon policy explain --record 3f2a9c1d0b7e... --to lk.police
  rilon policy explain --record 3f2a9c1d0b7e... --reader analyst
)"},
      {{"policy", "diff"},
       {"OLD", "NEW"},
       "",
       {{"limit",
         FlagType::kInt,
         "N",
         "list at most N changed records (default 100, at most 10000)",
         {}}},
       "List the stored records that would change receivers or form under a new policy.",
       R"(OLD and NEW are sharing policy files (usually the file in force and the candidate).
rilon sends both to your node, which decides every stored record under each, for every
configured peer agency and every reader role of your agency, and lists the records whose
receivers or form differ: receivers gained, lost, and form changes. Nothing is installed.
Admins only. On a large node, give a longer --timeout (the node reads its whole log).
With --json the output is the DiffPolicyResponse message.

Examples:
  rilon policy diff /etc/rilon/policy.textproto policy.new.textproto
  rilon policy diff current.textproto candidate.textproto --limit 1000 --timeout 2m
)"},
      {{"audit", "export"},
       {},
       "",
       {{"from", FlagType::kInt, "N", "first entry to export (default 1: the whole log)", {}},
        {"limit", FlagType::kInt, "N", "at most N entries (default: up to the newest)", {}},
        {"out",
         FlagType::kString,
         "FILE",
         "write the export to FILE (mode 0600) instead of standard output",
         {}}},
       "Export your node's audit log for offline verification (admins).",
       R"(Writes the node's hash-chained audit log as NDJSON, one JSON object a line: the
node's signing certificate, then every entry (who accepted, refused, sent, withheld or read
which records, when) with the exact bytes that were hashed, and after each signed chain head
the head. The export covers the log as it was when the command started. With --out the file
appears only once the export is complete. Admins only; the export itself is recorded in the
audit log. Hand the file to the oversight body with the node's signing certificate; they run
'rilon audit verify' without access to the node (docs/audit.md).

Examples:
  rilon audit export --out audit-2026-11.ndjson
  rilon audit export --from 120000 --out audit-since-120000.ndjson
)"},
      {{"audit", "verify"},
       {"FILE"},
       "",
       {{"signing-cert",
         FlagType::kString,
         "PEM",
         "the node's signing certificate, obtained separately (default: the one in FILE)",
         {}}},
       "Verify an audit export offline: hashes, chain, order and signed heads.",
       R"(Checks FILE, written by 'rilon audit export', without contacting any node: every
entry's hash, that each entry links to the one before, that sequence numbers have no gaps and
do not repeat, and every signed head's signature and hash. On the first problem it names the
line and sequence number and what is wrong (changed, deleted, inserted, reordered, bad head
signature, head mismatch) and exits with code 4. On success it prints the range and how many
signed heads were verified; entries after the last signed head are not covered by a signature
(docs/audit.md says what that means).

Examples:
  rilon audit verify audit-2026-11.ndjson --signing-cert idpolri-signing.pem
  rilon audit verify audit-2026-11.ndjson --json
)"},
      {{"help"}, {}, "[COMMAND...]", {}, "Show help for rilon or one command.", ""},
      {{"version"}, {}, "", {}, "Show the client version.", ""},
  };
  return *kCommands;
}

}  // namespace rilon::client
