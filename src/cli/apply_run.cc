#include "cli/apply_run.h"

#include <algorithm>

#include <iostream>

#include "apply/plan_json.h"
#include "cli/output.h"
#include "cli/progress.h"
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

int dry_run(Target& t, const engine::Planned& p, bool json) {
  auto results = engine::dry_run(*t.cluster.client, p);
  int bad = 0;
  k8s::Json out = {{"type", "DryRun"}, {"planDigest", p.plan.digest}, {"objects", k8s::Json::array()}};
  for (const auto& r : results) {
    if (!r.ok && !r.namespace_missing) ++bad;
    out["objects"].push_back({{"object", k8s::to_string(r.key)}, {"ok", r.ok || r.namespace_missing}, {"error", r.error}});
    if (!json)
      std::cout << (r.ok ? "ok       " : r.namespace_missing ? "new ns   " : "invalid  ") << k8s::to_string(r.key)
                << (r.error.empty() ? "" : ": " + r.error) << "\n";
  }
  if (json) std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  else std::cout << "dry run: " << results.size() << " object(s) checked, " << bad << " rejected; nothing was changed\n";
  return bad ? 8 : 0;
}

void summary(const apply::ConvergeResult& r, const apply::Plan& plan, bool json) {
  if (json) {
    k8s::Json s = {{"type", "Summary"}, {"revision", r.record.revision}, {"outcome", apply::to_string(r.record.outcome)},
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
  std::cout << "revision " << r.record.revision << ": " << apply::to_string(r.record.outcome) << "\n";
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

util::Result<int> run_convergence(Target& t, engine::Planned p, const RunSpec& spec) {
  if (spec.dry_run) return dry_run(t, p, spec.json);
  const std::string operation = engine::to_string(spec.engine.operation);
  auto say_unchanged = [&](const apply::Plan& plan) {
    if (spec.json) std::cout << k8s::Json({{"type", "Summary"}, {"outcome", "unchanged"}, {"planDigest", plan.digest}}).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    else std::cout << "nothing to do: " << plan.unchanged.size() << " service(s) already converged\n";
    return 0;
  };
  if (engine::nothing_to_do(t.desired, p.plan, p.last, spec.engine)) return say_unchanged(p.plan);
  // a plan a person confirmed, or named with --plan-digest, is the only one this run may execute
  engine::RunSpec es = spec.engine;
  if (!spec.yes && !p.plan.empty()) {
    if (!Output::stdin_is_terminal())
      return util::fail(util::ErrorKind::Refused, "no terminal to confirm on: pass --yes to " + operation + " without asking");
    if (!confirm(p.plan, operation)) {
      std::cerr << "nothing was changed\n";
      return 8;
    }
    es.pinned = true;
  }
  auto reporter = make_reporter(progress_style(spec.json), Output::stderr_color());
  auto outcome = engine::run(*t.cluster.client, *reporter, t.desired, std::move(p), es);
  reporter.reset();
  if (!outcome) return tl::unexpected(outcome.error());
  if (outcome->unchanged) return say_unchanged(outcome->plan);
  summary(*outcome->result, outcome->plan, spec.json);
  int code = outcome->exit_code;
  if (code != 0 && code != 130 && !spec.json) std::cerr << "vsctl " << operation << ": " << outcome->result->record.message << "\n";
  return code;
}

}  // namespace vsctl::cli

namespace vsctl::cli {

void add_run_flags(CLI::App* sub, RunFlags& f, const std::string& doors, ForceContextFlag force, RunOutputs outputs) {
  sub->add_flag("-y,--yes", f.yes, "Do not ask for confirmation (required without a terminal)");
  if (force == ForceContextFlag::Offer)
    sub->add_flag("--force-context", f.force_context, "Use a context other than the environment's");
  sub->add_flag("--allow-one-way", f.allow_one_way, "Allow every one-way door");
  sub->add_option("--allow", f.allow, "Allow what the plan would refuse: " + doors)->type_name("KIND[,KIND]");
  sub->add_option("--timeout", f.timeout, "Per-service deadline, also the rendered progress deadline")->default_str("5m");
  sub->add_option("--concurrency", f.concurrency, "Steps (services) run at once; each starts when the steps it follows are done")->default_str("4");
  sub->add_option("--wait-for-lock", f.wait_for_lock, "Wait this long for another run's lock")->default_str("0s");
  sub->add_option("--history-max", f.history_max, "Records kept in the cluster")->default_str("10");
  if (outputs == RunOutputs::WithMarkdown)
    sub->add_option("-o,--output", f.output, "text, or json: a stream of events on stdout; markdown (with --dry-run): a review comment")
        ->check(CLI::IsMember({"text", "json", "markdown"}));
  else
    sub->add_option("-o,--output", f.output, "text, or json: a stream of events on stdout")->check(CLI::IsMember({"text", "json"}));
}

util::Result<RunSpec> run_spec(engine::Operation operation, const RunFlags& f) {
  VSCTL_TRY(timeout, parse_duration(f.timeout, "--timeout"));
  VSCTL_TRY(wait_lock, parse_duration(f.wait_for_lock, "--wait-for-lock"));
  RunSpec spec;
  spec.yes = f.yes;
  spec.json = f.output == "json";
  engine::RunSpec& e = spec.engine;
  e.operation = operation;
  e.timeout = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  e.wait_for_lock = wait_lock;
  e.concurrency = static_cast<std::size_t>(std::max(1, f.concurrency));
  e.history_max = f.history_max;
  e.interrupted = &interrupt_flag();
  e.who = engine::who_am_i();
  VSCTL_CHECK(engine::allow(e.plan_options, f.allow_one_way, f.allow));
  return spec;
}

}  // namespace vsctl::cli
