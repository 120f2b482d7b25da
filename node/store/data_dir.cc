#include "node/store/data_dir.h"

#include <sys/stat.h>

#include <cerrno>
#include <filesystem>

#include "absl/strings/str_cat.h"

namespace rilon::store {

absl::Status EnsureDataDir(const std::string& dir, bool create_if_missing) {
  if (dir.empty()) {
    return absl::InvalidArgumentError("store data_dir is empty; set data_dir in the node config");
  }
  struct stat st;
  if (stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "data_dir ", dir, " exists but is not a directory; point data_dir at a directory"));
    }
    return absl::OkStatus();
  }
  if (errno != ENOENT) {
    return absl::ErrnoToStatus(errno, absl::StrCat("cannot inspect data_dir ", dir));
  }
  if (!create_if_missing) {
    return absl::NotFoundError(
        absl::StrCat("data_dir ", dir, " does not exist and create_if_missing is off"));
  }
  std::filesystem::path partial;
  for (const std::filesystem::path& part : std::filesystem::path(dir)) {
    partial /= part;
    if (mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST) {
      return absl::ErrnoToStatus(
          errno, absl::StrCat("cannot create ", partial.string(), " for data_dir ", dir));
    }
  }
  return absl::OkStatus();
}

}  // namespace rilon::store
