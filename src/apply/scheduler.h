#pragma once
// The step function of an apply: given where every step of the plan stands, which steps start
// next and whether the run is over. Pure; the executor calls it under a bounded driver loop.
// A step starts as soon as every step it must follow (Step::after) has succeeded, whatever the
// rest of its wave does; at most `concurrency` steps run at once, and among the steps ready to
// start the earlier wave goes first, then the name (the plan's order). The failure policy
// follows each service's importance (manifest spec):
//   critical  stop at once (steps in flight are cancelled)
//   high      start nothing new, let what is in flight finish, then stop
//   normal    the service is Failed, the steps that follow it (transitively) are skipped, the
//             rest goes on
//   low       the service is Failed, everything goes on (the steps that follow it start)
#include <cstddef>
#include <string>
#include <vector>

#include "apply/plan.h"

namespace vsctl::apply {

enum class StepStatus { Pending, Running, Succeeded, Failed, Skipped, Cancelled };
const char* to_string(StepStatus s);

// What a failure of a service of this importance does to the rest of the run.
enum class OnFailure { StopNow, Drain, SkipDependents, Continue };
OnFailure on_failure(manifest::Importance i);

struct Schedule {
  std::vector<const Step*> steps;  // the plan's steps, wave by wave
  std::vector<int> wave;           // the wave of each step
  std::vector<std::vector<std::size_t>> after;  // the steps each step must follow (Step::after)
  std::vector<StepStatus> status;
  bool draining = false;     // start nothing new (high failed, or interrupted)
  bool stopped = false;      // stop at once (critical failed)
  std::string stop_reason;   // why draining / stopped

  explicit Schedule(const Plan& p);
  // Marks step i finished; applies the failure policy (skips dependents, drains, stops).
  void finish(std::size_t i, StepStatus result);
  // Start nothing new from now on.
  void drain(std::string reason);
};

struct Decision {
  std::vector<std::size_t> start;  // steps to start now
  std::vector<std::size_t> cancel; // running steps to cancel (stop at once)
  bool done = false;               // nothing runs and nothing more will start
};

// The next move. `concurrency` >= 1.
Decision next(Schedule& s, std::size_t concurrency);

}  // namespace vsctl::apply
