#include "tests/integration/harness/node_process.h"

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "tests/integration/harness/paths.h"

namespace rilon::testing {

NodeProcess::NodeProcess(PkiFixture& pki, std::string agency, std::string work_dir)
    : pki_(pki), agency_(std::move(agency)), work_dir_(std::move(work_dir)) {
  std::filesystem::create_directories(work_dir_);
  pki_.Node(agency_);
}

std::string NodeProcess::node_id() const { return pki_.NodeId(agency_); }

void NodeProcess::WriteConfig() {
  const Identity tls = {pki_.dir() + "/agencies/" + agency_ + "/node/node.crt",
                        pki_.dir() + "/agencies/" + agency_ + "/node/node.key"};
  const Identity signing = pki_.Signing(agency_);
  std::ofstream out(config_path());
  out << "agency_id: \"" << agency_ << "\"\n"
      << "trust_domain: \"" << pki_.trust_domain() << "\"\n"
      << "listen_address: \"127.0.0.1:" << fixed_port_ << "\"\n"
      << "tls { ca_file: \"" << pki_.ca_file() << "\" cert_file: \"" << tls.cert_file
      << "\" key_file: \"" << tls.key_file << "\" }\n"
      << "signing { cert_file: \"" << signing.cert_file << "\" key_file: \"" << signing.key_file
      << "\"";
  for (const std::string& retired : retired_signing_certs_) {
    out << " previous_cert_files: \"" << retired << "\"";
  }
  out << " }\n"
      << "storage { data_dir: \"" << data_dir() << "\" }\n"
      << extra_config_ << "\n";
}

void NodeProcess::Start() {
  WriteConfig();
  process_ = std::make_unique<Subprocess>(
      std::vector<std::string>{RilondPath(), "--config", config_path()}, log_path());
  for (;;) {
    std::optional<std::string> line = process_->ReadLine(std::chrono::seconds(60));
    if (!line) {
      throw std::runtime_error("rilond for " + agency_ + " did not become ready; log:\n" +
                               ReadLog());
    }
    if (line->rfind("rilond ready", 0) == 0) {
      const size_t at = line->find("port=");
      port_ = std::stoi(line->substr(at + 5));
      if (fixed_port_ == 0) fixed_port_ = port_;
      return;
    }
  }
}

void NodeProcess::Kill() {
  if (!process_) return;
  process_->Signal(SIGKILL);
  process_->Wait(std::chrono::seconds(30));
  process_.reset();
}

int NodeProcess::Stop() {
  if (!process_) return -1;
  process_->Signal(SIGTERM);
  std::optional<int> code = process_->Wait(std::chrono::seconds(60));
  process_.reset();
  return code.value_or(-1);
}

std::string NodeProcess::ReadLog() const {
  std::ifstream in(log_path());
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace rilon::testing
