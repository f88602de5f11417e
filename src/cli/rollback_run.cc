#include "cli/rollback_run.h"

#include <algorithm>
#include <iostream>

#include "apply/plan_text.h"
#include "apply/rollback_definition.h"
#include "apply/rollback_order.h"
#include "apply/veto.h"
#include "cli/output.h"
#include "cli/signals.h"
#include "k8s/labels.h"
#include "util/hash.h"
#include "util/strings.h"

namespace vsctl::cli {

util::Result<Target> rollback_target(ArchitectureAt a, std::vector<manifest::Service> services,
                                     std::vector<render::Object> objects, int timeout_s) {
  Target t;
  if (a.ws) {
    t.ws = *a.ws;
    VSCTL_TRY(policy, repository_policy(t.ws));
    t.policy = std::move(policy);
  }
  t.view = std::move(a.view);
  std::sort(services.begin(), services.end(), [](const auto& x, const auto& y) { return x.name < y.name; });
  t.view.services = std::move(services);
  t.cluster = std::move(a.cluster);
  if (objects.empty()) {
    render::Options ro;
    ro.progress_deadline_s = timeout_s;
    t.rendered = render::render(t.view, ro);
    if (t.rendered.diags.has_errors())
      return util::fail(util::ErrorKind::Invalid, "the rolled-back VersionSet does not render: nothing was changed");
  } else {
    t.rendered.objects = std::move(objects);
  }
  std::string all;
  for (const auto& o : t.rendered.objects) all += k8s::dump(o.body) + '\0';
  t.tree_digest = util::sha256_hex(all);
  return t;
}

std::vector<render::Object> recorded_objects(const std::vector<k8s::Json>& objects) {
  std::vector<render::Object> out;
  for (const auto& o : objects) {
    auto key = k8s::key_of(o);
    if (!key) continue;
    std::string service = key->kind == "Namespace" ? "" : k8s::string_at(o, "/metadata/labels/app.kubernetes.io~1name");
    out.push_back({std::move(service), *key, o});
  }
  return out;
}

util::Result<std::vector<manifest::Service>> recorded_services(const apply::Record& r) {
  std::vector<manifest::Service> out;
  for (const auto& [name, entry] : r.services) {
    VSCTL_TRY(s, apply::service_from_definition(name, entry.contains("definition") ? entry["definition"] : k8s::Json()));
    out.push_back(std::move(s));
  }
  return out;
}

util::Result<int> converge_rollback(const Globals& g, Target& t, const RollbackCmd& o, const std::string& commit,
                                    const std::string& what, VetoCheck vetoes) {
  VSCTL_TRY(spec, run_spec("rollback", o.run));
  spec.commit = commit;
  spec.dry_run = o.dry_run;
  spec.dependents_first = true;
  VSCTL_CHECK(allow(spec.plan_options, o.run.allow_one_way, o.run.allow));
  if (vetoes == VetoCheck::Every) VSCTL_CHECK(refuse_vetoed(*t.cluster.client, t.view));
  VSCTL_TRY(p, plan_against_cluster(t, spec.plan_options));
  p.plan = apply::dependents_first(std::move(p.plan));
  if (!spec.json) {
    std::cerr << "rollback of " << t.view.name << " to " << what
              << (apply::moves_forward(p.plan) ? ", dependencies first (a service moves forward)\n" : ", dependents first\n");
    std::cerr << apply::format_plan(p.plan, Output::stderr_color());
  }
  if (auto r = p.plan.refusals(); !r.empty()) return util::fail(util::ErrorKind::Refused, "refused: " + util::join(r, "\n  "));
  return run_convergence(g, t, std::move(p), spec, interrupt_flag());
}

}  // namespace vsctl::cli
