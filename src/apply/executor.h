#pragma once
// Runs a plan: the scheduler's step function under a bounded driver loop (an overall deadline
// and an iteration cap), steps of a wave in parallel up to `concurrency`, each on its own
// worker thread. Interruption (SIGINT/SIGTERM) starts nothing new and stops waiting.
#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "apply/events.h"
#include "apply/plan.h"
#include "apply/scheduler.h"
#include "apply/watcher.h"
#include "diff/policy.h"
#include "kube/cluster_client.h"

namespace vsctl::apply {

struct ExecOptions {
  std::size_t concurrency = 4;
  std::chrono::seconds timeout{300};  // per service
  const std::atomic<bool>* interrupted = nullptr;
  const std::atomic<bool>* lock_lost = nullptr;  // true when the lock was taken over
  diff::Policy policy = diff::Policy::defaults();  // which field managers are people (drift)
};

struct StepResult {
  std::string service;
  Change change = Change::None;
  StepStatus status = StepStatus::Pending;
  health::State state = health::State::Provision;
  std::string reason, message;
  std::vector<std::string> written = {};  // what the step changed before it ended ("apply v1 Service shop/cart")
  k8s::Json rollout = nullptr;            // a progressive rollout's outcome: steps, weight, analyses
};

struct ExecResult {
  std::vector<StepResult> steps;  // in plan order
  bool interrupted = false;
  std::string stop_reason;  // why the run stopped early, if it did
  bool ok() const;          // every step succeeded and nothing was interrupted
};

ExecResult execute(const Plan& plan, const std::map<k8s::ObjectKey, k8s::Json>& objects, kube::ClusterClient& client,
                   Watcher& watcher, Reporter& reporter, const ExecOptions& opts);

}  // namespace vsctl::apply
