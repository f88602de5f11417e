#pragma once
// Failover by recovery mode, decided from the architecture's pods as a pure function of what
// was seen, what was seen before (FailoverState, kept by the loop between rounds) and the time.
//
// A pod is unhealthy when it is not Ready (a pod being deleted, one that finished, or one that
// cannot be scheduled is left alone: deleting it would not help). It is failed once it has been
// seen unhealthy for `after`, or once its containers restarted `restarts` times while unready
// (a crash loop). Then, by the recovery mode of its service:
//   cattle  the pod is deleted: its controller makes a new one, scheduled afresh
//   pet     the pod is deleted and comes back with the same name and volume, at most
//           `pet_restarts` times; then the service is escalated once: Failed, needs a person
// A service whose pods are all Ready again starts over: its restarts and escalation are cleared.
#include <chrono>
#include <map>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "k8s/json.h"
#include "manifest/model.h"

namespace vsctl::reconcile {

using TimePoint = std::chrono::steady_clock::time_point;

struct FailoverOptions {
  std::chrono::milliseconds after{std::chrono::minutes(2)};
  int restarts = 3;      // container restarts while unready that count as failed (0: never)
  int pet_restarts = 3;  // in-place restarts of a pet before it needs a person
};

struct FailoverState {
  std::map<std::string, TimePoint> unhealthy_since;  // by pod uid
  std::map<std::string, int> pet_restarts;           // by service
  std::set<std::string> escalated;                   // services that need a person
};

enum class FailoverKind { ReplaceCattle, RestartPet, Escalate };
const char* to_string(FailoverKind k);

struct FailoverAction {
  FailoverKind kind = FailoverKind::ReplaceCattle;
  std::string service;
  std::string pod;     // the pod to delete (for Escalate, the pod that is still failing)
  std::string reason;  // CrashLoopBackOff, Unready, ...
  std::string message; // for people
  int attempt = 0;     // RestartPet: which restart this is; Escalate: how many were made
};

// One pod as failover sees it.
struct PodHealth {
  std::string name, uid, service;
  bool skip = false;  // terminating, finished, unschedulable, a hook's, or not a service's
  bool ready = false;
  int restarts = 0;
  std::string reason;  // the stuck reason, else "Unready"
};
PodHealth pod_health(const k8s::Json& pod);

// Decides this round's actions and updates `state` (forgets pods no longer there).
std::vector<FailoverAction> plan_failover(const manifest::Architecture& view, std::span<const k8s::Json> pods,
                                          FailoverState& state, TimePoint now, const FailoverOptions& opts);

}  // namespace vsctl::reconcile
