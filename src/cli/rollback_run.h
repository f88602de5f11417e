#pragma once
// What every cluster-side rollback shares once it knows where it goes: the desired
// VersionSet as a Target (from a record's objects, or rendered from definitions), vetoes
// checked, the plan made against the cluster and turned dependents first, then the same run
// as apply (run_convergence: lock, record with operation "rollback", progress, interruption).
#include <string>
#include <vector>

#include "apply/record.h"
#include "cli/apply_run.h"
#include "cli/convergence.h"
#include "cli/rollback_cluster.h"

namespace vsctl::cli {

struct RollbackCmd {
  RunFlags run;
  std::vector<std::string> services;
  std::string from, to;  // --from: the offline preview
  int to_revision = 0;
  bool dry_run = false;
  std::size_t budget = 200'000;
};

// A Target from the architecture and the services (sorted here) with their objects; when
// `objects` is empty the services are rendered (with `timeout_s` as the progress deadline).
util::Result<Target> rollback_target(ArchitectureAt a, std::vector<manifest::Service> services,
                                     std::vector<render::Object> objects, int timeout_s);

// The objects a record stored, each with its service (from its name label).
std::vector<render::Object> recorded_objects(const std::vector<k8s::Json>& objects);
// The services a record stored, from their definitions.
util::Result<std::vector<manifest::Service>> recorded_services(const apply::Record& r);

// Whether converge_rollback checks every service's version against the vetoes (a whole
// rollback), or the caller already checked the versions that move (a named one).
enum class VetoCheck { Every, Done };

// Vetoes, plan (dependents first), the plan shown, refusals, then run_convergence. `what`
// says where the rollback goes ("revision 3 (1a2b3c4)").
util::Result<int> converge_rollback(const Globals& g, Target& t, const RollbackCmd& o, const std::string& commit,
                                    const std::string& what, VetoCheck vetoes);

}  // namespace vsctl::cli
