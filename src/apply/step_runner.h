#pragma once
// One step of a plan, for real: its actions in order (server-side apply with vsctl's field
// manager and force, hooks as Jobs waited to completion, deletes, replaces), then the wait
// through the lifecycle states until Run (or, for Destroy, until everything is gone), the
// failure or the deadline. Reports every state transition.
#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "apply/events.h"
#include "apply/plan.h"
#include "apply/watcher.h"
#include "diff/policy.h"
#include "kube/cluster_client.h"

namespace vsctl::apply {

struct StepContext {
  kube::ClusterClient& client;
  Watcher& watcher;
  Reporter& reporter;
  const std::map<k8s::ObjectKey, k8s::Json>& objects;  // desired bodies (and hook Jobs), by key
  std::chrono::seconds timeout{300};                   // per service
  const std::atomic<bool>& cancel;                     // stop waiting at once
  int wave = 0;
  const diff::Policy& policy;  // which field managers are people (their fields are taken over)
};

struct StepOutcome {
  bool ok = false;
  bool cancelled = false;
  health::State state = health::State::Provision;
  std::string reason;
  std::string message;
  int ready = 0, desired = 0;
  std::vector<std::string> written = {};  // "apply v1 Service shop/cart", "delete ..." in order: what it changed
  k8s::Json rollout = nullptr;            // a progressive rollout's last progress (rollout::Progress), analyses included
};

StepOutcome run_step(const Step& step, StepContext& ctx);

}  // namespace vsctl::apply
