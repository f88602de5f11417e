#include "kube/exec_credential.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <vector>

#include "k8s/json.h"
#include "util/hash.h"
#include "util/strings.h"

extern char** environ;

namespace vsctl::kube {
namespace {

using util::ErrorKind;

std::string tail(std::string_view s, std::size_t n) {
  std::string t(util::trim(s.size() > n ? s.substr(s.size() - n) : s));
  return t;
}

std::string plugin_name(std::string_view command) { return "exec plugin " + util::quote(command); }

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  int* out() { return &fd_; }

 private:
  int fd_ = -1;
};

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view t) {
  int y, mo, d, h, mi, s;
  if (t.size() < 20) return std::nullopt;
  std::string str(t);
  char sep = 0;
  if (std::sscanf(str.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d", &y, &mo, &d, &sep, &h, &mi, &s) != 7) {
    return std::nullopt;
  }
  if (sep != 'T' && sep != 't' && sep != ' ') return std::nullopt;
  std::size_t pos = 19;
  long long nanos = 0;
  if (pos < str.size() && str[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < str.size() && std::isdigit(static_cast<unsigned char>(str[pos]))) {
      if (digits < 9) {
        nanos = nanos * 10 + (str[pos] - '0');
        ++digits;
      }
      ++pos;
    }
    for (; digits < 9; ++digits) nanos *= 10;
  }
  long offset = 0;
  if (pos >= str.size()) return std::nullopt;
  if (str[pos] == 'Z' || str[pos] == 'z') {
    ++pos;
  } else if (str[pos] == '+' || str[pos] == '-') {
    int oh = 0, om = 0;
    if (std::sscanf(str.c_str() + pos + 1, "%2d:%2d", &oh, &om) != 2) return std::nullopt;
    offset = (oh * 60L + om) * 60L * (str[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != str.size()) return std::nullopt;
  using namespace std::chrono;
  auto ymd = year_month_day{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
  auto secs = sys_days{ymd} + hours{h} + minutes{mi} + seconds{s} - seconds{offset};
  // system_clock counts nanoseconds in 64 bits: it ends in 2262. Later means "never".
  if (secs.time_since_epoch() > duration_cast<seconds>(system_clock::duration::max()) - seconds{1}) {
    return system_clock::time_point::max();
  }
  return time_point_cast<system_clock::duration>(secs) + nanoseconds{nanos};
}

util::Result<ExecCredential> parse_exec_credential(std::string_view output,
                                                   std::string_view expected_api_version,
                                                   std::string_view command) {
  std::string who = plugin_name(command);
  auto j = k8s::parse_json(who + " output", output);
  if (!j || !j->is_object()) {
    return util::fail(ErrorKind::Cluster, who + " did not print an ExecCredential as JSON");
  }
  std::string kind = k8s::string_at(*j, "/kind");
  std::string api = k8s::string_at(*j, "/apiVersion");
  if (kind != "ExecCredential") {
    return util::fail(ErrorKind::Cluster, who + " printed kind " + util::quote(kind) +
                                              ", expected ExecCredential");
  }
  if (api != expected_api_version) {
    return util::fail(ErrorKind::Cluster, who + " printed apiVersion " + util::quote(api) +
                                              ", but the kubeconfig asks for " +
                                              std::string(expected_api_version));
  }
  ExecCredential c;
  c.token = k8s::string_at(*j, "/status/token");
  c.client_cert_pem = k8s::string_at(*j, "/status/clientCertificateData");
  c.client_key_pem = k8s::string_at(*j, "/status/clientKeyData");
  if (c.token.empty() && (c.client_cert_pem.empty() || c.client_key_pem.empty())) {
    return util::fail(ErrorKind::Cluster, who + " printed an ExecCredential with neither "
                                                "status.token nor a client certificate and key");
  }
  std::string exp = k8s::string_at(*j, "/status/expirationTimestamp");
  if (!exp.empty()) {
    c.expiry = parse_rfc3339(exp);
    if (!c.expiry) {
      return util::fail(ErrorKind::Cluster,
                        who + " printed an invalid expirationTimestamp " + util::quote(exp));
    }
  }
  return c;
}

std::string exec_info(const ExecConfig& exec, const RestConfig& cluster) {
  k8s::Json info = {{"apiVersion", exec.api_version},
                    {"kind", "ExecCredential"},
                    {"spec", {{"interactive", false}}}};
  if (exec.provide_cluster_info) {
    k8s::Json c = {{"server", cluster.server}};
    if (!cluster.tls_server_name.empty()) c["tls-server-name"] = cluster.tls_server_name;
    if (cluster.insecure_skip_tls_verify) c["insecure-skip-tls-verify"] = true;
    if (!cluster.ca_pem.empty()) c["certificate-authority-data"] = util::base64_encode(cluster.ca_pem);
    info["spec"]["cluster"] = std::move(c);
  }
  return k8s::dump(info);
}

util::Result<ExecCredential> run_exec_plugin(const ExecConfig& exec, const RestConfig& cluster,
                                             std::chrono::milliseconds timeout) {
  std::string who = plugin_name(exec.command);
  auto hint = [&] { return exec.install_hint.empty() ? std::string() : "; " + exec.install_hint; };

  // The environment: ours, then the kubeconfig's env, then KUBERNETES_EXEC_INFO.
  std::vector<std::string> env_strings;
  auto overridden = [&](std::string_view entry) {
    auto eq = entry.find('=');
    std::string_view name = entry.substr(0, eq);
    if (name == "KUBERNETES_EXEC_INFO") return true;
    for (const auto& [k, v] : exec.env) {
      if (k == name) return true;
    }
    return false;
  };
  for (char** e = environ; e && *e; ++e) {
    if (!overridden(*e)) env_strings.emplace_back(*e);
  }
  for (const auto& [k, v] : exec.env) env_strings.push_back(k + "=" + v);
  env_strings.push_back("KUBERNETES_EXEC_INFO=" + exec_info(exec, cluster));
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  std::vector<std::string> argv_strings{exec.command};
  argv_strings.insert(argv_strings.end(), exec.args.begin(), exec.args.end());
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  Fd out_r, out_w, err_r, err_w;
  int p1[2], p2[2];
  if (::pipe2(p1, O_CLOEXEC) != 0) return util::fail(ErrorKind::Internal, "pipe: " + std::string(std::strerror(errno)));
  *out_r.out() = p1[0];
  *out_w.out() = p1[1];
  if (::pipe2(p2, O_CLOEXEC) != 0) return util::fail(ErrorKind::Internal, "pipe: " + std::string(std::strerror(errno)));
  *err_r.out() = p2[0];
  *err_w.out() = p2[1];

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out_w.get(), 1);
  posix_spawn_file_actions_adddup2(&fa, err_w.get(), 2);
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, exec.command.c_str(), &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  out_w.reset();
  err_w.reset();
  if (rc != 0) {
    if (rc == ENOENT) {
      return util::fail(ErrorKind::Cluster, who + " was not found" +
                                                (exec.command.find('/') == std::string::npos
                                                     ? std::string(" on PATH")
                                                     : std::string()) +
                                                hint());
    }
    return util::fail(ErrorKind::Cluster,
                      who + " could not be started: " + std::strerror(rc) + hint());
  }

  std::string out, err;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool timed_out = false;
  while (out_r.get() >= 0 || err_r.get() >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd fds[2] = {{out_r.get(), POLLIN, 0}, {err_r.get(), POLLIN, 0}};
    int n = ::poll(fds, 2, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    Fd* fdv[2] = {&out_r, &err_r};
    std::string* bufs[2] = {&out, &err};
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[4096];
      ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        if (bufs[i]->size() < (1u << 20)) bufs[i]->append(buf, static_cast<std::size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        fdv[i]->reset();
      }
    }
  }
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    return util::fail(ErrorKind::Cluster, who + " did not finish within " +
                                              std::to_string(timeout.count() / 1000) + "s" + hint());
  }
  if (WIFSIGNALED(status)) {
    return util::fail(ErrorKind::Cluster,
                      who + " was killed by signal " + std::to_string(WTERMSIG(status)));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    std::string msg = who + " failed with exit code " + std::to_string(WEXITSTATUS(status));
    std::string e = tail(err, 500);
    if (!e.empty()) msg += ": " + e;
    return util::fail(ErrorKind::Cluster, msg + hint());
  }
  return parse_exec_credential(out, exec.api_version, exec.command);
}

}  // namespace vsctl::kube
