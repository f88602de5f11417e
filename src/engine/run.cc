#include "engine/run.h"

#include <unistd.h>

#include <cstdlib>
#include <pwd.h>

#include "apply/plan_json.h"
#include "manifest/definition.h"
#include "util/strings.h"

namespace vsctl::engine {

namespace {

// The lock and the record live in the architecture's namespace: it is made before the lock.
util::Result<void> ensure_namespace(kube::ClusterClient& client, const Desired& d) {
  for (const auto& o : d.rendered.objects) {
    if (!o.service.empty() || o.key.kind != "Namespace") continue;
    auto have = client.get(o.key);
    if (!have) return tl::unexpected(kube::to_error(have.error()));
    if (*have) continue;
    kube::ApplyOptions ao;
    ao.force = kube::Force::Yes;
    if (auto r = client.apply(o.body, ao); !r)
      return util::fail(util::ErrorKind::Cluster, "could not create namespace " + o.key.name + ": " + kube::describe(r.error()));
  }
  return {};
}

apply::Record record_of(const Desired& d, const RunSpec& spec, const Planned& approved) {
  apply::Record rec;
  rec.operation = spec.operation;
  rec.architecture = d.view.name;
  rec.ns = d.view.ns;
  rec.environment = d.view.env;
  rec.commit = spec.commit;
  rec.dirty = spec.dirty;
  rec.tree_digest = d.tree_digest;
  rec.who = spec.who;
  rec.promoted_from = spec.promoted_from;
  if (spec.operation != Operation::Destroy) {
    for (const auto& s : d.view.services)
      rec.services[s.name] = {{"version", s.version}, {"digest", manifest::digest(s)}, {"definition", manifest::definition(s)}};
    for (const auto& o : d.rendered.objects) rec.objects.push_back(o.body);
    // what a service left running had when last recorded, carried from record to record
    if (approved.last)
      for (const auto& name : approved.plan.left_alone) {
        if (auto it = approved.last->services.find(name); it != approved.last->services.end()) rec.left_alone[name] = it->second;
        else if (auto kept = approved.last->left_alone.find(name); kept != approved.last->left_alone.end())
          rec.left_alone[name] = kept->second;
      }
  }
  return rec;
}

}  // namespace

bool nothing_to_do(const Desired& d, const apply::Plan& plan, const std::optional<apply::Record>& last, const RunSpec& spec) {
  if (!plan.empty()) return false;
  if (spec.operation == Operation::Destroy) return true;
  return last && last->outcome == apply::Outcome::Succeeded && last->operation == spec.operation &&
         (spec.commit.empty() ? last->tree_digest == d.tree_digest : last->commit == spec.commit);
}

util::Result<RunOutcome> run(kube::ClusterClient& client, apply::Reporter& reporter, const Desired& d, Planned approved,
                             const RunSpec& spec) {
  if (auto r = approved.plan.refusals(); !r.empty())
    return util::fail(util::ErrorKind::Refused, "refused: " + util::join(r, "\n  "));
  RunOutcome out;
  if (nothing_to_do(d, approved.plan, approved.last, spec)) {
    out.unchanged = true;
    out.plan = std::move(approved.plan);
    return out;
  }
  if (spec.operation != Operation::Destroy) VSCTL_CHECK(ensure_namespace(client, d));

  static const std::atomic<bool> never{false};
  const std::atomic<bool>& interrupted = spec.interrupted ? *spec.interrupted : never;
  apply::Record rec = record_of(d, spec, approved);
  apply::ConvergeOptions co;
  co.exec.concurrency = spec.concurrency;
  co.exec.timeout = spec.timeout;
  co.exec.interrupted = &interrupted;
  co.exec.policy = d.policy;
  co.lock.ns = d.view.ns;
  co.lock.architecture = d.view.name;
  co.lock.holder = rec.who + " (" + to_string(rec.operation) + ", pid " + std::to_string(getpid()) + ")";
  co.lock.operation = to_string(rec.operation);
  co.lock.wait = spec.wait_for_lock;
  co.lock.interrupted = &interrupted;
  co.history_max = spec.history_max;
  co.rollback_on_failure = spec.rollback_on_failure;
  co.unchanged = [&](const apply::Plan& plan, const std::optional<apply::Record>& last) {
    return nothing_to_do(d, plan, last, spec);
  };

  // the namespace now exists: the plan under the lock no longer has the step that made it
  const std::string approved_digest = apply::without_architecture_step(approved.plan).digest;
  apply::Replan replan = [&]() -> util::Result<std::pair<apply::Plan, std::map<k8s::ObjectKey, k8s::Json>>> {
    VSCTL_TRY(again, plan(client, d, spec.plan_options, spec.order));
    if (again.plan.digest != approved_digest) {
      if (spec.pinned)
        return util::fail(util::ErrorKind::Refused, "the cluster changed between the plan and the lock (digest " +
                                                        again.plan.digest + ", approved " + approved_digest +
                                                        "): run again to see the new plan");
      if (auto r = again.plan.refusals(); !r.empty())
        return util::fail(util::ErrorKind::Refused, "the plan made under the lock is refused: " + util::join(r, "\n  "));
      apply::Event e;
      e.type = apply::EventType::Notice;
      e.reason = "Replanned";
      e.message = "the cluster changed while this run waited: planned again under the lock, " +
                  std::to_string(again.plan.step_count()) + " step(s), plan " + again.plan.digest + " (was " + approved_digest + ")";
      reporter.event(e);
    } else {
      // the approved plan, less the namespace step made above: it keeps the digest that was
      // shown and approved, so the run line and the record name the same plan as `plan` did
      again.plan.digest = approved.plan.digest;
    }
    return std::make_pair(std::move(again.plan), std::move(again.objects));
  };
  VSCTL_TRY(result, apply::converge(client, reporter, replan, std::move(rec), co));
  out.unchanged = result.unchanged;
  out.plan = result.plan;
  out.exit_code = result.unchanged ? 0 : apply::exit_code(result);
  out.result = std::move(result);
  return out;
}

std::string who_am_i() {
  std::string user;
  if (const char* u = std::getenv("USER"); u && *u) user = u;
  if (user.empty())
    if (const passwd* pw = getpwuid(getuid())) user = pw->pw_name;
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return (user.empty() ? std::string("unknown") : user) + "@" + host;
}

}  // namespace vsctl::engine
