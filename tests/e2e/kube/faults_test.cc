// Faults: connections cut mid-request (the test bed's TCP fault proxy), a server that stops,
// a closed port, and real 429s from API Priority and Fairness.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "e2e_env.h"

using namespace vsctl::kube;
using namespace vsctl::kube::e2e;
using vsctl::k8s::Json;
using namespace std::chrono_literals;

namespace {

std::string tb_cmd(const std::string& args) {
  return "TESTBED_STATE='" + testbed().state + "' '" + testbed().script + "' " + args;
}

class Proxy {
 public:
  Proxy() {
    static int n = 0;
    port_file_ = temp_path("proxy-" + std::to_string(++n) + ".port");
    auto r = run(tb_cmd("proxy start " + port_file_ + " 2>&1"));
    REQUIRE_MESSAGE(r.status == 0, r.out);
  }
  ~Proxy() { stop(); }
  Proxy(const Proxy&) = delete;
  Proxy& operator=(const Proxy&) = delete;
  std::string kubeconfig() const { return port_file_ + ".kubeconfig"; }
  void cut(int refuse_seconds = 0) {
    auto r = run(tb_cmd("proxy cut " + port_file_ + (refuse_seconds ? " " + std::to_string(refuse_seconds) : "") + " 2>&1"));
    CHECK_MESSAGE(r.status == 0, r.out);
  }
  void stop() {
    if (stopped_) return;
    stopped_ = true;
    (void)run(tb_cmd("proxy stop " + port_file_ + " 2>&1"));
  }

 private:
  std::string port_file_;
  bool stopped_ = false;
};

}  // namespace

TEST_SUITE("faults") {
  TEST_CASE("connections cut mid-request: every create recovers, none is written twice") {
    TestNamespace ns("cut");
    Proxy proxy;
    LogCapture log;
    ClientOptions o;
    o.verbosity = 2;
    o.log = log.sink();
    auto c = client_for(proxy.kubeconfig(), o);
    REQUIRE(c->discovery());

    const int kObjects = 150;
    std::string big(64 * 1024, 'x');  // larger bodies: more time on the wire to be cut in
    std::atomic<bool> finished{false};
    std::vector<std::string> failures;
    std::thread writer([&] {
      for (int i = 0; i < kObjects; ++i) {
        auto r = c->create(configmap(ns.name(), "cm-" + std::to_string(i), big), DryRun::No);
        if (!r) failures.push_back(describe(r.error()));
      }
      finished = true;
    });
    int cuts = 0;
    while (!finished && cuts < 12) {
      std::this_thread::sleep_for(120ms);
      proxy.cut(cuts == 5 ? 1 : 0);  // one cut also refuses new connections for a second
      ++cuts;
    }
    writer.join();
    for (const auto& f : failures) FAIL_CHECK(f);
    MESSAGE(cuts << " cuts; " << log.count("retrying") << " retries; "
                 << log.count("was lost; the object exists") << " creates resolved by reading back");
    CHECK(log.count("retrying") > 0);

    auto admin = client_for(testbed().kubeconfig);
    ListOptions lo;
    lo.namespace_ = ns.name();
    auto l = admin->list({"", "v1", "ConfigMap"}, lo);
    REQUIRE(l);
    std::size_t ours = 0;
    for (const auto& item : l->items) ours += vsctl::k8s::string_at(item, "/metadata/name").starts_with("cm-") ? 1 : 0;
    CHECK(ours == kObjects);
    // A POST sent twice would have come back 409 AlreadyExists and been reported: none was.
    CHECK(log.count("already exists") == 0);
  }

  TEST_CASE("a server that stops: a Cluster error within the timeout") {
    Proxy proxy;
    auto c = client_for(proxy.kubeconfig());
    REQUIRE(c->list({"", "v1", "Namespace"}, {}));
    proxy.stop();
    auto start = std::chrono::steady_clock::now();
    auto r = c->list({"", "v1", "Namespace"}, {});
    auto took = std::chrono::steady_clock::now() - start;
    REQUIRE(!r);
    auto e = to_error(r.error());
    MESSAGE(e.message << " (" << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms)");
    CHECK(e.kind == vsctl::util::ErrorKind::Cluster);
    CHECK(e.message.find("cannot reach the API server") != std::string::npos);
    CHECK(took < 10s);
  }

  TEST_CASE("a closed port: a Cluster error naming the server and the context") {
    auto rc = load_rest_config(ConfigFlags{testbed().kubeconfig, {}, {}}, ConfigEnv{});
    REQUIRE(rc);
    rc->server = "https://127.0.0.1:1";
    CurlClient c(*rc, ClientOptions{});
    auto start = std::chrono::steady_clock::now();
    auto r = c.get({"", "v1", "Namespace", "", "default"});
    REQUIRE(!r);
    auto e = to_error(r.error());
    MESSAGE(e.message);
    CHECK(e.message.find("cannot reach the API server https://127.0.0.1:1") != std::string::npos);
    CHECK(e.message.find("(context \"") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - start < 10s);
  }
}

TEST_SUITE("throttle") {
  TEST_CASE("real 429s from API Priority and Fairness are retried within bounds") {
    auto on = run(tb_cmd("throttle on 2>&1"));
    REQUIRE_MESSAGE(on.status == 0, on.out);
    struct Off {
      ~Off() { (void)run(tb_cmd("throttle off 2>&1")); }
    } off;

    LogCapture log;
    ClientOptions o;
    o.qps = 0;  // no client-side limit: let the server push back
    o.verbosity = 2;
    o.log = log.sink();
    auto c = client_for(testbed().kubeconfig_throttled, o);
    REQUIRE(c->discovery());
    std::vector<Request> lists(40);
    for (auto& r : lists) {
      r.verb = Verb::List;
      r.path = "/api/v1/namespaces/default/configmaps";
    }
    std::size_t throttled = 0;
    // reads of a batch each open a connection of their own, so their arrivals spread out: enough
    // rounds that some overlap beyond the one seat
    for (int round = 0; round < 30 && throttled == 0; ++round) {
      auto results = c->parallel(lists, 40);
      for (const auto& r : results) CHECK_MESSAGE(r, (r ? "" : describe(r.error())));
      throttled = log.count("throttled (HTTP 429)");
    }
    MESSAGE(throttled << " requests throttled with 429 and retried; " << c->requests_sent() << " requests in all");
    CHECK(throttled > 0);
  }
}
