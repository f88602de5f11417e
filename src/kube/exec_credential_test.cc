#include "kube/exec_credential.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "kube/credentials.h"

using namespace vsctl::kube;
namespace fs = std::filesystem;

namespace {

constexpr const char* kV1 = "client.authentication.k8s.io/v1";

struct Script {
  fs::path path;
  explicit Script(const std::string& body) {
    path = fs::temp_directory_path() / ("vsctl-exec-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(reinterpret_cast<std::uintptr_t>(this)) + ".sh");
    std::ofstream(path) << "#!/bin/sh\n" << body;
    ::chmod(path.c_str(), 0755);
  }
  ~Script() { fs::remove(path); }
};

ExecConfig exec_of(const Script& s) {
  ExecConfig e;
  e.api_version = kV1;
  e.command = s.path.string();
  return e;
}

}  // namespace

TEST_CASE("exec credential: parse v1 and v1beta1 output, with expiry") {
  auto c = parse_exec_credential(
      R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential",
          "status":{"token":"abc","expirationTimestamp":"2030-01-02T03:04:05Z"}})",
      "client.authentication.k8s.io/v1beta1", "plugin");
  REQUIRE(c);
  CHECK(c->token == "abc");
  REQUIRE(c->expiry);
  CHECK(parse_rfc3339("2030-01-02T03:04:05Z") == c->expiry);
  CHECK(parse_rfc3339("2030-01-02T05:04:05+02:00") == c->expiry);
  CHECK(*parse_rfc3339("2030-01-02T03:04:05.5Z") - *c->expiry == std::chrono::milliseconds(500));
  CHECK(!parse_rfc3339("2030-13-02T03:04:05Z"));
  CHECK(!parse_rfc3339("yesterday"));

  auto wrong_version = parse_exec_credential(
      R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"a"}})",
      kV1, "plugin");
  REQUIRE(!wrong_version);
  CHECK(wrong_version.error().message ==
        "exec plugin \"plugin\" printed apiVersion \"client.authentication.k8s.io/v1beta1\", but "
        "the kubeconfig asks for client.authentication.k8s.io/v1");
  auto empty = parse_exec_credential(R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}})",
                                     kV1, "plugin");
  REQUIRE(!empty);
  CHECK(!parse_exec_credential("not json", kV1, "plugin"));
}

TEST_CASE("exec credential: the plugin runs without a shell, with args, env and KUBERNETES_EXEC_INFO") {
  Script s(R"(
[ "$1" = "two words" ] || { echo "bad arg: $1" >&2; exit 3; }
[ "$A" = "1" ] || { echo "no env" >&2; exit 4; }
case "$KUBERNETES_EXEC_INFO" in
  *'"interactive":false'*) ;;
  *) echo "no exec info: $KUBERNETES_EXEC_INFO" >&2; exit 5 ;;
esac
case "$KUBERNETES_EXEC_INFO" in
  *'"server":"https://h:1"'*) ;;
  *) echo "no cluster info: $KUBERNETES_EXEC_INFO" >&2; exit 6 ;;
esac
echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-plugin"}}'
)");
  ExecConfig e = exec_of(s);
  e.args = {"two words"};
  e.env = {{"A", "1"}};
  e.provide_cluster_info = true;
  RestConfig cluster;
  cluster.server = "https://h:1";
  auto c = run_exec_plugin(e, cluster, std::chrono::seconds(10));
  REQUIRE_MESSAGE(c, (c ? "" : c.error().message));
  CHECK(c->token == "from-plugin");
}

TEST_CASE("exec credential: failures are clear") {
  RestConfig cluster;
  ExecConfig missing;
  missing.api_version = kV1;
  missing.command = "vsctl-no-such-plugin";
  missing.install_hint = "install vsctl-no-such-plugin first";
  auto nf = run_exec_plugin(missing, cluster, std::chrono::seconds(5));
  REQUIRE(!nf);
  CHECK(nf.error().message ==
        "exec plugin \"vsctl-no-such-plugin\" was not found on PATH; install vsctl-no-such-plugin first");

  Script failing("echo 'login expired' >&2\nexit 2\n");
  auto f = run_exec_plugin(exec_of(failing), cluster, std::chrono::seconds(5));
  REQUIRE(!f);
  CHECK(f.error().message == "exec plugin \"" + failing.path.string() + "\" failed with exit code 2: login expired");

  Script slow("sleep 5\n");
  auto start = std::chrono::steady_clock::now();
  auto t = run_exec_plugin(exec_of(slow), cluster, std::chrono::milliseconds(300));
  REQUIRE(!t);
  CHECK(t.error().message.find("did not finish within") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
}

TEST_CASE("credentials: exec output cached until it expires, dropped on invalidate") {
  RestConfig rc;
  rc.exec = ExecConfig{kV1, "plugin", {}, {}, "", false};
  int runs = 0;
  auto expiry = std::chrono::system_clock::now() + std::chrono::hours(1);
  Credentials creds(rc, std::chrono::seconds(1), [&](const ExecConfig&, const RestConfig&, std::chrono::milliseconds) {
    ++runs;
    return vsctl::util::Result<ExecCredential>(ExecCredential{"t" + std::to_string(runs), "", "", expiry});
  });
  CHECK(creds.get()->bearer == "t1");
  CHECK(creds.get()->bearer == "t1");
  CHECK(runs == 1);
  creds.invalidate();
  CHECK(creds.get()->bearer == "t2");
  expiry = std::chrono::system_clock::now() - std::chrono::seconds(1);  // the next one is stale at once
  creds.invalidate();
  CHECK(creds.get()->bearer == "t3");
  CHECK(creds.get()->bearer == "t4");
}

TEST_CASE("credentials: a token file is re-read when it changes") {
  auto path = fs::temp_directory_path() / ("vsctl-token-" + std::to_string(::getpid()));
  std::ofstream(path) << "first\n";
  RestConfig rc;
  rc.token_file = path.string();
  Credentials creds(rc);
  CHECK(creds.get()->bearer == "first");
  std::ofstream(path) << "second\n";
  fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(5));
  CHECK(creds.get()->bearer == "second");
  fs::remove(path);
  CHECK(!creds.get());  // a vanished token file is an error, not an empty token
}
