// Running child processes from tests: start with pipes, read lines with a deadline, signal and
// reap by PID. Every process a test starts is killed and reaped by the owner's destructor.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rilon::testing {

struct RunResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// Runs to completion (stdin from `input`), capturing output. Kills the child after `timeout`.
RunResult RunCommand(const std::vector<std::string>& argv, const std::string& input = "",
                     const std::map<std::string, std::string>& extra_env = {},
                     std::chrono::seconds timeout = std::chrono::seconds(120));

class Subprocess {
 public:
  // Starts argv[0] with stdout on a pipe and stderr appended to `stderr_file`.
  Subprocess(const std::vector<std::string>& argv, const std::string& stderr_file,
             const std::map<std::string, std::string>& extra_env = {});
  ~Subprocess();  // SIGKILL + reap if still running
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  pid_t pid() const { return pid_; }
  // Next stdout line, or nullopt at EOF or when `timeout` passes.
  std::optional<std::string> ReadLine(std::chrono::milliseconds timeout);
  void Signal(int signal_number);
  // Waits for exit; returns the exit code (or 128+signal). nullopt if still running at timeout.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  bool running() const { return running_; }

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  bool running_ = false;
  std::string buffer_;
};

}  // namespace rilon::testing
