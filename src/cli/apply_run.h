#pragma once
// The part of apply and destroy after the plan is made: confirmation, dry run, the namespace,
// the run itself (lock, record, execute, rollback), the summary and the exit code.
#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "apply/planner.h"
#include "cli/app.h"
#include "cli/convergence.h"
#include "cli/signals.h"

namespace vsctl::cli {

// The flags apply and destroy share, as written on the command line.
struct RunFlags {
  bool yes = false, force_context = false, allow_one_way = false;
  std::vector<std::string> allow;
  std::string timeout = "5m", wait_for_lock = "0s", output = "text";
  int concurrency = 4, history_max = 10;
};

struct ApplyCmd {
  RunFlags run;
  std::string rev;
  bool dry_run = false, prune = false, adopt = false, allow_dirty = false, allow_empty = false;
  bool rollback_on_failure = false;
  std::string plan_digest, plan_file;
};

struct RunSpec {
  std::string operation = "apply";  // apply, destroy, rollback
  std::string commit;
  bool dirty = false;
  bool yes = false, dry_run = false, json = false, rollback_on_failure = false;
  bool pinned = false;  // --plan-digest/--plan: only that plan may run, even after waiting for the lock
  std::chrono::seconds timeout{300};
  std::chrono::milliseconds wait_for_lock{0};
  std::size_t concurrency = 4;
  int history_max = 10;
  apply::PlanOptions plan_options;
  bool dependents_first = false;  // rollback: the plan's waves reversed (apply/rollback_order.h), also when planned again
};

// Registers the shared flags on `sub`; `doors` lists the one-way doors the command may cross.
void add_run_flags(CLI::App* sub, RunFlags& f, const std::string& doors);

// The RunSpec fields the shared flags decide (durations parsed, flags named in errors).
util::Result<RunSpec> run_spec(const std::string& operation, const RunFlags& f);

util::Result<int> run_convergence(const Globals& g, Target& t, Planned planned, const RunSpec& spec,
                                  const std::atomic<bool>& interrupted);

}  // namespace vsctl::cli
