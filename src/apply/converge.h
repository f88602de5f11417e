#pragma once
// One whole run (apply, destroy) around an approved plan: lock, record written as in-progress
// before the first change, watch, execute, roll back on failure when asked, complete the
// record (succeeded, failed, interrupted), trim the history, release the lock.
#include <atomic>
#include <map>
#include <optional>
#include <string>
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
};

struct ConvergeResult {
  ExecResult exec;
  Record record;
  std::optional<ExecResult> rollback;  // when a rollback ran
  std::string rollback_note;           // what the rollback did, or why it could not
};

// The plan to run is computed by `replan` once the lock is held (what was approved may have
// changed meanwhile; the caller compares digests and refuses). `record` carries the commit,
// environment, who, services and objects; revision, times and outcome are filled here.
using Replan = std::function<util::Result<std::pair<Plan, std::map<k8s::ObjectKey, k8s::Json>>>()>;

util::Result<ConvergeResult> converge(kube::ClusterClient& client, Reporter& reporter, const Replan& replan,
                                      Record record, const ConvergeOptions& opts);

}  // namespace vsctl::apply
