// rilon_import_bench: bulk import of trend reports from CSV through the `rilon` client against a
// real rilond over real mutual TLS, as an agency would run it (issue 3, point 7). Prints the wall
// time of `rilon report submit reports.csv` for N reports (default 10,000), of a re-run of the
// same command (every report answered "already stored", nothing stored twice), and checks that
// the node holds exactly N new records afterwards.
//
// It starts its own rilond (build dir from RILON_BINARY_DIR, PKI from deploy/pki.sh) on a
// loopback ephemeral port, in a scratch directory it removes at the end. Each report has three
// measure rows (vessels intercepted; persons on board with a breakdown by sex; median fee with
// its currency) and a distinct report_ref.
//
// Usage: rilon_import_bench [--reports N] [--parallel P] [--runs R]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "tests/integration/harness/cli_runner.h"
#include "tests/integration/harness/node_process.h"

namespace rilon::testing {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int reports = 10000;
  int parallel = 16;
  int runs = 1;
};

std::string MakeCsv(int reports) {
  std::string csv =
      "report_ref,period,countries,theme,mode,codebook_version,confidence,marking,"
      "audience_agencies,indicator,value,unit,currency,sex:female,sex:male\n";
  for (int i = 0; i < reports; ++i) {
    const std::string ref = "r" + std::to_string(i);
    const int persons = 40 + i % 400;
    csv += ref + ",2026-Q3,ID;MM,PEOPLE_SMUGGLING,SEA,1,MEDIUM,TLP_GREEN,id.polri," +
           "vessels_intercepted," + std::to_string(1 + i % 7) + ",vessels,,,\n";
    csv += ref + ",,,,,,,,,persons_on_board_intercepted_vessels," + std::to_string(persons) +
           ",persons,," + std::to_string(persons / 3) + "," + std::to_string(persons / 2) + "\n";
    csv += ref + ",,,,,,,,,median_fee_paid," + std::to_string(800 + i % 900) +
           ",currency_per_person,USD,,\n";
  }
  return csv;
}

Options Parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (flag == "--reports") options.reports = value;
    if (flag == "--parallel") options.parallel = value;
    if (flag == "--runs") options.runs = value;
  }
  return options;
}

// The first line of `text` that contains `needle` (with its newline), or "".
std::string LineContaining(const std::string& text, const std::string& needle) {
  const size_t at = text.find(needle);
  if (at == std::string::npos) return "";
  const size_t start = text.rfind('\n', at);
  const size_t end = text.find('\n', at);
  const size_t from = start == std::string::npos ? 0 : start + 1;
  return text.substr(from, end == std::string::npos ? std::string::npos : end - from + 1);
}

uint64_t RecordsStored(const std::string& config) {
  RunResult status = RunCommand({RilonCliPath(), "--config", config, "--json", "node", "status"},
                                "", {}, std::chrono::seconds(60));
  const size_t at = status.out.find("\"recordsStored\": \"");
  return at == std::string::npos ? 0 : std::strtoull(status.out.c_str() + at + 18, nullptr, 10);
}

int Run(const Options& options) {
  PkiFixture pki;
  ScratchDir work("rilon-import-bench");
  const std::string csv_path = work.path() + "/reports.csv";
  std::ofstream(csv_path, std::ios::binary) << MakeCsv(options.reports);

  for (int run = 0; run < options.runs; ++run) {
    NodeProcess node(pki, "au.abf", work.path() + "/node-" + std::to_string(run));
    node.Start();
    const std::string config =
        WriteClientConfig(work.path(), "officer", node.endpoint(), pki.ca_file(),
                          pki.Person("officer", "au.abf", "bench" + std::to_string(run)));
    const uint64_t before = RecordsStored(config);
    const std::vector<std::string> argv = {
        RilonCliPath(), "--config", config,       "report",
        "submit",       csv_path,   "--parallel", std::to_string(options.parallel)};
    auto timed = [&](const char* what) {
      const auto start = Clock::now();
      RunResult result = RunCommand(argv, "", {}, std::chrono::seconds(1800));
      const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      const std::string summary = LineContaining(result.err, " report(s): ");
      std::printf("%-8s %d reports (%d CSV rows), --parallel %d: %.2f s, %.0f reports/s, exit %d\n",
                  what, options.reports, 3 * options.reports, options.parallel, seconds,
                  options.reports / seconds, result.exit_code);
      std::printf("         %s", summary.c_str());
      std::fflush(stdout);
      return result.exit_code;
    };
    if (timed("import") != 0) return 1;
    const uint64_t after_import = RecordsStored(config);
    if (timed("re-run") != 0) return 1;
    const uint64_t after_rerun = RecordsStored(config);
    std::printf("         node holds %llu new records after the import, %llu after the re-run\n",
                static_cast<unsigned long long>(after_import - before),
                static_cast<unsigned long long>(after_rerun - before));
    if (after_import - before != static_cast<uint64_t>(options.reports) ||
        after_rerun != after_import) {
      std::printf("MISMATCH: expected %d new records, stored once\n", options.reports);
      return 1;
    }
  }
  return 0;
}

}  // namespace
}  // namespace rilon::testing

int main(int argc, char** argv) { return rilon::testing::Run(rilon::testing::Parse(argc, argv)); }
