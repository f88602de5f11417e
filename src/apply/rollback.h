#pragma once
// --rollback-on-failure: every service the failed run touched goes back to what the previous
// record stored (its objects, as they were rendered then), dependents first; a service that
// the run created goes through Destroy. Pure planning here; the executor runs it.
#include <map>
#include <string>
#include <vector>

#include "apply/executor.h"
#include "apply/plan.h"
#include "apply/record.h"

namespace vsctl::apply {

struct RollbackPlan {
  Plan plan;
  std::map<k8s::ObjectKey, k8s::Json> objects;  // the previous objects to apply
};

// `run`: the plan that failed and its results; `previous`: the last record before it and its
// objects (nullptr when there is none: every touched service is then destroyed).
RollbackPlan plan_rollback(const Plan& run, const ExecResult& result, const Record* previous,
                           const std::vector<k8s::Json>& previous_objects);

}  // namespace vsctl::apply
