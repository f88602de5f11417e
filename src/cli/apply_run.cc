#include "cli/apply_run.h"

#include <algorithm>
#include <unistd.h>

#include <iostream>

#include "apply/converge.h"
#include "apply/plan_json.h"
#include "apply/rollback_order.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "manifest/definition.h"
#include "util/strings.h"

namespace vsctl::cli {

namespace {

bool confirm(const apply::Plan& plan, const std::string& operation) {
  std::cerr << operation << " " << plan.step_count() << " step(s) to architecture " << plan.architecture << " in namespace "
            << plan.ns << "? [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  answer = std::string(util::trim(answer));
  return answer == "y" || answer == "Y" || answer == "yes";
}

util::Result<int> dry_run(Target& t, const Planned& p, bool json) {
  std::vector<k8s::Json> bodies;
  std::vector<k8s::ObjectKey> keys;
  for (const auto& w : p.plan.waves)
    for (const auto& s : w.steps)
      for (const auto& a : s.actions)
        if (a.kind == apply::ActionKind::Apply || a.kind == apply::ActionKind::Replace)
          if (auto it = p.objects.find(a.key); it != p.objects.end() && a.key.kind != "Job") {
            bodies.push_back(it->second);
            keys.push_back(a.key);
          }
  kube::ApplyOptions ao;
  ao.force = kube::Force::Yes;
  ao.dry_run = kube::DryRun::All;
  auto results = t.cluster.client->apply_all(bodies, ao);
  int bad = 0;
  k8s::Json out = {{"type", "DryRun"}, {"planDigest", p.plan.digest}, {"objects", k8s::Json::array()}};
  for (std::size_t i = 0; i < results.size(); ++i) {
    bool ok = static_cast<bool>(results[i]);
    // a namespace that does not exist yet makes every object in it fail a dry run: not an error
    bool ns_missing = !ok && results[i].error().kind == kube::ApiErrorKind::NotFound;
    std::string err = ok ? "" : kube::describe(results[i].error());
    if (!ok && !ns_missing) ++bad;
    out["objects"].push_back({{"object", k8s::to_string(keys[i])}, {"ok", ok || ns_missing}, {"error", err}});
    if (!json) std::cout << (ok ? "ok       " : ns_missing ? "new ns   " : "invalid  ") << k8s::to_string(keys[i]) << (err.empty() ? "" : ": " + err) << "\n";
  }
  if (json) std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  else std::cout << "dry run: " << results.size() << " object(s) checked, " << bad << " rejected; nothing was changed\n";
  return bad ? 8 : 0;
}

void summary(const apply::ConvergeResult& r, const apply::Plan& plan, bool json) {
  if (json) {
    k8s::Json s = {{"type", "Summary"}, {"revision", r.record.revision}, {"outcome", r.record.outcome},
                   {"message", r.record.message}, {"planDigest", plan.digest}, {"services", k8s::Json::array()}};
    for (const auto& st : r.exec.steps)
    {
      s["services"].push_back({{"service", st.service}, {"change", health::to_string(st.change)}, {"outcome", apply::to_string(st.status)},
                               {"state", health::to_string(st.state)}, {"reason", st.reason}, {"message", st.message}});
      if (st.status != apply::StepStatus::Succeeded && !st.written.empty()) s["services"].back()["written"] = st.written;
    }
    if (r.rollback) s["rollback"] = r.rollback_note;
    std::cout << s.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  std::cout << "revision " << r.record.revision << ": " << r.record.outcome << "\n";
  for (const auto& st : r.exec.steps) {
    char line[512];
    std::snprintf(line, sizeof line, "  %-24s %-10s %-10s %s%s", st.service.empty() ? "(architecture)" : st.service.c_str(),
                  health::to_string(st.change), apply::to_string(st.status), st.reason.empty() ? "" : (st.reason + ": ").c_str(),
                  st.message.c_str());
    std::cout << line << "\n";
    if (st.status != apply::StepStatus::Succeeded && !st.written.empty())
      std::cout << "    changed before it stopped: " << util::join(st.written, ", ") << "\n";
  }
  for (const auto& s : plan.left_alone) std::cout << "  " << s << ": removed from the manifest, left alone (--prune removes it)\n";
  if (!r.rollback_note.empty()) std::cout << "rollback: " << r.rollback_note << "\n";
}

}  // namespace

util::Result<int> run_convergence(const Globals& g, Target& t, Planned p, const RunSpec& spec,
                                  const std::atomic<bool>& interrupted) {
  (void)g;
  auto& client = *t.cluster.client;
  if (spec.dry_run) return dry_run(t, p, spec.json);
  // nothing changes and the last record already says this VersionSet converged: record nothing
  auto nothing_to_do = [&](const apply::Plan& plan, const std::optional<apply::Record>& last) {
    bool same_commit = last && last->outcome == "succeeded" && last->operation == spec.operation &&
                       (spec.commit.empty() ? last->tree_digest == t.tree_digest : last->commit == spec.commit);
    return plan.empty() && (same_commit || spec.operation == "destroy");
  };
  auto say_unchanged = [&](const apply::Plan& plan) {
    if (spec.json) std::cout << k8s::Json({{"type", "Summary"}, {"outcome", "unchanged"}, {"planDigest", plan.digest}}).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    else std::cout << "nothing to do: " << plan.unchanged.size() << " service(s) already converged\n";
    return 0;
  };
  if (nothing_to_do(p.plan, p.last)) return say_unchanged(p.plan);
  // a plan a person confirmed, or named with --plan-digest, is the only one this run may execute
  bool pinned = spec.pinned;
  if (!spec.yes && !p.plan.empty()) {
    if (!Output::stdin_is_terminal())
      return util::fail(util::ErrorKind::Refused, "no terminal to confirm on: pass --yes to " + spec.operation + " without asking");
    if (!confirm(p.plan, spec.operation)) {
      std::cerr << "nothing was changed\n";
      return 8;
    }
    pinned = true;
  }
  // the lock and the record live in the architecture's namespace: make it first
  for (const auto& o : t.rendered.objects)
    if (o.service.empty() && o.key.kind == "Namespace" && spec.operation != "destroy") {
      auto have = client.get(o.key);
      if (!have) return tl::unexpected(kube::to_error(have.error()));
      if (!*have) {
        kube::ApplyOptions ao;
        ao.force = kube::Force::Yes;
        auto r = client.apply(o.body, ao);
        if (!r) return util::fail(util::ErrorKind::Cluster, "could not create namespace " + o.key.name + ": " + kube::describe(r.error()));
      }
    }

  apply::Record rec;
  rec.operation = spec.operation;
  rec.architecture = t.view.name;
  rec.ns = t.view.ns;
  rec.environment = t.view.env;
  rec.commit = spec.commit;
  rec.dirty = spec.dirty;
  rec.tree_digest = t.tree_digest;
  rec.who = who_am_i();
  if (spec.operation != "destroy") {
    for (const auto& s : t.view.services)
      rec.services[s.name] = {{"version", s.version}, {"digest", manifest::digest(s)}, {"definition", manifest::definition(s)}};
    for (const auto& o : t.rendered.objects) rec.objects.push_back(o.body);
  }

  apply::ConvergeOptions co;
  co.exec.concurrency = spec.concurrency;
  co.exec.timeout = spec.timeout;
  co.exec.interrupted = &interrupted;
  co.exec.policy = t.policy;
  co.lock.ns = t.view.ns;
  co.lock.architecture = t.view.name;
  co.lock.holder = rec.who + " (" + spec.operation + ", pid " + std::to_string(getpid()) + ")";
  co.lock.operation = spec.operation;
  co.lock.wait = spec.wait_for_lock;
  co.lock.interrupted = &interrupted;
  co.history_max = spec.history_max;
  co.rollback_on_failure = spec.rollback_on_failure;

  // the namespace now exists: the plan under the lock no longer has the step that made it
  const std::string approved = apply::without_architecture_step(p.plan).digest;
  auto reporter = make_reporter(progress_style(spec.json), Output::stderr_color());
  apply::Replan replan = [&]() -> util::Result<std::pair<apply::Plan, std::map<k8s::ObjectKey, k8s::Json>>> {
    VSCTL_TRY(again, plan_against_cluster(t, spec.plan_options));
    if (spec.dependents_first) again.plan = apply::dependents_first(std::move(again.plan));
    if (again.plan.digest != approved) {
      // --yes without --plan-digest approves whatever the VersionSet needs once this run's turn
      // comes (queued runs plan again under the lock); a confirmed or named plan is refused
      if (pinned)
        return util::fail(util::ErrorKind::Refused, "the cluster changed between the plan and the lock (digest " +
                                                        again.plan.digest + ", approved " + approved +
                                                        "): run again to see the new plan");
      if (auto r = again.plan.refusals(); !r.empty())
        return util::fail(util::ErrorKind::Refused, "the plan made under the lock is refused: " + util::join(r, "\n  "));
      apply::Event e;
      e.type = apply::EventType::Notice;
      e.reason = "Replanned";
      e.message = "the cluster changed while this run waited: planned again under the lock, " +
                  std::to_string(again.plan.step_count()) + " step(s), plan " + again.plan.digest + " (was " + approved + ")";
      reporter->event(e);
    } else {
      // the approved plan, less the namespace step done above: it keeps the digest that was
      // shown and approved, so the run line and the record name the same plan as `plan` did
      again.plan.digest = p.plan.digest;
    }
    return std::make_pair(std::move(again.plan), std::move(again.objects));
  };
  co.unchanged = nothing_to_do;
  auto result = apply::converge(client, *reporter, replan, rec, co);
  reporter.reset();
  if (!result) return tl::unexpected(result.error());
  if (result->unchanged) return say_unchanged(result->plan);
  summary(*result, result->plan, spec.json);
  int code = apply::exit_code(*result);
  if (code != 0 && code != 130 && !spec.json) std::cerr << "vsctl " << spec.operation << ": " << result->record.message << "\n";
  return code;
}

}  // namespace vsctl::cli

namespace vsctl::cli {

void add_run_flags(CLI::App* sub, RunFlags& f, const std::string& doors) {
  sub->add_flag("-y,--yes", f.yes, "Do not ask for confirmation (required without a terminal)");
  sub->add_flag("--force-context", f.force_context, "Use a context other than the environment's");
  sub->add_flag("--allow-one-way", f.allow_one_way, "Allow every one-way door");
  sub->add_option("--allow", f.allow, "Allow what the plan would refuse: " + doors)->type_name("KIND[,KIND]");
  sub->add_option("--timeout", f.timeout, "Per-service deadline, also the rendered progress deadline")->default_str("5m");
  sub->add_option("--concurrency", f.concurrency, "Steps (services) run at once; each starts when the steps it follows are done")->default_str("4");
  sub->add_option("--wait-for-lock", f.wait_for_lock, "Wait this long for another run's lock")->default_str("0s");
  sub->add_option("--history-max", f.history_max, "Records kept in the cluster")->default_str("10");
  sub->add_option("-o,--output", f.output, "text, or json: a stream of events on stdout")->check(CLI::IsMember({"text", "json"}));
}

util::Result<RunSpec> run_spec(const std::string& operation, const RunFlags& f) {
  VSCTL_TRY(timeout, parse_duration(f.timeout, "--timeout"));
  VSCTL_TRY(wait_lock, parse_duration(f.wait_for_lock, "--wait-for-lock"));
  RunSpec spec;
  spec.operation = operation;
  spec.yes = f.yes;
  spec.json = f.output == "json";
  spec.timeout = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  spec.wait_for_lock = wait_lock;
  spec.concurrency = static_cast<std::size_t>(std::max(1, f.concurrency));
  spec.history_max = f.history_max;
  return spec;
}

}  // namespace vsctl::cli
