#include "testing/fake_cluster.h"

#include <doctest/doctest.h>

using namespace vsctl::kube;
using namespace vsctl::testing;
using vsctl::k8s::Json;
using vsctl::k8s::string_at;

namespace {

Json cm(const std::string& name, const std::string& value, const std::string& app = "shop") {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}, {"labels", {{"app", app}, {"tier", "web"}}}}},
          {"data", {{"k", value}}}};
}

}  // namespace

TEST_CASE("fake cluster: apply, get, list with selectors, delete, calls recorded") {
  FakeCluster f;
  f.set_default_namespace("shop");
  ApplyOptions dry;
  dry.dry_run = DryRun::All;
  REQUIRE(f.apply(cm("a", "1"), dry));
  CHECK(!*f.get({"", "v1", "ConfigMap", "", "a"}));
  auto a = f.apply(cm("a", "1"), {});
  REQUIRE(a);
  CHECK(string_at(*a, "/metadata/namespace") == "shop");
  CHECK(vsctl::k8s::int_at(*a, "/metadata/generation") == 1);
  auto again = f.apply(cm("a", "2"), {});
  CHECK(vsctl::k8s::int_at(*again, "/metadata/generation") == 2);
  REQUIRE(f.apply(cm("b", "1", "other"), {}));

  auto l = f.list({"", "v1", "ConfigMap"}, ListOptions{"shop", "app=shop,tier in (web, api),!missing", "", 500});
  REQUIRE(l);
  REQUIRE(l->items.size() == 1);
  CHECK(string_at(l->items[0], "/metadata/name") == "a");
  CHECK(f.list({"", "v1", "ConfigMap"}, ListOptions{"", "app!=shop", "", 500})->items.size() == 1);
  CHECK(f.list({"", "v1", "ConfigMap"}, ListOptions{"", "", "metadata.name=b", 500})->items.size() == 1);

  CHECK(*f.remove({"", "v1", "ConfigMap", "shop", "a"}, {}));
  CHECK(!*f.remove({"", "v1", "ConfigMap", "shop", "a"}, {}));
  CHECK(f.calls().front() == "patch v1 ConfigMap shop/a (dry run)");
  CHECK(f.calls().back() == "delete v1 ConfigMap shop/a");
  CHECK(!f.get({"x.io", "v1", "Thing", "", "t"}));
}

TEST_CASE("fake cluster: create, update with resourceVersion, leases, injected failures") {
  FakeCluster f;
  auto c = f.create(cm("a", "1"), DryRun::No);
  REQUIRE(c);
  CHECK(f.create(cm("a", "1"), DryRun::No).error().kind == ApiErrorKind::AlreadyExists);
  Json next = *c;
  next["data"]["k"] = "2";
  REQUIRE(f.update(next, DryRun::No));
  CHECK(f.update(next, DryRun::No).error().kind == ApiErrorKind::Conflict);

  Lease l;
  l.namespace_ = "default";
  l.name = "lock";
  l.holder = "me";
  REQUIRE(f.create_lease(l));
  auto read = f.get_lease("default", "lock");
  REQUIRE(read);
  CHECK((*read)->holder == "me");

  ApiError throttled;
  throttled.kind = ApiErrorKind::Throttled;
  f.fail_next(Verb::Patch, throttled);
  CHECK(f.apply(cm("z", "1"), {}).error().kind == ApiErrorKind::Throttled);
  CHECK(f.apply(cm("z", "1"), {}));
}

TEST_CASE("fake cluster: watch replays from a resourceVersion, a hook moves things along, Gone") {
  FakeCluster f;
  REQUIRE(f.apply(cm("a", "1"), {}));
  auto l = f.list({"", "v1", "ConfigMap"}, {});
  int step = 0;
  f.set_watch_hook([&](FakeCluster& cluster) {
    if (step >= 2) return false;
    ++step;
    return static_cast<bool>(cluster.apply(cm("a", std::to_string(step + 1)), {}));
  });
  WatchOptions wo;
  wo.resource_version = l->resource_version;
  std::vector<std::string> seen;
  auto end = f.watch({"", "v1", "ConfigMap"}, wo, [&](const WatchEvent& e) {
    seen.push_back(string_at(e.object, "/data/k"));
    return seen.size() == 2 ? WatchControl::Stop : WatchControl::Continue;
  });
  REQUIRE(end);
  CHECK(end->reason == WatchEndReason::Stopped);
  CHECK(seen == std::vector<std::string>{"2", "3"});
  f.compact();
  wo.resource_version = "1";
  auto gone = f.watch({"", "v1", "ConfigMap"}, wo, [](const WatchEvent&) { return WatchControl::Continue; });
  REQUIRE(!gone);
  CHECK(gone.error().kind == ApiErrorKind::Gone);
}
