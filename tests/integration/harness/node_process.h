// A real rilond process on a loopback ephemeral port, with its own data directory and the
// certificates of a PkiFixture. Start() waits for the readiness line (no fixed sleeps); Kill()
// is kill -9; the destructor kills and reaps the process.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tests/integration/harness/pki_fixture.h"
#include "tests/integration/harness/subprocess.h"

namespace rilon::testing {

class NodeProcess {
 public:
  NodeProcess(PkiFixture& pki, std::string agency, std::string work_dir);

  // Text appended to the generated config (e.g. "limits { max_message_bytes: 65536 }").
  void set_extra_config(std::string text) { extra_config_ = std::move(text); }
  // signing.previous_cert_files: this agency's retired signing certificates (after a rotation).
  void set_retired_signing_certs(std::vector<std::string> files) {
    retired_signing_certs_ = std::move(files);
  }
  std::string config_path() const { return work_dir_ + "/rilond.textproto"; }
  std::string data_dir() const { return work_dir_ + "/data"; }
  std::string log_path() const { return work_dir_ + "/rilond.log"; }
  const std::string& agency() const { return agency_; }
  const PkiFixture& pki() const { return pki_; }

  // Writes the config and starts rilond; throws with the log's tail if it does not get ready.
  void Start();
  void Kill();  // SIGKILL and reap
  int Stop();   // SIGTERM and reap; returns the exit code
  void Restart() {
    Kill();
    Start();
  }
  int port() const { return port_; }
  pid_t pid() const { return process_ ? process_->pid() : -1; }
  std::string endpoint() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string node_id() const;
  std::string ReadLog() const;

 private:
  void WriteConfig();
  PkiFixture& pki_;
  const std::string agency_;
  const std::string work_dir_;
  std::string extra_config_;
  std::vector<std::string> retired_signing_certs_;
  std::unique_ptr<Subprocess> process_;
  int port_ = 0;
  int fixed_port_ = 0;  // after the first start the node keeps its port across restarts
};

}  // namespace rilon::testing
