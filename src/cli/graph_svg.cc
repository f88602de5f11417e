#include "cli/graph_svg.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

extern char** environ;

namespace vsctl::cli {

namespace {

struct Fd {
  int fd = -1;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) close(fd);
    fd = -1;
  }
};

// dot's first lines of complaint, for the error (its stderr is read on a pipe, not inherited,
// so that a run killed for a bound does not leave half a message on the terminal).
std::string first_lines(const std::string& err) {
  std::string out = err.substr(0, 600);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace

util::Result<std::string> dot_to_svg(const std::string& dot_text, std::size_t nodes, const SvgLimits& limits,
                                     const std::string& dot_program) {
  if (nodes > limits.max_nodes)
    return util::fail(util::ErrorKind::Usage, "-o svg: " + std::to_string(nodes) + " services are more than Graphviz lays out in " +
                                                  "reasonable time (at most " + std::to_string(limits.max_nodes) +
                                                  "): use -o dot and render it with a layout of your choice (sfdp, for one)");
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0)
    return util::fail(util::ErrorKind::Io, std::string("cannot make a pipe: ") + std::strerror(errno));
  Fd to_dot{in[1]}, from_dot{out[0]}, dot_err{err[0]};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  std::string tsvg = "-Tsvg";
  std::vector<char*> argv = {const_cast<char*>(dot_program.c_str()), tsvg.data(), nullptr};
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, dot_program.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  if (rc != 0) {
    if (rc == ENOENT)
      return util::fail(util::ErrorKind::Io, "-o svg needs Graphviz's `" + dot_program +
                                                 "`, which is not installed: install the graphviz package "
                                                 "(apt-get install graphviz), or use -o dot");
    return util::fail(util::ErrorKind::Io, "cannot run " + dot_program + ": " + std::strerror(rc));
  }
  fcntl(to_dot.fd, F_SETFL, fcntl(to_dot.fd, F_GETFL) | O_NONBLOCK);
  const auto give_up = std::chrono::steady_clock::now() + limits.deadline;
  std::string svg, complaint;
  std::size_t sent = 0;
  enum class Stop { None, Deadline, Interrupted } stop = Stop::None;
  while (from_dot.fd >= 0 || dot_err.fd >= 0) {
    if (limits.interrupted && *limits.interrupted) stop = Stop::Interrupted;
    if (std::chrono::steady_clock::now() >= give_up) stop = Stop::Deadline;
    if (stop != Stop::None) break;
    std::vector<pollfd> fds;
    if (to_dot.fd >= 0) fds.push_back({to_dot.fd, POLLOUT, 0});
    if (from_dot.fd >= 0) fds.push_back({from_dot.fd, POLLIN, 0});
    if (dot_err.fd >= 0) fds.push_back({dot_err.fd, POLLIN, 0});
    if (poll(fds.data(), fds.size(), 100) < 0 && errno != EINTR) break;
    for (const auto& p : fds) {
      if (!p.revents) continue;
      if (p.fd == to_dot.fd) {
        ssize_t n = write(to_dot.fd, dot_text.data() + sent, dot_text.size() - sent);
        if (n > 0) sent += static_cast<std::size_t>(n);
        if ((n < 0 && errno != EAGAIN && errno != EINTR) || sent == dot_text.size()) to_dot.reset();
        continue;
      }
      char buf[65536];
      ssize_t n = read(p.fd, buf, sizeof buf);
      if (n > 0) (p.fd == from_dot.fd ? svg : complaint).append(buf, static_cast<std::size_t>(n));
      else if (n == 0 || (errno != EINTR && errno != EAGAIN)) (p.fd == from_dot.fd ? from_dot : dot_err).reset();
    }
  }
  if (stop != Stop::None) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (stop == Stop::Interrupted) return util::fail(util::ErrorKind::Interrupted, "interrupted: " + dot_program + " was stopped");
  if (stop == Stop::Deadline)
    return util::fail(util::ErrorKind::Io, dot_program + " did not lay out " + std::to_string(nodes) + " services in " +
                                               std::to_string(limits.deadline.count() / 1000) +
                                               "s and was stopped: use -o dot and render it with a layout of your choice");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return util::fail(util::ErrorKind::Io, dot_program + " -Tsvg refused the graph (" + first_lines(complaint) +
                                               "); -o dot prints the graph it was given");
  return svg;
}

}  // namespace vsctl::cli
