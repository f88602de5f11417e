// Watch: LIST, then WATCH from its resourceVersion until a Deployment's rollout completes.
#include <doctest/doctest.h>

#include "e2e_env.h"

using namespace vsctl::kube;
using namespace vsctl::kube::e2e;
using vsctl::k8s::Json;
using vsctl::k8s::int_at;

namespace {

Json deployment(const std::string& ns, const std::string& image) {
  return Json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
    "metadata":{"name":"web","namespace":")" + ns + R"("},
    "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
      "template":{"metadata":{"labels":{"app":"web"}},
        "spec":{"nodeSelector":{"pool":"web"},"containers":[{"name":"web","image":")" + image + R"(",
          "resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}}}})");
}

bool rolled_out(const Json& d) {
  auto gen = int_at(d, "/metadata/generation").value_or(0);
  auto observed = int_at(d, "/status/observedGeneration").value_or(-1);
  auto replicas = int_at(d, "/spec/replicas").value_or(1);
  auto updated = int_at(d, "/status/updatedReplicas").value_or(0);
  auto available = int_at(d, "/status/availableReplicas").value_or(0);
  auto total = int_at(d, "/status/replicas").value_or(0);
  return observed >= gen && updated == replicas && available == updated && total == updated;
}

}  // namespace

TEST_SUITE("watch") {
  TEST_CASE("a watch from the list's resourceVersion sees a Deployment rollout complete") {
    TestNamespace ns("watch");
    auto c = client_for(testbed().kubeconfig);
    REQUIRE(c->apply(deployment(ns.name(), "example.com/web:1"), {}));

    for (const char* image : {"example.com/web:1", "example.com/web:2"}) {
      auto applied = c->apply(deployment(ns.name(), image), {});
      REQUIRE(applied);
      ListOptions lo;
      lo.namespace_ = ns.name();
      lo.field_selector = "metadata.name=web";
      auto l = c->list({"apps", "v1", "Deployment"}, lo);
      REQUIRE(l);
      REQUIRE(l->items.size() == 1);
      bool done = rolled_out(l->items[0]);
      WatchOptions wo;
      wo.namespace_ = ns.name();
      wo.field_selector = "metadata.name=web";
      wo.resource_version = l->resource_version;
      wo.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      int events = 0;
      if (!done) {
        auto end = c->watch({"apps", "v1", "Deployment"}, wo, [&](const WatchEvent& e) {
          ++events;
          done = e.type != WatchEventType::Deleted && rolled_out(e.object);
          return done ? WatchControl::Stop : WatchControl::Continue;
        });
        REQUIRE_MESSAGE(end, (end ? "" : describe(end.error())));
      }
      CHECK_MESSAGE(done, "rollout to " << std::string(image) << " not seen within 60s");
      auto status = c->get_status({"apps", "v1", "Deployment", ns.name(), "web"});
      REQUIRE(status);
      CHECK(int_at(**status, "/status/availableReplicas") == 2);
      MESSAGE("rollout to " << std::string(image) << ": " << events << " watch events");
    }
  }

  TEST_CASE("a watch from a compacted resourceVersion is Gone: list again") {
    auto c = client_for(testbed().kubeconfig);
    WatchOptions wo;
    wo.namespace_ = "default";
    wo.resource_version = "1";
    wo.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    auto end = c->watch({"", "v1", "ConfigMap"}, wo, [](const WatchEvent&) { return WatchControl::Continue; });
    // Either the server still has revision 1 (a young etcd) or it says Gone.
    if (!end) {
      CHECK(end.error().kind == ApiErrorKind::Gone);
    } else {
      MESSAGE("revision 1 still in the watch cache; nothing to show");
    }
  }

  TEST_CASE("a quiet watch ends at its deadline") {
    TestNamespace ns("quiet");
    auto c = client_for(testbed().kubeconfig);
    auto l = c->list({"", "v1", "ConfigMap"}, ListOptions{ns.name(), "", "", 500});
    REQUIRE(l);
    WatchOptions wo;
    wo.namespace_ = ns.name();
    wo.label_selector = "nothing=here";
    wo.resource_version = l->resource_version;
    auto start = std::chrono::steady_clock::now();
    wo.deadline = start + std::chrono::seconds(3);
    auto end = c->watch({"", "v1", "ConfigMap"}, wo, [](const WatchEvent&) { return WatchControl::Continue; });
    REQUIRE(end);
    CHECK(end->reason == WatchEndReason::Deadline);
    auto took = std::chrono::steady_clock::now() - start;
    CHECK(took >= std::chrono::milliseconds(2500));
    CHECK(took < std::chrono::seconds(8));
  }
}
