#include "e2e_env.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <random>

namespace vsctl::kube::e2e {

Run run(const std::string& command) {
  Run r;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

const Testbed& testbed() {
  static Testbed tb;
  static std::once_flag once;
  std::call_once(once, [] {
    const char* state = std::getenv("TESTBED_STATE");
    const char* script = std::getenv("TESTBED_SCRIPT");
    if (!state || !*state) return;
    tb.state = state;
    tb.script = script && *script ? script : "scripts/testbed";
    auto env = run("'" + tb.script + "' env --state '" + tb.state + "'");
    if (env.status != 0) return;
    std::size_t pos = 0;
    while (pos < env.out.size()) {
      auto nl = env.out.find('\n', pos);
      std::string line = env.out.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
      pos = nl == std::string::npos ? env.out.size() : nl + 1;
      if (!line.starts_with("export ")) continue;
      auto eq = line.find('=');
      std::string k = line.substr(7, eq - 7), v = line.substr(eq + 1);
      if (v.size() >= 2 && (v.front() == '\'' || v.front() == '"')) v = v.substr(1, v.size() - 2);
      if (k == "KUBECONFIG") tb.kubeconfig = v;
      if (k == "TESTBED_KUBECONFIG_CERT") tb.kubeconfig_cert = v;
      if (k == "TESTBED_KUBECONFIG_RESTRICTED") tb.kubeconfig_restricted = v;
      if (k == "TESTBED_KUBECONFIG_THROTTLED") tb.kubeconfig_throttled = v;
      if (k == "TESTBED_SERVER") tb.server = v;
      if (k == "TESTBED_CA") tb.ca_file = v;
      if (k == "TESTBED_ADMIN_TOKEN") tb.admin_token = v;
      if (k == "TESTBED_KUBECTL") tb.kubectl = v;
    }
  });
  REQUIRE_MESSAGE(!tb.kubeconfig.empty(),
                  "no test bed: set TESTBED_STATE (and TESTBED_SCRIPT), e.g. TESTBED_STATE=$(scripts/testbed up)");
  return tb;
}

std::string temp_path(const std::string& name) {
  static std::string dir = [] {
    char tmpl[] = "/tmp/vsctl-kube-e2e-XXXXXX";
    const char* d = ::mkdtemp(tmpl);
    return std::string(d ? d : "/tmp");
  }();
  return dir + "/" + name;
}

std::unique_ptr<CurlClient> client_for(const std::string& kubeconfig, ClientOptions opts) {
  ConfigFlags flags;
  flags.kubeconfig = kubeconfig;
  auto rc = load_rest_config(flags, ConfigEnv{});
  REQUIRE_MESSAGE(rc, (rc ? "" : rc.error().message));
  return std::make_unique<CurlClient>(*rc, std::move(opts));
}

util::Result<RestConfig> config_from_text(const std::string& text) {
  static int n = 0;
  std::string path = temp_path("kubeconfig-" + std::to_string(++n));
  std::ofstream(path) << text;
  ConfigFlags flags;
  flags.kubeconfig = path;
  return load_rest_config(flags, ConfigEnv{});
}

std::unique_ptr<CurlClient> client_from_text(const std::string& text, ClientOptions opts) {
  auto rc = config_from_text(text);
  REQUIRE_MESSAGE(rc, (rc ? "" : rc.error().message));
  return std::make_unique<CurlClient>(*rc, std::move(opts));
}

TestNamespace::TestNamespace(const std::string& prefix) {
  std::random_device rd;
  name_ = "t-kube-" + prefix + "-" + std::to_string(rd() % 100000);
  auto c = client_for(testbed().kubeconfig);
  k8s::Json ns = {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name_}}}};
  auto r = c->create(ns, DryRun::No);
  REQUIRE_MESSAGE(r, (r ? "" : describe(r.error())));
}

TestNamespace::~TestNamespace() {
  ClientOptions o;
  auto rc = load_rest_config(ConfigFlags{testbed().kubeconfig, {}, {}}, ConfigEnv{});
  if (!rc) return;
  CurlClient c(*rc, o);
  (void)c.remove({"", "v1", "Namespace", "", name_}, {});
}

k8s::Json configmap(const std::string& ns, const std::string& name, const std::string& value) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}, {"namespace", ns}, {"labels", {{"app.kubernetes.io/managed-by", "vsctl"}}}}},
          {"data", {{"key", value}}}};
}

LogSink LogCapture::sink() const {
  auto l = lines;
  auto mu = std::make_shared<std::mutex>();
  return [l, mu](std::string_view line) {
    std::lock_guard lock(*mu);
    l->emplace_back(line);
  };
}

std::size_t LogCapture::count(const std::string& needle) const {
  std::size_t n = 0;
  for (const auto& l : *lines) n += l.find(needle) != std::string::npos ? 1 : 0;
  return n;
}

}  // namespace vsctl::kube::e2e
