#pragma once
// The part of apply and destroy after the plan is made: confirmation, dry run, the namespace,
// the run itself (lock, record, execute, rollback), the summary and the exit code.
#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "apply/planner.h"
#include "cli/convergence.h"
#include "cli/signals.h"

namespace vsctl::cli {

struct ApplyCmd {
  std::string rev;
  bool yes = false, dry_run = false, prune = false, adopt = false, allow_dirty = false, allow_empty = false;
  bool force_context = false, allow_one_way = false, rollback_on_failure = false;
  std::vector<std::string> allow;
  std::string timeout = "5m", wait_for_lock = "0s", plan_digest, plan_file, output = "text";
  int concurrency = 4, history_max = 10;
};

struct RunSpec {
  std::string operation = "apply";  // apply, destroy
  std::string commit;
  bool dirty = false;
  bool yes = false, dry_run = false, json = false, rollback_on_failure = false;
  std::chrono::seconds timeout{300};
  std::chrono::milliseconds wait_for_lock{0};
  std::size_t concurrency = 4;
  int history_max = 10;
  apply::PlanOptions plan_options;
};

util::Result<int> run_convergence(const Globals& g, Target& t, Planned planned, const RunSpec& spec,
                                  const std::atomic<bool>& interrupted);

}  // namespace vsctl::cli
