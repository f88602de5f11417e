#include "health/service.h"

#include <doctest/doctest.h>

#include "health/hpa.h"
#include "health/job.h"
#include "health/pod.h"

using vsctl::k8s::Json;
using namespace vsctl::health;

namespace {

Json deployment(int replicas, int updated, int total, int available) {
  return {{"kind", "Deployment"},
          {"metadata", {{"name", "cart"}, {"generation", 1}}},
          {"spec", {{"replicas", replicas}}},
          {"status",
           {{"observedGeneration", 1}, {"updatedReplicas", updated}, {"replicas", total},
            {"availableReplicas", available}, {"readyReplicas", available}}}};
}

Json pod(std::string name, std::string version, bool running, bool ready, std::string waiting = {}) {
  Json cs = {{"name", "app"}};
  if (!waiting.empty())
    cs["state"] = {{"waiting", {{"reason", waiting}, {"message", "back-off restarting"}}}};
  else if (running)
    cs["state"] = {{"running", Json::object()}};
  else
    cs["state"] = {{"waiting", {{"reason", "ContainerCreating"}}}};
  return {{"metadata", {{"name", name}, {"labels", {{"app.kubernetes.io/version", version}}}}},
          {"spec", {{"containers", Json::array({{{"name", "app"}}})}}},
          {"status",
           {{"phase", running || !waiting.empty() ? "Running" : "Pending"},
            {"conditions", Json::array({{{"type", "Ready"}, {"status", ready ? "True" : "False"}}})},
            {"containerStatuses", Json::array({cs})}}}};
}

Json service() { return {{"kind", "Service"}, {"spec", {{"selector", {{"app.kubernetes.io/name", "cart"}}}}}}; }

Json slice(std::vector<std::string> pods) {
  Json eps = Json::array();
  for (auto& p : pods) eps.push_back({{"targetRef", {{"name", p}}}, {"conditions", {{"ready", true}}}});
  return {{"endpoints", eps}};
}

}  // namespace

TEST_CASE("health service: Provision, Ready, Run") {
  Json d = deployment(2, 2, 2, 0);
  Json p1 = pod("a", "2.0.0", false, false), p2 = pod("b", "2.0.0", true, false);
  ServiceObjects o;
  o.workload = &d;
  o.pods = {&p1, &p2};
  Want w{"2.0.0", false, false, Change::Provision, false};
  auto h = assess(o, w);
  CHECK(h.state == State::Provision);
  CHECK(!h.done);

  p1 = pod("a", "2.0.0", true, false);
  h = assess(o, w);
  CHECK(h.state == State::Ready);
  CHECK(h.message == "waiting for 0/2 replicas available");

  p1 = pod("a", "2.0.0", true, true);
  p2 = pod("b", "2.0.0", true, true);
  d = deployment(2, 2, 2, 2);
  h = assess(o, w);
  CHECK(h.state == State::Run);
  CHECK(h.done);
  CHECK(h.ready == 2);
}

TEST_CASE("health service: endpoints must list exactly the ready pods") {
  Json d = deployment(2, 2, 2, 2);
  Json p1 = pod("a", "1", true, true), p2 = pod("b", "1", true, true);
  Json svc = service();
  Json s1 = slice({"a"});
  ServiceObjects o{&d, {&p1, &p2}, &svc, {&s1}, nullptr, 0};
  Want w{"1", true, false, Change::Update, false};
  auto h = assess(o, w);
  CHECK(!h.done);
  CHECK(h.message == "waiting for endpoints: 1/2 ready pods listed");
  s1 = slice({"a", "b"});
  CHECK(assess(o, w).state == State::Run);
  s1 = slice({"a", "b", "old"});
  CHECK(assess(o, w).message == "waiting for endpoints: 2/2 ready pods listed, 1 stale");
}

TEST_CASE("health service: an update in progress until old instances are gone") {
  Json d = deployment(1, 1, 2, 1);
  Json old = pod("o", "1.0.0", true, true), neu = pod("n", "1.1.0", false, false);
  ServiceObjects o{&d, {&old, &neu}, nullptr, {}, nullptr, 0};
  auto h = assess(o, Want{"1.1.0", false, false, Change::Update, false});
  CHECK(h.state == State::Update);
  CHECK(h.old == 1);
  h = assess(o, Want{"1.1.0", false, false, Change::Rollback, false});
  CHECK(h.state == State::Rollback);
}

TEST_CASE("health service: crash loop and image pull fail at once, with the reason") {
  Json d = deployment(1, 1, 1, 0);
  Json p = pod("a", "1", false, false, "CrashLoopBackOff");
  ServiceObjects o{&d, {&p}, nullptr, {}, nullptr, 0};
  auto h = assess(o, Want{"1", false, false, Change::Update, false});
  CHECK(h.state == State::Failed);
  CHECK(h.reason == "CrashLoopBackOff");
  p = pod("a", "1", false, false, "ImagePullBackOff");
  CHECK(assess(o, Want{"1", false, false, Change::Update, false}).reason == "ImagePullBackOff");
  // a crash-looping pod of an older version is not this change's failure
  p = pod("a", "0", false, false, "CrashLoopBackOff");
  CHECK(assess(o, Want{"1", false, false, Change::Update, false}).state != State::Failed);
}

TEST_CASE("health service: unschedulable fails only past the deadline") {
  Json d = deployment(1, 1, 1, 0);
  Json p = {{"metadata", {{"name", "a"}, {"labels", {{"app.kubernetes.io/version", "1"}}}}},
            {"status",
             {{"phase", "Pending"},
              {"conditions", Json::array({{{"type", "PodScheduled"}, {"status", "False"}, {"reason", "Unschedulable"},
                                            {"message", "0/3 nodes are available"}}})}}}};
  ServiceObjects o{&d, {&p}, nullptr, {}, nullptr, 0};
  auto h = assess(o, Want{"1", false, false, Change::Provision, false});
  CHECK(h.state == State::Provision);
  CHECK(h.reason == "Unschedulable");
  h = assess(o, Want{"1", false, false, Change::Provision, true});
  CHECK(h.state == State::Failed);
  CHECK(h.reason == "Unschedulable");
}

TEST_CASE("health service: destroy waits for every object and pod") {
  Json p = pod("a", "1", true, true);
  ServiceObjects o;
  o.pods = {&p};
  auto h = assess(o, Want{"1", false, false, Change::Destroy, false});
  CHECK(h.state == State::Destroy);
  CHECK(!h.done);
  o.pods.clear();
  CHECK(assess(o, Want{"1", false, false, Change::Destroy, false}).done);
}

TEST_CASE("health job and hpa") {
  Json j = {{"status", {{"active", 1}}}};
  CHECK(job(j).message == "waiting for the job to complete (1 active)");
  j["status"]["conditions"] = Json::array({{{"type", "Failed"}, {"status", "True"}, {"reason", "BackoffLimitExceeded"}}});
  CHECK(job(j).failed);
  CHECK(job(j).reason == "BackoffLimitExceeded");
  j["status"]["conditions"] = Json::array({{{"type", "Complete"}, {"status", "True"}}});
  CHECK(job(j).done);

  Json h = {{"spec", {{"minReplicas", 2}, {"maxReplicas", 5}}},
            {"status", {{"conditions", Json::array({{{"type", "ScalingActive"}, {"status", "False"}, {"reason", "FailedGetResourceMetric"}}})}}}};
  CHECK(hpa(h).done);
  CHECK(hpa(h).message == "scaling between 2 and 5 (no metrics: FailedGetResourceMetric)");
}

TEST_CASE("health pod: stuck reasons") {
  CHECK(is_stuck_reason("CrashLoopBackOff"));
  CHECK(!is_stuck_reason("ContainerCreating"));
  auto s = vsctl::health::pod(pod("a", "1", false, false, "CrashLoopBackOff"));
  CHECK(s.stuck_reason == "CrashLoopBackOff");
  CHECK(!s.running);
}

TEST_CASE("health service: an autoscaled service runs once its autoscaler has brought it into min..max") {
  Json d = deployment(1, 1, 1, 1);  // a new Deployment starts at one instance
  Json p1 = pod("a", "2.0.0", true, true);
  Json h = {{"spec", {{"minReplicas", 2}, {"maxReplicas", 6}}}};
  ServiceObjects o;
  o.workload = &d;
  o.autoscaler = &h;
  o.pods = {&p1};
  Want w;
  w.version = "2.0.0";
  w.autoscaled = true;
  w.change = Change::Provision;
  auto s = assess(o, w);
  CHECK_FALSE(s.done);
  CHECK(s.state == State::Provision);
  CHECK(s.message == "waiting for the autoscaler to bring 1 instance(s) into 2..6");

  d = deployment(2, 2, 2, 2);  // the autoscaler's first sync
  Json p2 = pod("b", "2.0.0", true, true);
  o.pods = {&p1, &p2};
  s = assess(o, w);
  CHECK(s.done);
  CHECK(s.state == State::Run);
}

TEST_CASE("health service: a workload older than the generation the apply wrote is a stale read, judged neither way") {
  Json d = deployment(2, 2, 2, 2);  // generation 1, failed before the fix
  d["status"]["conditions"] = Json::array({{{"type", "Progressing"}, {"status", "False"}, {"reason", "ProgressDeadlineExceeded"}}});
  Json p1 = pod("a", "2.0.0", true, true), p2 = pod("b", "2.0.0", true, true);
  ServiceObjects o;
  o.workload = &d;
  o.pods = {&p1, &p2};
  Want w{"2.0.0", false, false, Change::Update, false};
  w.generation = 2;
  auto h = assess(o, w);
  CHECK_FALSE(h.failed);
  CHECK_FALSE(h.done);
  CHECK(h.message == "waiting to see generation 2 of the workload (seen 1)");
  d["metadata"]["generation"] = 2;
  d["status"]["observedGeneration"] = 2;
  d["status"]["conditions"] = Json::array({{{"type", "Progressing"}, {"status", "True"}, {"reason", "NewReplicaSetAvailable"}}});
  h = assess(o, w);
  CHECK(h.done);
}

TEST_CASE("health service: Run is judged against the instances wanted, not the ones a stale read shows") {
  Json d = deployment(5, 5, 5, 5);  // kubectl scale --replicas=5; the manifest says 3
  std::vector<Json> pods;
  for (auto n : {"a", "b", "c", "d", "e"}) pods.push_back(pod(n, "1.0.0", true, true));
  ServiceObjects o;
  o.workload = &d;
  for (auto& p : pods) o.pods.push_back(&p);
  Want w{"1.0.0", false, false, Change::Scale, false};
  w.instances = 3;
  auto h = assess(o, w);
  CHECK_FALSE(h.done);
  CHECK(h.message == "waiting for the workload to want 3 instance(s) (it wants 5)");
  d = deployment(3, 3, 3, 3);
  o.pods.resize(3);
  h = assess(o, w);
  CHECK(h.done);
  CHECK(h.message == "3/3 ready");
}

TEST_CASE("health service: past the progress deadline the specific cause stays, with the deadline added") {
  Json d = deployment(1, 1, 1, 0);
  d["status"]["conditions"] = Json::array({{{"type", "Progressing"}, {"status", "False"}, {"reason", "ProgressDeadlineExceeded"},
                                            {"message", "ReplicaSet \"a\" has timed out progressing."}}});
  Json p = pod("a", "1", false, false, "CrashLoopBackOff");
  ServiceObjects o{&d, {&p}, nullptr, {}, nullptr, 0};
  auto h = assess(o, Want{"1", false, false, Change::Update, false});
  CHECK(h.reason == "CrashLoopBackOff");
  CHECK(h.message == "container app: CrashLoopBackOff: back-off restarting (ProgressDeadlineExceeded)");
  Json pending = {{"metadata", {{"name", "a"}, {"labels", {{"app.kubernetes.io/version", "1"}}}}},
                  {"status",
                   {{"phase", "Pending"},
                    {"conditions", Json::array({{{"type", "PodScheduled"}, {"status", "False"}, {"reason", "Unschedulable"},
                                                 {"message", "0/3 nodes are available: 3 Insufficient cpu."}}})}}}};
  o.pods = {&pending};
  h = assess(o, Want{"1", false, false, Change::Update, false});
  CHECK(h.reason == "Unschedulable");
  CHECK(h.message == "1 pod(s) unschedulable: 0/3 nodes are available: 3 Insufficient cpu. (ProgressDeadlineExceeded)");
}

TEST_CASE("health service: more ready instances than wanted is a scale-in still under way, not Run") {
  Json d = deployment(1, 1, 1, 1);  // the controller already reports the new count
  std::vector<Json> pods;
  for (auto n : {"a", "b", "c"}) pods.push_back(pod(n, "1.0.0", true, true));
  ServiceObjects o;
  o.workload = &d;
  for (auto& p : pods) o.pods.push_back(&p);
  auto h = assess(o, Want{"1.0.0", false, false, Change::Scale, false});
  CHECK_FALSE(h.done);
  CHECK(h.message == "waiting for 2 extra instance(s) to go");
  o.pods.resize(1);
  CHECK(assess(o, Want{"1.0.0", false, false, Change::Scale, false}).done);
}

TEST_CASE("health service: the failing pods of a drifted template are not the failure of the rollout that takes it back") {
  // kubectl set image left crash-looping pods of the same version; the apply puts the template back
  Json d = deployment(1, 0, 2, 0);
  d["metadata"]["generation"] = 3;
  d["metadata"]["annotations"] = {{"deployment.kubernetes.io/revision", "3"}};
  d["status"]["observedGeneration"] = 2;  // the controller has not acted yet
  Json drifted = pod("drifted", "2.0.0", false, false, "CrashLoopBackOff");
  drifted["metadata"]["labels"]["pod-template-hash"] = "bad";
  Json rs_bad = {{"metadata", {{"annotations", {{"deployment.kubernetes.io/revision", "2"}}}, {"labels", {{"pod-template-hash", "bad"}}}}}};
  Json rs_new = {{"metadata", {{"annotations", {{"deployment.kubernetes.io/revision", "3"}}}, {"labels", {{"pod-template-hash", "good"}}}}}};
  ServiceObjects o;
  o.workload = &d;
  o.pods = {&drifted};
  o.replicasets = {&rs_bad, &rs_new};
  Want w{"2.0.0", false, false, Change::Update, false};
  w.generation = 3;
  auto h = assess(o, w);
  CHECK(h.state == State::Update);
  CHECK(h.message.find("observe generation 3") != std::string::npos);

  d["status"]["observedGeneration"] = 3;  // acted: a new ReplicaSet, its pod not there yet
  h = assess(o, w);
  CHECK(h.state == State::Update);
  CHECK(h.old == 1);

  // a pod of the current template that crash-loops is this rollout's failure, at once
  Json fresh = pod("fresh", "2.0.0", false, false, "CrashLoopBackOff");
  fresh["metadata"]["labels"]["pod-template-hash"] = "good";
  o.pods = {&drifted, &fresh};
  h = assess(o, w);
  CHECK(h.state == State::Failed);
  CHECK(h.reason == "CrashLoopBackOff");
}
