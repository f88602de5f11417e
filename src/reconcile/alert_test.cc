#include "reconcile/alert.h"

#include <doctest/doctest.h>

#include "testing/fake_cluster.h"

using namespace vsctl;
using namespace vsctl::reconcile;

namespace {
Alert sample() {
  Alert a;
  a.architecture = "fx";
  a.ns = "t1";
  a.service = "db";
  a.workload = {"apps", "v1", "StatefulSet", "t1", "db"};
  a.reason = "NeedsAPerson";
  a.message = "pod db-0 CrashLoopBackOff after 2 restart(s) in place: Failed, needs a person";
  a.commit = "abc";
  a.time = std::chrono::system_clock::time_point(std::chrono::seconds(1714564800));
  return a;
}
}  // namespace

TEST_CASE("reconcile alert: a Warning Event on the workload, labelled as the architecture's") {
  auto e = event_object(sample());
  CHECK(e["kind"] == "Event");
  CHECK(e["type"] == "Warning");
  CHECK(e["reason"] == "NeedsAPerson");
  CHECK(e["involvedObject"]["apiVersion"] == "apps/v1");
  CHECK(e["involvedObject"]["kind"] == "StatefulSet");
  CHECK(e["involvedObject"]["name"] == "db");
  CHECK(e["metadata"]["namespace"] == "t1");
  CHECK(e["metadata"]["name"].get<std::string>().rfind("db.", 0) == 0);
  CHECK(e["metadata"]["labels"]["app.kubernetes.io/part-of"] == "fx");
  CHECK(e["lastTimestamp"] == "2024-05-01T12:00:00Z");
}

TEST_CASE("reconcile alert: the webhook body carries the facts and nothing else") {
  auto b = webhook_body(sample());
  CHECK(b["type"] == "NeedsAPerson");
  CHECK(b["service"] == "db");
  CHECK(b["object"] == "apps/v1 StatefulSet t1/db");
  CHECK(b["time"] == "2024-05-01T12:00:00.000Z");
  CHECK(b.size() == 8);
}

TEST_CASE("reconcile alert: post_event creates the Event through the client") {
  testing::FakeCluster fc;
  fc.add_resource({"", "v1", "Event", "events", true, {}, {}});
  REQUIRE(post_event(fc, sample()));
  bool found = false;
  for (const auto& [k, o] : fc.objects()) found = found || (k.kind == "Event" && o["reason"] == "NeedsAPerson");
  CHECK(found);
  fc.fail_next(kube::Verb::Create, kube::ApiError{kube::ApiErrorKind::Forbidden, 403, "Forbidden", "no", {}, "create", "x", ""});
  auto r = post_event(fc, sample());
  REQUIRE(!r);
  CHECK(r.error().kind == util::ErrorKind::Cluster);
}
