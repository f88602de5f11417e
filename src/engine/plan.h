#pragma once
// Planning a Desired state against the cluster: the newest record and the live objects read,
// the plan made with the desired state's diff policy (always), put dependents first when the
// operation goes that way, and the capacity check run when some step makes pods. The one
// planning door of plan, apply, destroy, rollback and reconcile.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "apply/plan.h"
#include "apply/planner.h"
#include "apply/record.h"
#include "engine/desired.h"
#include "kube/cluster_client.h"

namespace vsctl::engine {

// Which way the plan's services go: an apply's dependencies first, or a rollback's dependents
// first (apply/rollback_order.h: a service that moves forward keeps the apply order).
enum class Order { DependenciesFirst, DependentsFirst };

struct Planned {
  apply::Plan plan;
  std::map<k8s::ObjectKey, k8s::Json> objects;  // desired bodies and hook Jobs, by key
  std::optional<apply::Record> last;            // the newest record
  std::size_t requests = 0;
};

// Reads the cluster and plans. `opts.destroy`: the removal of everything instead. The policy
// in `opts` is replaced by the desired state's.
util::Result<Planned> plan(kube::ClusterClient& client, const Desired& desired, const apply::PlanOptions& opts,
                           Order order = Order::DependenciesFirst);

// --allow-one-way / --allow=KIND,... into the plan options: the one-way doors allowed, and
// `capacity` (steps that do not fit the cluster). Usage on an unknown kind.
util::Result<void> allow(apply::PlanOptions& po, bool all_doors, const std::vector<std::string>& kinds);

// Refuses (exit 8) when a service of `view` has a vetoed version (apply/veto.h).
util::Result<void> refuse_vetoed(kube::ClusterClient& client, const manifest::Architecture& view);

// A server-side dry run of every object the plan writes (hook Jobs aside).
struct DryRunObject {
  k8s::ObjectKey key;
  bool ok = false;
  bool namespace_missing = false;  // the namespace does not exist yet: every object in it fails, not an error
  std::string error;
};
std::vector<DryRunObject> dry_run(kube::ClusterClient& client, const Planned& p);

}  // namespace vsctl::engine
