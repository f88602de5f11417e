#pragma once
// vsctl reconcile: keep the cluster converged to the tip of a branch. Each round reads the
// branch, plans against the cluster, applies when the VersionSet changed or the cluster drifted
// (under apply's lock, recorded as operation "reconcile"), then fails over unhealthy instances
// by recovery mode. The decisions are src/reconcile's; this is the part that does things.
#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <string>

#include "cli/app.h"
#include "cli/convergence.h"
#include "cli/reconcile_log.h"
#include "reconcile/alert.h"
#include "reconcile/failover.h"
#include "reconcile/loop.h"

namespace vsctl::cli {

struct ReconcileOptions {
  std::string repo, branch = "main", cache_dir;
  bool once = false, prune = false, failover = true, json = false;
  std::chrono::milliseconds interval{std::chrono::seconds(30)};
  std::chrono::seconds timeout{300};
  std::size_t concurrency = 4;
  int history_max = 10;
  reconcile::FailoverOptions failover_opts;
  std::string webhook;  // never printed: it may carry a token
};

struct RoundResult {
  int code = 0;  // apply's exit codes: 0, 3, 4, 5, 6, 7, 8, 130
  reconcile::RoundEnd end = reconcile::RoundEnd::Done;
};

class Reconciler {
 public:
  Reconciler(const Globals& g, ReconcileOptions o, RoundLog& log, const std::atomic<bool>& interrupted);
  RoundResult round(int n);

 private:
  struct Loaded;
  util::Result<int> apply_round(Loaded& l, int n);
  void failover(Target& t, const std::string& commit);
  void alert(kube::ClusterClient& client, reconcile::Alert a);

  const Globals& g_;
  ReconcileOptions o_;
  RoundLog& log_;
  const std::atomic<bool>& interrupted_;
  reconcile::FailoverState failover_state_;
  std::string last_refusal_;  // alerted once per distinct refusal
  std::unique_ptr<reconcile::Notifier> notifier_;
};

// The webhook notifier: POSTs the alert as JSON (libcurl), 10 s timeout.
std::unique_ptr<reconcile::Notifier> make_webhook_notifier(std::string url);

}  // namespace vsctl::cli
