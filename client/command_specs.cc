#include "client/command_specs.h"

namespace rilon::client {
namespace {

FlagSpec KindFlag(const char* help) {
  return {"kind", FlagType::kChoice, "KIND", help, {"trend_report", "group_message"}};
}

FlagSpec OriginFlag(const char* help) { return {"origin", FlagType::kString, "AGENCY", help, {}}; }

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
       {},
       "Submit a trend report to your agency's node.",
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

Examples:
  rilon report submit q3-sea.json
  generate-report | rilon report submit - --json
)"},
      {{"report", "get"},
       {"ID"},
       "",
       {{"deliveries",
         FlagType::kBool,
         "",
         "show, per peer agency, whether the record is delivered, pending or withheld, and why",
         {}}},
       "Show one record stored on your node.",
       R"(ID is the record id (64 hex characters, as shown by 'rilon report list --json').

With --deliveries (officers and admins) rilon shows, instead of the content, one line per
peer of your node: delivered (the peer confirmed it holds the record), pending (it will
receive it when it next pulls), or withheld with the sharing rule that holds it back.

Examples:
  rilon report get 3f2a9c1d0b7e...
  rilon report get 3f2a9c1d0b7e... --json | jq .trend_report.measures
  rilon report get 3f2a9c1d0b7e... --deliveries
)"},
      {{"report", "list"},
       {},
       "",
       {KindFlag("only records of this kind"),
        OriginFlag("only records originated by this agency, e.g. id.polri"),
        {"limit", FlagType::kInt, "N", "records per page (default 50, at most 1000)", {}},
        {"page-token", FlagType::kString, "TOKEN", "continue from a previous page", {}},
        {"all", FlagType::kBool, "", "follow page tokens until every record is listed", {}}},
       "List records stored on your node, oldest first.",
       R"(Shows a table, or with --json one record per line (NDJSON). When more records
remain, the token for the next page is printed on standard error.

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
        {"limit", FlagType::kInt, "N", "exit after N records", {}}},
       "Follow your node's feed of records as they arrive.",
       R"(Prints every record from the start of the log (or after --from CURSOR), then keeps
following. If the connection drops, rilon reconnects by itself from the last record it
printed, so nothing is missed or repeated. Stop with Ctrl-C (exit code 0).
With --json each line is one JSON object {"cursor": ..., "record": {...}}.

Examples:
  rilon feed follow --start-at-end
  rilon feed follow --from 1042 --json >> feed.ndjson
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
      {{"help"}, {}, "[COMMAND...]", {}, "Show help for rilon or one command.", ""},
      {{"version"}, {}, "", {}, "Show the client version.", ""},
  };
  return *kCommands;
}

}  // namespace rilon::client
