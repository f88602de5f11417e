#include "cli/graph_svg.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

extern char** environ;

namespace vsctl::cli {

namespace {

// A temporary file removed when this goes out of scope.
struct TempFile {
  std::string path;
  ~TempFile() {
    if (!path.empty()) std::remove(path.c_str());
  }
};

}  // namespace

util::Result<std::string> dot_to_svg(const std::string& dot_text, const std::string& dot_program) {
  std::string dir = std::filesystem::temp_directory_path().string();
  TempFile in{dir + "/vsctl-graph-XXXXXX"};
  std::vector<char> name(in.path.begin(), in.path.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0) {
    in.path.clear();
    return util::fail(util::ErrorKind::Io, "cannot create a temporary file in " + dir + ": " + std::strerror(errno));
  }
  in.path = name.data();
  close(fd);
  {
    std::ofstream out(in.path, std::ios::binary | std::ios::trunc);
    out << dot_text;
    if (!out) return util::fail(util::ErrorKind::Io, "cannot write " + in.path);
  }
  int pipefd[2];
  if (pipe(pipefd) != 0) return util::fail(util::ErrorKind::Io, std::string("cannot make a pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, in.path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
  posix_spawn_file_actions_addclose(&fa, pipefd[0]);
  posix_spawn_file_actions_addclose(&fa, pipefd[1]);
  std::string tsvg = "-Tsvg";
  std::vector<char*> argv = {const_cast<char*>(dot_program.c_str()), tsvg.data(), nullptr};
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, dot_program.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(pipefd[1]);
  if (rc != 0) {
    close(pipefd[0]);
    if (rc == ENOENT)
      return util::fail(util::ErrorKind::Io, "-o svg needs Graphviz's `" + dot_program +
                                                 "`, which is not installed: install the graphviz package "
                                                 "(apt-get install graphviz), or use -o dot");
    return util::fail(util::ErrorKind::Io, "cannot run " + dot_program + ": " + std::strerror(rc));
  }
  std::string svg;
  char buf[65536];
  while (true) {
    ssize_t n = read(pipefd[0], buf, sizeof buf);
    if (n > 0) svg.append(buf, static_cast<std::size_t>(n));
    else if (n < 0 && errno == EINTR) continue;
    else break;
  }
  close(pipefd[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return util::fail(util::ErrorKind::Io, dot_program + " -Tsvg failed (its message is above); -o dot prints the graph it was given");
  return svg;
}

}  // namespace vsctl::cli
