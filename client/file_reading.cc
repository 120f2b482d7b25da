#include "client/file_reading.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "client/string_views.h"

namespace rilon::client {
namespace {

absl::Status ErrnoStatus(int error, absl::string_view name) {
  switch (error) {
    case ENOENT:
    case ENOTDIR:
      return absl::NotFoundError(absl::StrCat(name, " does not exist"));
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(absl::StrCat("cannot read ", name, ": permission denied"));
    case EISDIR:
      return absl::FailedPreconditionError(absl::StrCat(name, " is a directory, not a file"));
    default:
      return absl::UnknownError(absl::StrCat("cannot read ", name, ": ", std::strerror(error)));
  }
}

}  // namespace

absl::StatusOr<std::string> ReadDescriptorCapped(int fd, std::string_view name_view,
                                                 size_t max_bytes) {
  const absl::string_view name = ToAbsl(name_view);
  std::string data;
  char buffer[16384];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, name);
    }
    if (n == 0) return data;
    if (data.size() + static_cast<size_t>(n) > max_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat(name, " is larger than ", max_bytes, " bytes"));
    }
    data.append(buffer, static_cast<size_t>(n));
  }
}

absl::StatusOr<std::string> ReadFileCapped(const std::string& path, size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return ErrnoStatus(errno, path);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int error = errno;
    ::close(fd);
    return ErrnoStatus(error, path);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return S_ISDIR(st.st_mode)
               ? ErrnoStatus(EISDIR, path)
               : absl::FailedPreconditionError(absl::StrCat(path, " is not a regular file"));
  }
  // O_NONBLOCK only guarded the open (a FIFO would block); regular files ignore it.
  absl::StatusOr<std::string> data = ReadDescriptorCapped(fd, path, max_bytes);
  ::close(fd);
  return data;
}

}  // namespace rilon::client
