#include "health/cause.h"

#include <doctest/doctest.h>

#include <set>

#include "health/service.h"

using vsctl::k8s::Json;
using namespace vsctl::health;

namespace {

Json container_status(std::string name, Json state, bool ready = false) {
  return {{"name", name}, {"image", "example.com/" + name + ":1"}, {"ready", ready}, {"state", std::move(state)}};
}

Json a_pod(std::string name, std::string phase, Json statuses, Json containers = Json::array({{{"name", "api"}, {"image", "example.com/api:1"}}})) {
  return {{"kind", "Pod"},
          {"metadata", {{"name", name}, {"labels", {{"app.kubernetes.io/version", "1"}}}}},
          {"spec", {{"containers", std::move(containers)}}},
          {"status",
           {{"phase", phase},
            {"conditions", Json::array({{{"type", "Ready"}, {"status", "False"}}})},
            {"containerStatuses", std::move(statuses)}}}};
}

Json crashloop_pod(std::string name) {
  Json cs = container_status("api", {{"waiting", {{"reason", "CrashLoopBackOff"}, {"message", "back-off 10s restarting failed container=api"}}}});
  cs["lastState"] = {{"terminated", {{"exitCode", 1}, {"reason", "Error"}, {"message", "panic: cannot connect to cart:7070\n"}}}};
  return a_pod(name, "Running", Json::array({cs}));
}

Json imagepull_pod(std::string name) {
  Json cs = container_status("api", {{"waiting", {{"reason", "ImagePullBackOff"}, {"message", "Back-off pulling image \"example.com/api:1\""}}}});
  return a_pod(name, "Pending", Json::array({cs}));
}

Json unschedulable_pod(std::string name) {
  Json p = a_pod(name, "Pending", Json::array());
  p["status"]["conditions"] = Json::array({{{"type", "PodScheduled"}, {"status", "False"}, {"reason", "Unschedulable"},
                                            {"message", "0/3 nodes are available: 3 Insufficient cpu."}}});
  return p;
}

Json probing_pod(std::string name) {
  Json containers = Json::array({{{"name", "api"},
                                  {"image", "example.com/api:1"},
                                  {"readinessProbe", {{"httpGet", {{"path", "/healthz"}, {"port", 8080}, {"scheme", "HTTP"}}}}}}});
  return a_pod(name, "Running", Json::array({container_status("api", {{"running", Json::object()}})}), containers);
}

Json event(std::string kind, std::string name, std::string reason, std::string message, std::string time = "2026-12-03T12:00:00Z") {
  return {{"kind", "Event"},
          {"type", "Warning"},
          {"involvedObject", {{"kind", kind}, {"name", name}}},
          {"reason", reason},
          {"message", message},
          {"lastTimestamp", time}};
}

Json a_deployment(int replicas) {
  return {{"kind", "Deployment"},
          {"metadata", {{"name", "api"}, {"uid", "u1"}, {"annotations", {{"deployment.kubernetes.io/revision", "2"}}}}},
          {"spec", {{"replicas", replicas}}}};
}

Json replicaset(std::string name, std::string revision) {
  return {{"kind", "ReplicaSet"},
          {"metadata", {{"name", name}, {"annotations", {{"deployment.kubernetes.io/revision", revision}}},
                        {"ownerReferences", Json::array({{{"uid", "u1"}}})}}}};
}

Json claim(std::string name, std::string phase) {
  return {{"kind", "PersistentVolumeClaim"}, {"metadata", {{"name", name}}}, {"status", {{"phase", phase}}}};
}

}  // namespace

TEST_CASE("cause: a crash loop names the last exit code, reason and termination message") {
  Json p = crashloop_pod("api-1");
  auto c = blocking_cause({nullptr, {&p}});
  REQUIRE(c);
  CHECK(c->reason == "CrashLoopBackOff");
  CHECK(c->stuck);
  CHECK(c->message == "container api: CrashLoopBackOff, last exit 1 (Error): panic: cannot connect to cart:7070");
}

TEST_CASE("cause: an image pull failure names the image") {
  Json p = imagepull_pod("api-1");
  auto c = blocking_cause({nullptr, {&p}});
  REQUIRE(c);
  CHECK(c->reason == "ImagePullBackOff");
  CHECK(c->stuck);
  CHECK(c->message == "container api: ImagePullBackOff for image example.com/api:1: Back-off pulling image \"example.com/api:1\"");
}

TEST_CASE("cause: unschedulable pods carry the scheduler's message") {
  Json p = unschedulable_pod("api-1"), q = unschedulable_pod("api-2");
  auto c = blocking_cause({nullptr, {&p, &q}});
  REQUIRE(c);
  CHECK(c->reason == "Unschedulable");
  CHECK_FALSE(c->stuck);
  CHECK(c->message == "2 pod(s) unschedulable: 0/3 nodes are available: 3 Insufficient cpu.");
}

TEST_CASE("cause: pods the controller cannot create, from the Deployment's ReplicaFailure condition") {
  Json d = a_deployment(2);
  d["status"]["conditions"] = Json::array({{{"type", "ReplicaFailure"}, {"status", "True"}, {"reason", "FailedCreate"},
                                            {"message", "pods \"api-5d4f-x2b9q\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1"}}});
  auto c = blocking_cause({&d});
  REQUIRE(c);
  CHECK(c->reason == "FailedCreate");
  CHECK_FALSE(c->stuck);
  CHECK(c->message == "cannot create pods: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1");
}

TEST_CASE("cause: FailedCreate Events of the current ReplicaSet count, an older rollout's do not") {
  Json d = a_deployment(2);
  Json old_rs = replicaset("api-old", "1"), rs = replicaset("api-new", "2");
  Json stale = event("ReplicaSet", "api-old", "FailedCreate", "Error creating: pods \"api-old-a\" is forbidden: exceeded quota: old",
                     "2026-12-03T13:00:00Z");
  Json e = event("ReplicaSet", "api-new", "FailedCreate",
                 "Error creating: pods \"api-new-b\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1");
  Json elsewhere = event("ReplicaSet", "web-new", "FailedCreate", "Error creating: admission webhook denied");
  CauseObjects o{&d, {}, {&old_rs, &rs}, {}, {&stale, &elsewhere}};
  CHECK_FALSE(blocking_cause(o));
  o.events.push_back(&e);
  auto c = blocking_cause(o);
  REQUIRE(c);
  CHECK(c->message == "cannot create pods: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1");
  // every pod there: the Event is history
  Json p1 = probing_pod("a"), p2 = probing_pod("b");
  p1["spec"]["containers"][0].erase("readinessProbe");
  p2["spec"]["containers"][0].erase("readinessProbe");
  o.pods = {&p1, &p2};
  CHECK_FALSE(blocking_cause(o));
}

TEST_CASE("cause: a StatefulSet's FailedCreate Events") {
  Json s = {{"kind", "StatefulSet"}, {"metadata", {{"name", "db"}}}, {"spec", {{"replicas", 1}}}};
  Json e = event("StatefulSet", "db", "FailedCreate",
                 "create Pod db-0 in StatefulSet db failed error: pods \"db-0\" is forbidden: exceeded quota: q");
  auto c = blocking_cause({&s, {}, {}, {}, {&e}});
  REQUIRE(c);
  CHECK(c->reason == "FailedCreate");
  CHECK(c->message == "cannot create pods: create Pod db-0 in StatefulSet db failed error: pods \"db-0\" is forbidden: exceeded quota: q");
}

TEST_CASE("cause: a claim not bound says why, from its Events") {
  Json c1 = claim("data-db-0", "Pending");
  Json e = event("PersistentVolumeClaim", "data-db-0", "ProvisioningFailed", "storageclass.storage.k8s.io \"fast\" not found");
  auto c = blocking_cause({nullptr, {}, {}, {&c1}, {&e}});
  REQUIRE(c);
  CHECK(c->reason == "ClaimPending");
  CHECK(c->message == "claim data-db-0 is Pending: ProvisioningFailed: storageclass.storage.k8s.io \"fast\" not found");
  c = blocking_cause({nullptr, {}, {}, {&c1}, {}});
  REQUIRE(c);
  CHECK(c->message == "claim data-db-0 is Pending: no volume bound yet");
  c1 = claim("data-db-0", "Bound");
  CHECK_FALSE(blocking_cause({nullptr, {}, {}, {&c1}, {&e}}));
}

TEST_CASE("cause: a readiness probe failing, named, with the kubelet's Event") {
  Json p = probing_pod("api-1");
  auto c = blocking_cause({nullptr, {&p}});
  REQUIRE(c);
  CHECK(c->reason == "ReadinessProbeFailing");
  CHECK(c->message == "container api: readiness probe http GET :8080/healthz failing");
  Json e = event("Pod", "api-1", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503");
  c = blocking_cause({nullptr, {&p}, {}, {}, {&e}});
  REQUIRE(c);
  CHECK(c->message == "container api: readiness probe http GET :8080/healthz failing: Readiness probe failed: HTTP probe failed with statuscode: 503");
  // a running container without a probe, not ready: nothing more specific to say
  p["spec"]["containers"][0].erase("readinessProbe");
  CHECK_FALSE(blocking_cause({nullptr, {&p}}));
}

TEST_CASE("cause: probes described") {
  CHECK(describe_probe({{"tcpSocket", {{"port", 5432}}}}) == "tcp :5432");
  CHECK(describe_probe({{"exec", {{"command", {"pg_isready", "-q"}}}}}) == "exec [pg_isready -q]");
  CHECK(describe_probe({{"grpc", {{"port", 9090}}}}) == "grpc :9090");
  CHECK(describe_probe({{"httpGet", {{"port", "http"}}}}) == "http GET :http/");
}

TEST_CASE("cause: another Warning Event about a pod that is not ready") {
  Json p = a_pod("api-1", "Pending", Json::array());
  Json e = event("Pod", "api-1", "FailedMount", "MountVolume.SetUp failed for volume \"config\": configmap \"api\" not found");
  Json other = event("Pod", "web-1", "FailedMount", "not about this service");
  auto c = blocking_cause({nullptr, {&p}, {}, {}, {&other, &e}});
  REQUIRE(c);
  CHECK(c->reason == "FailedMount");
  CHECK(c->message == "pod api-1: MountVolume.SetUp failed for volume \"config\": configmap \"api\" not found");
}

TEST_CASE("cause: the most specific first") {
  Json d = a_deployment(3);
  d["status"]["conditions"] = Json::array({{{"type", "ReplicaFailure"}, {"status", "True"}, {"reason", "FailedCreate"},
                                            {"message", "exceeded quota: q"}}});
  Json crash = crashloop_pod("a"), pull = imagepull_pod("b"), pending = unschedulable_pod("c"), probing = probing_pod("d");
  Json pvc = claim("data", "Pending");
  // a container that waiting will not fix, before anything else (the first pod's first)
  CHECK(blocking_cause({&d, {&probing, &pending, &pull, &crash}, {}, {&pvc}})->reason == "ImagePullBackOff");
  // then a claim not bound (it is why pods cannot be placed)
  CHECK(blocking_cause({&d, {&probing, &pending}, {}, {&pvc}})->reason == "ClaimPending");
  // then the scheduler, then the controller, then readiness
  CHECK(blocking_cause({&d, {&probing, &pending}})->reason == "Unschedulable");
  CHECK(blocking_cause({&d, {&probing}})->reason == "FailedCreate");
  d["status"].erase("conditions");
  CHECK(blocking_cause({&d, {&probing}})->reason == "ReadinessProbeFailing");
}

TEST_CASE("cause: long or multi-line messages the cluster wrote become one bounded line") {
  Json p = crashloop_pod("a");
  p["status"]["containerStatuses"][0]["lastState"]["terminated"]["message"] = std::string(1000, 'x') + "\nsecond line";
  auto c = blocking_cause({nullptr, {&p}});
  REQUIRE(c);
  CHECK(c->message.find('\n') == std::string::npos);
  CHECK(c->message.size() < 400);
  CHECK(c->message.ends_with("..."));
}

TEST_CASE("cause: a hook Job's failure: its condition, its pod's container, its logs or why not") {
  Json job = {{"kind", "Job"},
              {"metadata", {{"name", "api-preupdate-1"}}},
              {"status", {{"conditions", Json::array({{{"type", "Failed"}, {"status", "True"}, {"reason", "DeadlineExceeded"},
                                                       {"message", "Job was active longer than specified deadline"}}})}}}};
  Json p = crashloop_pod("api-preupdate-1-x");
  std::vector<const Json*> pods{&p};
  auto c = job_cause(job, pods, {}, {"migrating...\npanic: cannot connect to cart:7070", {}});
  CHECK(c.reason == "HookFailed");
  CHECK(c.message ==
        "DeadlineExceeded: Job was active longer than specified deadline; container api: CrashLoopBackOff, last exit 1 (Error): "
        "panic: cannot connect to cart:7070; last log lines:\nmigrating...\npanic: cannot connect to cart:7070");
  c = job_cause(job, pods, {}, {{}, "500: the node's log endpoint cannot be reached"});
  CHECK(c.message ==
        "DeadlineExceeded: Job was active longer than specified deadline; container api: CrashLoopBackOff, last exit 1 (Error): "
        "panic: cannot connect to cart:7070; its logs could not be read (500: the node's log endpoint cannot be reached)");
  // a pod that ran to a non-zero exit
  Json done = a_pod("api-preupdate-1-y", "Failed",
                    Json::array({container_status("api", {{"terminated", {{"exitCode", 2}, {"reason", "Error"}, {"message", "no such table"}}}})}));
  pods = {&done};
  c = job_cause(job, pods, {}, {{}, "gone"});
  CHECK(c.message ==
        "DeadlineExceeded: Job was active longer than specified deadline; container api: exit 2 (Error): no such table; its logs "
        "could not be read (gone)");
  // no condition yet (the step's own deadline), no pod: what is known
  Json running = {{"kind", "Job"}, {"metadata", {{"name", "j"}}}};
  CHECK(job_cause(running, {}, {}, {{}, "the job has no pod left"}).message == "its logs could not be read (the job has no pod left)");
}

TEST_CASE("cause: assess keeps the cause while waiting and past the deadline") {
  Json d = {{"kind", "Deployment"},
            {"metadata", {{"name", "api"}, {"generation", 1}}},
            {"spec", {{"replicas", 1}}},
            {"status", {{"observedGeneration", 1}, {"replicas", 0}, {"updatedReplicas", 0}}}};
  d["status"]["conditions"] = Json::array({{{"type", "ReplicaFailure"}, {"status", "True"}, {"reason", "FailedCreate"},
                                            {"message", "pods \"api-x\" is forbidden: exceeded quota: q"}}});
  ServiceObjects o;
  o.workload = &d;
  Want w{"1", false, false, Change::Provision, false};
  auto h = assess(o, w);
  CHECK_FALSE(h.failed);
  CHECK(h.reason == "FailedCreate");
  CHECK(h.message == "cannot create pods: exceeded quota: q");
  w.past_deadline = true;
  h = assess(o, w);
  CHECK(h.failed);
  CHECK(h.reason == "FailedCreate");
  CHECK(h.message == "cannot create pods: exceeded quota: q (deadline passed)");
  // the controller's deadline: when, not why
  w.past_deadline = false;
  d["status"]["conditions"].push_back({{"type", "Progressing"}, {"status", "False"}, {"reason", "ProgressDeadlineExceeded"}});
  h = assess(o, w);
  CHECK(h.failed);
  CHECK(h.reason == "FailedCreate");
  CHECK(h.message == "cannot create pods: exceeded quota: q (ProgressDeadlineExceeded)");
}

TEST_CASE("cause: the index adds the workload's ReplicaSets, claims and the Events about them") {
  std::vector<Json> live = {a_deployment(1),
                            replicaset("api-new", "2"),
                            {{"kind", "ReplicaSet"}, {"metadata", {{"name", "web-1"}, {"ownerReferences", Json::array({{{"uid", "u2"}}})}}}},
                            {{"kind", "PersistentVolumeClaim"}, {"metadata", {{"name", "data-api-0"}, {"labels", {{"app.kubernetes.io/name", "api"}}}}}},
                            {{"kind", "PersistentVolumeClaim"}, {"metadata", {{"name", "data-web-0"}, {"labels", {{"app.kubernetes.io/name", "web"}}}}}},
                            event("ReplicaSet", "api-new", "FailedCreate", "x"),
                            event("ReplicaSet", "web-1", "FailedCreate", "y"),
                            event("PersistentVolumeClaim", "data-api-0", "ProvisioningFailed", "z"),
                            event("Pod", "api-new-a", "FailedMount", "w"),
                            event("Pod", "api-gone", "FailedMount", "v")};
  Json p = a_pod("api-new-a", "Pending", Json::array());
  ServiceObjects o;
  o.workload = &live[0];
  o.pods = {&p};
  CauseIndex(live).add_to(o, "api");
  REQUIRE(o.replicasets.size() == 1);
  CHECK(o.replicasets[0] == &live[1]);
  REQUIRE(o.claims.size() == 1);
  CHECK(o.claims[0] == &live[3]);
  CHECK(std::set<const Json*>(o.events.begin(), o.events.end()) == std::set<const Json*>{&live[5], &live[7], &live[8]});
  CHECK(o.events.size() == 3);
}
