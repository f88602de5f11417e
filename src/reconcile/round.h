#pragma once
// One reconcile round and the failover after it: read the tip of the branch, make the desired
// state (the branch's own diff policy), plan against the cluster, decide (decide.h), converge
// through the engine when needed (under apply's lock, recorded as operation "reconcile"), then
// fail over unhealthy instances by recovery mode (failover.h). What the round says goes to a
// RoundLog; the cluster connection, the live progress and the diagnostics' format are the
// caller's (Ports).
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "apply/events.h"
#include "engine/desired.h"
#include "k8s/json.h"
#include "kube/cluster_client.h"
#include "reconcile/alert.h"
#include "reconcile/failover.h"
#include "reconcile/loop.h"
#include "reconcile/report.h"

namespace vsctl::reconcile {

// Which VersionSet a reconciler keeps converged: the tip of the branch, or the one promoted into
// its environment (decide.h promoted_commit), so production never takes an unpromoted commit.
enum class Follow { Branch, Promoted };

struct ReconcileOptions {
  std::string repo, branch = "main", cache_dir;
  Follow follow = Follow::Branch;
  std::string manifest_path = "architecture.yaml", env;
  bool once = false, prune = false, failover = true, json = false;
  std::chrono::milliseconds interval{std::chrono::seconds(30)};
  std::chrono::seconds timeout{300};
  std::size_t concurrency = 4;
  int history_max = 10;
  FailoverOptions failover_opts;
  bool read_states = false;  // read every service's lifecycle state at the end of a round (metrics)
  std::string webhook;  // never printed: it may carry a token
};

struct RoundResult {
  int code = 0;  // apply's exit codes: 0, 3, 4, 5, 6, 7, 8, 130
  RoundEnd end = RoundEnd::Done;
  RoundReport report;
};

// What a round tells: one finding or action at a time ("Converged", "Apply", "Refused", ...).
class RoundLog {
 public:
  virtual ~RoundLog() = default;
  virtual void set_round(int n) = 0;
  virtual void say(const std::string& type, const std::string& message, k8s::Json extra = k8s::Json::object()) = 0;
};

struct Ports {
  // Connects to the cluster of `view` (its environment's context; may set its namespace).
  std::function<util::Result<std::unique_ptr<kube::ClusterClient>>(manifest::Architecture& view)> connect;
  // The live progress of an apply.
  std::function<std::unique_ptr<apply::Reporter>()> reporter;
  // Shows the diagnostics of an invalid VersionSet.
  engine::ShowDiagnostics show;
};

class Reconciler {
 public:
  Reconciler(ReconcileOptions o, Ports ports, RoundLog& log, const std::atomic<bool>& interrupted);
  RoundResult round(int n);

 private:
  struct Loaded;
  RoundResult round_once(RoundReport& report);
  void read_states(kube::ClusterClient& client, const manifest::Architecture& view, RoundReport& report);
  util::Result<int> apply_round(Loaded& l, RoundReport& report);
  void failover(kube::ClusterClient& client, const manifest::Architecture& view, const std::string& commit,
                RoundReport& report);
  void alert(kube::ClusterClient& client, Alert a);

  ReconcileOptions o_;
  Ports ports_;
  RoundLog& log_;
  const std::atomic<bool>& interrupted_;
  FailoverState failover_state_;
  std::string last_refusal_;  // alerted once per distinct refusal
  std::unique_ptr<Notifier> notifier_;
};

}  // namespace vsctl::reconcile
