#pragma once
// What every cluster-side rollback shares once it knows where it goes: the desired VersionSet
// as a Target (engine::from_services: a record's objects, or rendered from definitions), vetoes
// checked, the plan made dependents first and shown, then the same run as apply
// (run_convergence: the engine's lock, record with operation "rollback", progress).
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

// A Target from the architecture and the services with their objects (a record's), or rendered
// from the services when `objects` is empty (with `timeout_s` as the progress deadline). The
// diff policy is the repository's when the architecture was read from one.
util::Result<Target> rollback_target(ArchitectureAt a, std::vector<manifest::Service> services,
                                     std::vector<render::Object> objects, int timeout_s);

// The Target of a whole rollback to a record: the record `to_revision` (0: the newest that
// converged before the current one, engine/rollback_select.h), its stored objects and services,
// on `a`'s cluster. `record` is the one chosen.
struct RecordTarget {
  Target target;
  apply::Record record;
};
util::Result<RecordTarget> record_target(ArchitectureAt a, int to_revision);

// Whether converge_rollback checks every service's version against the vetoes (a whole
// rollback), or the caller already checked the versions that move (a named one).
enum class VetoCheck { Every, Done };

// Vetoes, plan (dependents first), the plan shown, refusals, then run_convergence. `what`
// says where the rollback goes ("revision 3 (1a2b3c4)").
util::Result<int> converge_rollback(Target& t, const RollbackCmd& o, const std::string& commit, const std::string& what,
                                    VetoCheck vetoes);

}  // namespace vsctl::cli
