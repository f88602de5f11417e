#pragma once
// One whole run (apply, destroy) around an approved plan: lock, record written as in-progress
// before the first change, watch, execute, roll back on failure when asked, complete the
// record (succeeded, failed, interrupted), trim the history, release the lock.
#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "apply/executor.h"
#include "apply/lock.h"
#include "apply/plan.h"
#include "apply/record.h"
#include "apply/record_store.h"

namespace vsctl::apply {

struct ConvergeOptions {
  ExecOptions exec;
  LockOptions lock;
  int history_max = 10;
  bool rollback_on_failure = false;
  // Asked under the lock, with the plan made there and the newest record: true when there is
  // nothing to do and nothing to record (the run then writes no record and changes nothing).
  std::function<bool(const Plan&, const std::optional<Record>& latest)> unchanged;
};

struct ConvergeResult {
  Plan plan;               // the plan made under the lock, the one that ran
  bool unchanged = false;  // ConvergeOptions::unchanged said so: no record was written
  bool cluster_error = false;  // the run could not start for the cluster (its watch failed)
  ExecResult exec;
  Record record;
  std::optional<ExecResult> rollback;  // when a rollback ran
  std::string rollback_note;           // what the rollback did, or why it could not
};

// The plan to run is computed by `replan` once the lock is held (what was approved may have
// changed meanwhile; the caller compares digests and refuses). `record` carries the commit,
// environment, who, services and objects; revision, times and outcome are filled here.
using Replan = std::function<util::Result<std::pair<Plan, std::map<k8s::ObjectKey, k8s::Json>>>()>;

// The documented exit code of a finished run: 0 succeeded (or unchanged), 130 interrupted, 5
// when every failed step failed on the API server (away until the deadline, or refusing a
// write: a cluster error, not a convergence one), else 6.
int exit_code(const ConvergeResult& r);
// Whether a step's failure reason is the API server's doing (ClusterUnavailable, ApplyFailed,
// DeleteFailed) rather than the service's failing to converge.
bool is_cluster_failure(std::string_view reason);

util::Result<ConvergeResult> converge(kube::ClusterClient& client, Reporter& reporter, const Replan& replan,
                                      Record record, const ConvergeOptions& opts);

}  // namespace vsctl::apply
