#pragma once
// One converging run of an approved plan, for apply, destroy, rollback and reconcile alike: the
// architecture's namespace made (it holds the lock and the record), the record filled from the
// desired state, the plan made again under the lock (a pinned plan must not change; a plan
// refused there never runs), then apply::converge (watch, execute, roll back on failure,
// complete the record, trim the history) and the documented exit code. Prints nothing: what
// happens goes to the Reporter.
#include <atomic>
#include <chrono>
#include <optional>
#include <string>

#include "apply/converge.h"
#include "apply/events.h"
#include "engine/desired.h"
#include "engine/plan.h"

namespace vsctl::engine {

using apply::Operation;  // the record's
using apply::to_string;

struct RunSpec {
  Operation operation = Operation::Apply;
  std::string commit;  // the VersionSet's commit; "" for a dirty tree or a record's objects
  bool dirty = false;
  std::string who;     // "user@host", "reconciler@host"
  // only the approved plan may run, even after waiting for the lock (a person confirmed it, or
  // --plan-digest named it); otherwise whatever the VersionSet needs once the lock is held
  bool pinned = false;
  std::chrono::seconds timeout{300};
  std::chrono::milliseconds wait_for_lock{0};
  std::size_t concurrency = 4;
  int history_max = 10;
  bool rollback_on_failure = false;
  apply::PlanOptions plan_options;
  Order order = Order::DependenciesFirst;
  const std::atomic<bool>* interrupted = nullptr;
  std::optional<apply::PromotedFrom> promoted_from;  // a promote's source, into the record
};

struct RunOutcome {
  bool unchanged = false;  // nothing to do and already recorded as converged: nothing written
  apply::Plan plan;        // the plan that ran (or was found empty)
  std::optional<apply::ConvergeResult> result;
  int exit_code = 0;       // 0, 5, 6, 130 (apply::exit_code)
};

// Whether there is nothing to do: the plan is empty and the newest record already says this
// VersionSet converged by this operation (a destroy with nothing left is always done).
bool nothing_to_do(const Desired& d, const apply::Plan& plan, const std::optional<apply::Record>& last, const RunSpec& spec);

// The whole run. `approved` is the plan shown (and confirmed); refusals in it, or in the plan
// made under the lock, stop the run before anything changes (ErrorKind::Refused).
util::Result<RunOutcome> run(kube::ClusterClient& client, apply::Reporter& reporter, const Desired& d, Planned approved,
                             const RunSpec& spec);

// "user@host".
std::string who_am_i();

}  // namespace vsctl::engine
