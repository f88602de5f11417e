#include "util/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "util/strings.h"

namespace fs = std::filesystem;

namespace vsctl::util {

namespace {

Result<std::string> too_large(const std::string& p, std::size_t size, std::size_t max_bytes) {
  return fail(ErrorKind::Io, p + " has " + std::to_string(size) + " bytes, more than the limit of " + std::to_string(max_bytes));
}

}  // namespace

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a pipe";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  return "not a regular file";
}

Result<std::string> read_bounded(const std::string& p, std::size_t max_bytes, Pipes pipes) {
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    int err = errno;
    std::error_code ec;
    if (err == ENOENT && fs::is_symlink(fs::symlink_status(p, ec)))
      return fail(ErrorKind::Io, p + " is a symbolic link to " + quote(fs::read_symlink(p, ec).string()) + ", which does not exist");
    if (err == ENOENT) return fail(ErrorKind::Io, "no such file: " + p);
    return fail(ErrorKind::Io, "cannot read " + p + ": " + std::strerror(err));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return fail(ErrorKind::Io, "cannot read " + p + ": " + std::strerror(errno));
  bool pipe = S_ISFIFO(st.st_mode) && pipes == Pipes::Accept;
  if (!S_ISREG(st.st_mode) && !pipe)
    return fail(ErrorKind::Io, p + " is " + kind_of(st.st_mode) + ", not a regular file");
  if (pipe) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);  // wait for its writer
  if (S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) > max_bytes)
    return too_large(p, static_cast<std::size_t>(st.st_size), max_bytes);
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(ErrorKind::Io, "cannot read " + p + ": " + std::strerror(errno));
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > max_bytes) return too_large(p, out.size(), max_bytes);  // a file whose size says 0 (/proc)
  }
  return out;
}

}  // namespace vsctl::util
