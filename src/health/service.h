#pragma once
// The lifecycle state of one service, computed from its workload, its pods, its Service's
// endpoints and its autoscaler (manifest spec, "Lifecycle states and change kinds"):
//   Provision  its objects exist, no instance of the wanted version is running yet
//   Ready      every wanted instance of the wanted version is running, not all pass readiness
//   Run        the rollout is complete and the endpoints list exactly the ready instances
//   Update / Rollback / Scale   a change of that kind is under way (before Ready)
//   Destroy    its objects are being deleted
//   Failed     with a reason: the most specific cause found (cause.h: CrashLoopBackOff,
//              ImagePullBackOff, ... at once; Unschedulable, FailedCreate, ClaimPending,
//              ReadinessProbeFailing past the deadline), else ProgressDeadlineExceeded
// While it waits, `reason` and `message` name the cause when there is one.
#include <map>
#include <span>
#include <string>
#include <vector>

#include "health/check.h"
#include "health/state.h"
#include "k8s/json.h"

namespace vsctl::health {

struct ServiceObjects {
  const k8s::Json* workload = nullptr;  // Deployment or StatefulSet
  std::vector<const k8s::Json*> pods;   // the pods its selector picks
  const k8s::Json* service = nullptr;   // its Service, when it has ports
  std::vector<const k8s::Json*> endpoint_slices;
  const k8s::Json* autoscaler = nullptr;
  std::size_t other_objects = 0;  // other objects still present (for Destroy)
  // What says why it is blocked (cause.h): the ReplicaSets the workload owns, its claims, and
  // Warning Events (those about other objects are ignored).
  std::vector<const k8s::Json*> replicasets = {};
  std::vector<const k8s::Json*> claims = {};
  std::vector<const k8s::Json*> events = {};
};

struct Want {
  std::string version;       // the app.kubernetes.io/version label value of the wanted version
  bool has_ports = false;    // a Service is expected
  bool autoscaled = false;   // an autoscaler is expected
  Change change = Change::None;  // what is under way
  bool past_deadline = false;    // the service's deadline has passed
  // The workload's generation the apply wrote (0: not known). An older one is a stale read:
  // nothing is judged from it, neither Run nor a failure its status still shows.
  long long generation = 0;
  int instances = -1;  // the instances wanted (not autoscaled); -1: not known
};

struct ServiceHealth {
  State state = State::Provision;
  bool done = false;    // reached Run (Destroy: everything is gone)
  bool failed = false;  // state == Failed
  std::string reason;   // why it failed, or what blocks it ("Unschedulable")
  std::string message;  // "waiting for 2/3 replicas available"
  int ready = 0;        // instances of the wanted version ready
  int desired = 0;      // instances wanted
  int old = 0;          // instances of other versions still there
};

ServiceHealth assess(const ServiceObjects& objs, const Want& want);

// What says why services are blocked, out of the objects read from a namespace and its Warning
// Events, indexed once (a status of a thousand services reads them all): the ReplicaSets by
// owner, the claims by service (app.kubernetes.io/name), the Events by the object they are about.
// Pointers point into `live`, which must outlive it.
class CauseIndex {
 public:
  explicit CauseIndex(std::span<const k8s::Json> live);
  // Adds to `objs` (its workload and pods already found) the ReplicaSets its workload owns, the
  // claims of service `name`, and the Events about the workload, those ReplicaSets, claims and
  // pods.
  void add_to(ServiceObjects& objs, std::string_view name) const;

 private:
  using About = std::pair<std::string, std::string>;  // kind, name
  std::map<std::string, std::vector<const k8s::Json*>> replicasets_;  // by owner uid
  std::map<std::string, std::vector<const k8s::Json*>, std::less<>> claims_;  // by service
  std::map<About, std::vector<const k8s::Json*>> events_;
};

}  // namespace vsctl::health
