#include "kube/watch.h"

#include <doctest/doctest.h>

#include "kube/lease.h"

using namespace vsctl::kube;

TEST_CASE("watch: events parse, a 410 inside the stream is Gone") {
  auto ev = parse_watch_event(R"({"type":"MODIFIED","object":{"kind":"Deployment","metadata":{"resourceVersion":"7"}}})");
  REQUIRE(ev);
  CHECK(ev->type == WatchEventType::Modified);
  CHECK(vsctl::k8s::string_at(ev->object, "/metadata/resourceVersion") == "7");
  auto bm = parse_watch_event(R"({"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"9"}}})");
  REQUIRE(bm);
  CHECK(bm->type == WatchEventType::Bookmark);
  auto gone = parse_watch_event(R"J({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure",
      "message":"too old resource version: 1 (1000)","reason":"Expired","code":410}})J");
  REQUIRE(!gone);
  CHECK(gone.error().kind == ApiErrorKind::Gone);
  CHECK(gone.error().message == "too old resource version: 1 (1000)");
  CHECK(!parse_watch_event("garbage"));
  CHECK(!parse_watch_event(R"({"type":"WHAT"})"));
}

TEST_CASE("watch: lines split across chunks") {
  LineSplitter s;
  std::vector<std::string> lines;
  auto collect = [&](std::string_view l) {
    lines.emplace_back(l);
    return true;
  };
  CHECK(s.feed("{\"a\":", collect));
  CHECK(s.feed("1}\n{\"b\"", collect));
  CHECK(s.feed(":2}\n\n", collect));
  CHECK(lines == std::vector<std::string>{"{\"a\":1}", "{\"b\":2}"});
  CHECK(s.pending() == 0);
  CHECK(!s.feed("x\ny\n", [](std::string_view) { return false; }));
}

TEST_CASE("lease: json round trip with micro times") {
  Lease l;
  l.namespace_ = "shop";
  l.name = "vsctl-lock";
  l.holder = "alice@host";
  l.duration_seconds = 60;
  l.renew_time = std::chrono::system_clock::time_point(std::chrono::microseconds(1'700'000'000'123'456));
  l.resource_version = "42";
  auto j = to_json(l);
  CHECK(vsctl::k8s::string_at(j, "/spec/renewTime") == "2023-11-14T22:13:20.123456Z");
  CHECK(vsctl::k8s::string_at(j, "/metadata/resourceVersion") == "42");
  auto back = lease_from_json(j);
  REQUIRE(back);
  CHECK(back->holder == "alice@host");
  CHECK(back->duration_seconds == 60);
  CHECK(back->renew_time == l.renew_time);
  CHECK(back->key().kind == "Lease");
}
