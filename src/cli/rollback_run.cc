#include "cli/rollback_run.h"

#include <iostream>

#include "apply/plan_text.h"
#include "apply/record_store.h"
#include "apply/rollback_order.h"
#include "cli/output.h"
#include "engine/rollback_select.h"
#include "util/strings.h"

namespace vsctl::cli {

util::Result<Target> rollback_target(ArchitectureAt a, std::vector<manifest::Service> services,
                                     std::vector<render::Object> objects, int timeout_s) {
  Target t;
  diff::Policy policy = diff::Policy::defaults();
  if (a.ws) {
    t.ws = *a.ws;
    VSCTL_TRY(p, repository_policy(t.ws));
    policy = std::move(p);
  }
  t.cluster = std::move(a.cluster);
  VSCTL_TRY(desired, engine::from_services(std::move(a.view), std::move(services), std::move(objects), std::move(policy), timeout_s));
  t.desired = std::move(desired);
  return t;
}

util::Result<RecordTarget> record_target(ArchitectureAt a, int to_revision) {
  apply::RecordStore store(*a.cluster.client, a.view.ns, a.view.name);
  VSCTL_TRY(records, store.list());
  VSCTL_TRY(record, engine::record_to_roll_back_to(records, to_revision, a.view.name));
  VSCTL_TRY(objects, store.objects(record));
  VSCTL_TRY(services, engine::recorded_services(record));
  a.view.env = record.environment;
  VSCTL_TRY(t, rollback_target(std::move(a), std::move(services), engine::recorded_objects(objects), 0));
  t.desired.tree_digest = record.tree_digest;
  return RecordTarget{std::move(t), std::move(record)};
}

util::Result<int> converge_rollback(Target& t, const RollbackCmd& o, const std::string& commit, const std::string& what,
                                    VetoCheck vetoes) {
  VSCTL_TRY(spec, run_spec(engine::Operation::Rollback, o.run));
  spec.engine.commit = commit;
  spec.engine.order = engine::Order::DependentsFirst;
  spec.dry_run = o.dry_run;
  auto& client = *t.cluster.client;
  if (vetoes == VetoCheck::Every) VSCTL_CHECK(engine::refuse_vetoed(client, t.desired.view));
  VSCTL_TRY(p, engine::plan(client, t.desired, spec.engine.plan_options, spec.engine.order));
  if (!spec.json) {
    std::cerr << "rollback of " << t.desired.view.name << " to " << what
              << (apply::moves_forward(p.plan) ? ", dependencies first (a service moves forward)\n" : ", dependents first\n");
    std::cerr << apply::format_plan(p.plan, Output::stderr_color());
  }
  if (auto r = p.plan.refusals(); !r.empty()) return util::fail(util::ErrorKind::Refused, "refused: " + util::join(r, "\n  "));
  return run_convergence(t, std::move(p), spec);
}

}  // namespace vsctl::cli
