// LoadNodeConfig / ParseNodeConfig: parse strictly, complete, then validate everything at once.
#include "node/config/node_config_loader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "node/config/internal/defaults.h"
#include "node/config/internal/text_parse.h"
#include "node/config/internal/validate.h"

namespace rilon::config {
namespace {

// Reads at most kMaxConfigBytes + 1 bytes, checking the type and size of what was opened (not
// of what the path named a moment earlier), so that a wrong path to something huge or endless
// such as /dev/zero is refused without reading it.
absl::StatusOr<std::string> ReadConfigFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int error = errno;
    if (error == ENOENT) {
      return absl::NotFoundError(absl::StrCat(
          "configuration file ", path,
          " does not exist: pass the right path, or start from deploy/rilond.example.textproto"));
    }
    return absl::FailedPreconditionError(
        absl::StrCat("configuration file ", path, " cannot be opened: ", std::strerror(error)));
  }
  absl::Cleanup close_fd = [fd] { close(fd); };
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    return absl::InvalidArgumentError(
        absl::StrCat("configuration file ", path, " is not a regular file"));
  }
  std::string text;
  text.resize(internal::kMaxConfigBytes + 1);
  size_t used = 0;
  while (used < text.size()) {
    ssize_t n = read(fd, text.data() + used, text.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("configuration file ", path, " cannot be read: ", std::strerror(errno)));
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  text.resize(used);  // one byte over the limit is enough for ParseTextProto to refuse it
  return text;
}

}  // namespace

absl::StatusOr<rilon::config::v1::NodeConfig> ParseNodeConfig(const std::string& text,
                                                              const std::string& source_name,
                                                              const std::string& base_dir) {
  rilon::config::v1::NodeConfig config;
  internal::KeyLocations locations(source_name);
  if (absl::Status s = internal::ParseTextProto(text, &config, &locations); !s.ok()) return s;
  if (absl::Status s = internal::FillDefaults(config); !s.ok()) return s;
  if (absl::Status s = internal::ResolvePaths(config, base_dir); !s.ok()) return s;
  std::vector<std::string> problems = internal::ValidateNodeConfig(config, locations);
  if (!problems.empty()) return absl::InvalidArgumentError(absl::StrJoin(problems, "\n"));
  return config;
}

absl::StatusOr<rilon::config::v1::NodeConfig> LoadNodeConfig(const std::string& path) {
  absl::StatusOr<std::string> text = ReadConfigFile(path);
  if (!text.ok()) return text.status();
  return ParseNodeConfig(*text, path, std::filesystem::path(path).parent_path().string());
}

}  // namespace rilon::config
