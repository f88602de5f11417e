#include "kube/kubeconfig.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "util/hash.h"

using namespace vsctl::kube;
namespace fs = std::filesystem;

namespace {

const char* kFirst = R"(apiVersion: v1
kind: Config
current-context: one
clusters:
- name: c1
  cluster:
    server: https://one.example:6443/
    certificate-authority-data: )";

std::string first_config() {
  return std::string(kFirst) + vsctl::util::base64_encode("CA-ONE") + R"(
    tls-server-name: api.one
contexts:
- name: one
  context: {cluster: c1, user: u1, namespace: shop}
- name: shared
  context: {cluster: c1, user: u1}
users:
- name: u1
  user:
    token: tok-one
)";
}

const char* kSecond = R"(apiVersion: v1
kind: Config
current-context: two
clusters:
- name: c1
  cluster: {server: https://ignored.example}
- name: c2
  cluster: {server: https://two.example, insecure-skip-tls-verify: true}
contexts:
- name: two
  context: {cluster: c2, user: u2}
- name: shared
  context: {cluster: c2, user: u2}
users:
- name: u1
  user: {token: ignored}
- name: u2
  user:
    tokenFile: tokens/u2
)";

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("vsctl-kubeconfig-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    auto p = path / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }
};

}  // namespace

TEST_CASE("kubeconfig: the first file to set a name wins, current-context from the first that sets it") {
  auto rc = resolve_kubeconfig({{"/a/first", first_config()}, {"/b/second", kSecond}}, {});
  REQUIRE(rc);
  CHECK(rc->context == "one");
  CHECK(rc->server == "https://one.example:6443");
  CHECK(rc->ca_pem == "CA-ONE");
  CHECK(rc->ca_origin == "certificate-authority-data of cluster \"c1\"");
  CHECK(rc->tls_server_name == "api.one");
  CHECK(rc->token == "tok-one");
  CHECK(rc->namespace_ == "shop");
  CHECK(rc->source == "/a/first:/b/second");

  ConfigFlags flags;
  flags.context = "shared";  // defined in both: the first file's wins
  auto shared = resolve_kubeconfig({{"/a/first", first_config()}, {"/b/second", kSecond}}, flags);
  REQUIRE(shared);
  CHECK(shared->server == "https://one.example:6443");
  CHECK(shared->namespace_ == "default");

  flags.context = "two";
  flags.namespace_ = "flagged";
  auto two = resolve_kubeconfig({{"/a/first", first_config()}, {"/b/second", kSecond}}, flags);
  REQUIRE(two);
  CHECK(two->server == "https://two.example");
  CHECK(two->insecure_skip_tls_verify);
  CHECK(two->token.empty());
  CHECK(two->token_file == "/b/tokens/u2");  // relative to the file that set it
  CHECK(two->namespace_ == "flagged");

  // The second file's current-context is used only when the first sets none.
  auto second_first = resolve_kubeconfig({{"/b/second", kSecond}, {"/a/first", first_config()}}, {});
  REQUIRE(second_first);
  CHECK(second_first->context == "two");
}

TEST_CASE("kubeconfig: errors name the file and entry") {
  ConfigFlags flags;
  flags.context = "on";
  auto r = resolve_kubeconfig({{"/a/first", first_config()}}, flags);
  REQUIRE(!r);
  CHECK(r.error().kind == vsctl::util::ErrorKind::Cluster);
  CHECK(r.error().message == "/a/first: context \"on\" is not defined (did you mean \"one\"?)");

  auto none = resolve_kubeconfig({{"/x", "apiVersion: v1\nkind: Config\n"}}, {});
  REQUIRE(!none);
  CHECK(none.error().message == "/x: no current-context is set; pass --context NAME");

  auto bad = resolve_kubeconfig({{"/x", "clusters: [\n"}}, {});
  REQUIRE(!bad);
  CHECK(bad.error().message.find("/x:") == 0);
  CHECK(bad.error().message.find("invalid kubeconfig") != std::string::npos);

  auto missing_cluster = resolve_kubeconfig(
      {{"/x", "current-context: a\ncontexts:\n- name: a\n  context: {cluster: nope, user: u}\n"}}, {});
  REQUIRE(!missing_cluster);
  CHECK(missing_cluster.error().message == "/x: context \"a\" names cluster \"nope\", which is not defined");

  auto bad_b64 = resolve_kubeconfig(
      {{"/x", "current-context: a\ncontexts:\n- name: a\n  context: {cluster: c}\nclusters:\n- name: c\n"
              "  cluster: {server: 'https://h', certificate-authority-data: '!!!'}\n"}},
      {});
  REQUIRE(!bad_b64);
  CHECK(bad_b64.error().message == "certificate-authority-data of cluster \"c\" in /x is not valid base64");
}

TEST_CASE("kubeconfig: files named by the config are read relative to it, exec plugins parsed") {
  TempDir dir;
  dir.write("pki/ca.crt", "CA-PEM");
  dir.write("pki/client.crt", "CERT-PEM");
  dir.write("pki/client.key", "KEY-PEM");
  std::string cfg = dir.write("config", R"(
current-context: a
contexts:
- name: a
  context: {cluster: c, user: u}
clusters:
- name: c
  cluster: {server: 'https://127.0.0.1:1', certificate-authority: pki/ca.crt}
users:
- name: u
  user:
    client-certificate: pki/client.crt
    client-key: pki/client.key
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./bin/plugin
      args: [--flag, "two words"]
      env: [{name: A, value: "1"}]
      provideClusterInfo: true
      installHint: install it
)");
  ConfigFlags flags;
  flags.kubeconfig = cfg;
  ConfigEnv env;
  env.kubeconfig = "/nonexistent";  // --kubeconfig wins over KUBECONFIG
  auto rc = load_rest_config(flags, env);
  REQUIRE(rc);
  CHECK(rc->ca_pem == "CA-PEM");
  CHECK(rc->ca_origin == (dir.path / "pki/ca.crt").string());
  CHECK(rc->client_cert_pem == "CERT-PEM");
  CHECK(rc->client_key_pem == "KEY-PEM");
  REQUIRE(rc->exec);
  CHECK(rc->exec->command == (dir.path / "bin/plugin").string());
  CHECK(rc->exec->args == std::vector<std::string>{"--flag", "two words"});
  CHECK(rc->exec->env == std::vector<std::pair<std::string, std::string>>{{"A", "1"}});
  CHECK(rc->exec->provide_cluster_info);
  CHECK(rc->exec->install_hint == "install it");

  std::filesystem::remove(dir.path / "pki/client.key");
  auto missing = load_rest_config(flags, env);
  REQUIRE(!missing);
  CHECK(missing.error().message == "no such file: " + (dir.path / "pki/client.key").string() +
                                       " (client-key of user \"u\" in " + cfg + ")");
}

TEST_CASE("kubeconfig: a device, a directory or an endless file named by a kubeconfig is refused, never read") {
  // /dev/zero never ends and /dev/stdin may never end: reading either whole hung, or ate memory
  TempDir dir;
  std::string cfg = dir.write("config", R"(
current-context: a
contexts: [ { name: a, context: { cluster: c, user: u } } ]
clusters: [ { name: c, cluster: { server: 'https://127.0.0.1:1', certificate-authority: /dev/zero } } ]
users: [ { name: u, user: { token: t } } ]
)");
  ConfigFlags flags;
  flags.kubeconfig = cfg;
  auto ca = load_rest_config(flags, {});
  REQUIRE(!ca);
  CHECK(ca.error().message == "/dev/zero is a device, not a regular file (certificate-authority of cluster \"c\" in " + cfg + ")");

  flags.kubeconfig = "/dev/zero";
  auto zero = load_rest_config(flags, {});
  REQUIRE(!zero);
  CHECK(zero.error().message == "/dev/zero is a device, not a regular file (--kubeconfig)");

  flags.kubeconfig = dir.path.string();
  auto directory = load_rest_config(flags, {});
  REQUIRE(!directory);
  CHECK(directory.error().message == dir.path.string() + " is a directory, not a regular file (--kubeconfig)");

  std::string big = dir.write("big", std::string(kMaxFileBytes + 1, '#'));
  flags.kubeconfig = big;
  auto large = load_rest_config(flags, {});
  REQUIRE(!large);
  CHECK(large.error().message == big + " has " + std::to_string(kMaxFileBytes + 1) + " bytes, more than the limit of " +
                                     std::to_string(kMaxFileBytes) + " (--kubeconfig)");
}

TEST_CASE("kubeconfig: precedence KUBECONFIG, then ~/.kube/config, then in-cluster") {
  TempDir dir;
  std::string a = dir.write("a", "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\n"
                                 "clusters:\n- name: c\n  cluster: {server: 'https://a'}\n");
  std::string home_cfg = dir.write("home/.kube/config", "current-context: x\ncontexts:\n- name: x\n"
                                                        "  context: {cluster: c}\nclusters:\n- name: c\n"
                                                        "  cluster: {server: 'https://home'}\n");
  ConfigEnv env;
  env.home = (dir.path / "home").string();
  env.kubeconfig = "/missing/one:" + a;  // missing files are skipped
  auto rc = load_rest_config({}, env);
  REQUIRE(rc);
  CHECK(rc->server == "https://a");
  CHECK(rc->source == a);

  env.kubeconfig.reset();
  rc = load_rest_config({}, env);
  REQUIRE(rc);
  CHECK(rc->server == "https://home");

  env.kubeconfig = "/missing/one";
  auto none = load_rest_config({}, env);
  REQUIRE(!none);
  CHECK(none.error().message == "none of the files in KUBECONFIG exists: /missing/one");

  // No kubeconfig at all: in-cluster.
  env.kubeconfig.reset();
  env.home = (dir.path / "nohome").string();
  env.service_host = "10.0.0.1";
  env.service_port = "443";
  env.service_account_dir = (dir.path / "sa").string();
  auto no_sa = load_rest_config({}, env);
  REQUIRE(!no_sa);
  CHECK(no_sa.error().message.find("the service account's CA") != std::string::npos);
  dir.write("sa/ca.crt", "SA-CA");
  dir.write("sa/token", "sa-token\n");
  dir.write("sa/namespace", "team\n");
  auto ic = load_rest_config({}, env);
  REQUIRE(ic);
  CHECK(ic->server == "https://10.0.0.1:443");
  CHECK(ic->ca_pem == "SA-CA");
  CHECK(ic->token_file == (dir.path / "sa/token").string());
  CHECK(ic->namespace_ == "team");
  CHECK(ic->source == "in-cluster");

  env.service_host.reset();
  auto nothing = load_rest_config({}, env);
  REQUIRE(!nothing);
  CHECK(nothing.error().message.find("no kubeconfig: pass --kubeconfig, set KUBECONFIG, or create ") == 0);
}

TEST_CASE("kubeconfig: a user entry without its user map is an empty user, not an internal error") {
  // found by the kubeconfig fuzzer: "ser:" for "user:" made yaml-cpp throw when the entry was read
  auto rc = resolve_kubeconfig({{"/x/config", R"(
current-context: b
contexts: [ { name: b, context: { cluster: c, user: e } } ]
clusters: [ { name: c, cluster: { server: 'https://k.example:443' } } ]
users:
- name: e
  ser: { exec: { apiVersion: client.authentication.k8s.io/v1, command: bin/plugin } }
)"}},
                               {});
  REQUIRE(rc);
  CHECK(rc->server == "https://k.example:443");
  CHECK_FALSE(rc->exec);
}
