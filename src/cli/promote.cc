// vsctl promote [--to STAGE]: the VersionSet the stage before has converged (its records say
// which commit), checked against the gates (fleet/gates.h), applied into every environment of
// the stage through the engine, one environment after the other; the first that fails stops the
// stage, and with --rollback-on-failure the stage's environments go back to what they ran.
#include <iostream>

#include "apply/plan_json.h"
#include "apply/plan_text.h"
#include "apply/record_store.h"
#include "cli/apply_run.h"
#include "cli/app.h"
#include "cli/convergence.h"
#include "cli/fleet_read.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "cli/status_fleet.h"
#include "cli/rollback_cluster.h"
#include "cli/rollback_run.h"
#include "engine/rollback_select.h"
#include "engine/run.h"
#include "fleet/gates.h"
#include "fleet/markdown.h"
#include "util/strings.h"
#include "versionset/ancestry.h"

namespace vsctl::cli {

namespace {

struct PromoteCmd {
  std::string to, branch = "HEAD";
  bool dry_run = false, rollback_on_failure = false;
  RunFlags run;
};

// One environment of the target stage: its desired state at the promoted commit, its cluster,
// its plan.
struct Landing {
  fleet::Place place;
  Target target;
  engine::Planned planned;
  std::string outcome = "not started";  // promoted, unchanged, failed, refused, not started, rolled back
  int revision = 0, exit_code = 0;
  std::string message;
};

std::string short_sha(const std::string& c) { return c.substr(0, 7); }

markdown::Cap markdown_cap() {
  markdown::Cap cap;
  cap.noun = "environments";
  cap.full = "`vsctl promote --dry-run`";
  return cap;
}

const fleet::EnvFacts* facts_of(const std::vector<fleet::EnvFacts>& all, const std::string& env) {
  for (const auto& f : all)
    if (f.place.environment == env) return &f;
  return nullptr;
}

std::vector<const fleet::EnvFacts*> facts_of(const std::vector<fleet::EnvFacts>& all, const manifest::PromotionStage& st) {
  std::vector<const fleet::EnvFacts*> out;
  for (const auto& env : st.environments)
    if (const auto* f = facts_of(all, env)) out.push_back(f);
  return out;
}

// Whether every environment of stage `to` already runs `commit` converged.
bool runs(const std::vector<fleet::EnvFacts>& all, const manifest::PromotionStage& to, const std::string& commit) {
  for (const auto* f : facts_of(all, to)) {
    const auto* r = f->newest();
    if (!r || r->commit != commit || r->outcome != apply::Outcome::Succeeded || r->operation == apply::Operation::Destroy)
      return false;
  }
  return true;
}

// The stage promote goes into: --to, or the first whose environments do not run what the stage
// before converged (a stage before with nothing converged stops the search there: its gate says
// why). nullopt: every stage runs the VersionSet of the stage before.
util::Result<std::optional<std::size_t>> choose_stage(const manifest::Promotion& p, const std::string& to,
                                                      const std::vector<fleet::EnvFacts>& all) {
  if (!to.empty()) {
    VSCTL_TRY(i, fleet::stage_named(p, to));
    return std::optional<std::size_t>(i);
  }
  for (std::size_t i = 1; i < p.stages.size(); ++i) {
    auto c = fleet::converged(p.stages[i - 1], facts_of(all, p.stages[i - 1]));
    if (!c || !runs(all, p.stages[i], c->commit)) return std::optional<std::size_t>(i);
  }
  return std::optional<std::size_t>();
}

k8s::Json gates_json(const std::vector<fleet::Gate>& gates) {
  k8s::Json out = k8s::Json::array();
  for (const auto& g : gates) {
    out.push_back({{"gate", g.name}, {"passed", g.passed}, {"detail", g.detail}});
    if (!g.passed && !g.passes.empty()) out.back()["passes"] = g.passes;
  }
  return out;
}

void print_json(const k8s::Json& j) {
  std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  std::cout.flush();
}

bool ask(const std::string& question) {
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  answer = std::string(util::trim(answer));
  return answer == "y" || answer == "Y" || answer == "yes";
}

// The environment's previous VersionSet back (a stage stopped by a failure, --rollback-on-failure):
// the record that was newest before the promotion, dependents first.
util::Result<int> put_back(const Globals& g, Landing& l, const RunSpec& base) {
  if (!l.planned.last) return util::fail(util::ErrorKind::Refused, "it had no record before: nothing to go back to");
  VSCTL_TRY(cluster, connect_place(g, l.place));
  ArchitectureAt a;
  a.view.name = l.target.desired.view.name;
  a.view.ns = l.place.ns;
  a.view.context = l.place.context;
  a.cluster = std::move(cluster);
  VSCTL_TRY(rt, record_target(std::move(a), l.planned.last->revision));
  Target& t = rt.target;
  t.desired.policy = l.target.desired.policy;
  RunSpec spec = base;
  spec.engine.operation = engine::Operation::Rollback;
  spec.engine.order = engine::Order::DependentsFirst;
  spec.engine.commit = rt.record.commit;
  spec.engine.promoted_from.reset();
  spec.engine.rollback_on_failure = false;
  spec.yes = true;
  VSCTL_TRY(p, engine::plan(*t.cluster.client, t.desired, spec.engine.plan_options, spec.engine.order));
  return run_convergence(t, std::move(p), spec);
}

util::Result<int> run_promote(const Globals& g, const PromoteCmd& o) {
  VSCTL_CHECK(refuse_single_target_flags(g, "promote"));
  VSCTL_TRY(spec, run_spec(engine::Operation::Promote, o.run));
  const bool as_markdown = o.run.output == "markdown";
  if (as_markdown && !o.dry_run)
    return util::fail(util::ErrorKind::Usage, "-o markdown shows what a promotion would do: add --dry-run");
  // the markdown document is printed at the end; meanwhile nothing else goes to stdout
  const bool json = spec.json || as_markdown;
  VSCTL_TRY(ws, find_workspace(g));
  VSCTL_TRY(arch, fleet_manifest(g));
  const manifest::Promotion& pipeline = arch.promotion;
  if (pipeline.stages.size() < 2)
    return util::fail(util::ErrorKind::Usage, "promote needs at least two stages in spec.promotion of " + ws.manifest_path +
                                                  " (docs/fleet.md); a single environment is applied with vsctl apply --env ENV");

  // every environment of the pipeline: the stage before's records and states, everyone's vetoes
  auto places = fleet::places(arch);
  std::vector<fleet::Place> in_stages;
  for (const auto& p : places)
    if (!p.stage.empty()) in_stages.push_back(p);
  if (!json) std::cerr << "reading " << in_stages.size() << " environment(s) of " << arch.name << "\n";
  auto facts = read_fleet(g, arch.name, in_stages, FleetRead{});

  VSCTL_TRY(chosen, choose_stage(pipeline, o.to, facts));
  if (!chosen) {
    const auto& last = pipeline.stages.back();
    std::string commit = facts_of(facts, last).empty() || !facts_of(facts, last).front()->newest() ? "" : facts_of(facts, last).front()->newest()->commit;
    if (as_markdown) std::cout << "### vsctl promote: " << arch.name << "\n\nNothing to promote: every stage runs the VersionSet of the stage before (`" << short_sha(commit) << "`).\n";
    else if (json) print_json({{"type", "Promotion"}, {"outcome", "unchanged"}, {"commit", commit}});
    else std::cout << "nothing to promote: every stage runs the VersionSet of the stage before (" << short_sha(commit) << ")\n";
    return 0;
  }
  const auto& from = pipeline.stages[*chosen - 1];
  const auto& to = pipeline.stages[*chosen];
  k8s::Json doc = {{"type", "Promotion"}, {"from", from.name}, {"to", to.name}, {"dryRun", o.dry_run}};
  fleet::PromotionView md{arch.name, from.name, to.name, "", "", to.approval == manifest::PromotionStage::Approval::Manual, {}, {}};
  auto refuse = [&](const std::string& why, const std::vector<fleet::Gate>& gates) -> util::Result<int> {
    if (as_markdown) {
      md.refused = why;
      md.gates = gates;
      std::cout << fleet::promotion_markdown(md, markdown_cap());
      return 8;
    }
    if (json) {
      doc["outcome"] = "refused";
      doc["reason"] = why;
      doc["gates"] = gates_json(gates);
      print_json(doc);
      return 8;
    }
    return util::fail(util::ErrorKind::Refused, "promote " + from.name + " -> " + to.name + " refused: " + why);
  };

  auto source = fleet::converged(from, facts_of(facts, from));
  if (!source) return refuse(source.error().message, {});
  const std::string& commit = source->commit;
  md.commit = commit;
  doc["commit"] = commit;
  doc["sources"] = k8s::Json::array();
  for (const auto& s : source->sources) doc["sources"].push_back({{"environment", s.environment}, {"revision", s.revision}});
  if (!json) std::cout << "promote " << short_sha(commit) << " from " << from.name << " to " << to.name << " ("
                       << util::join(to.environments, ", ") << ")\n";

  // each target environment: the commit's manifest with its overrides, its cluster, its plan
  std::vector<Landing> landings;
  fleet::GateInput in;
  for (const auto& place : fleet::places_of(places, to)) {
    Globals ge = g;
    ge.env = place.environment;
    VSCTL_TRY(t, load_target(ge, commit, static_cast<int>(spec.engine.timeout.count()), ContextCheck::Allow));
    auto& versions = in.versions[place.environment];
    for (const auto& s : t.desired.view.services) versions[s.name] = s.version;
    Landing l;
    l.place = place;
    l.target = std::move(t);
    landings.push_back(std::move(l));
  }
  VSCTL_TRY(history, versionset::in_history(ws.root, commit, o.branch));
  in.from = &from;
  in.to = &to;
  in.source = *source;
  in.source_envs = facts_of(facts, from);
  for (const auto& f : facts) in.fleet.push_back(&f);
  in.in_history = history.in_history;
  in.branch = o.branch;
  in.tip = history.tip;
  in.now = std::chrono::system_clock::now();
  auto gates = fleet::check_gates(in);
  doc["gates"] = gates_json(gates);
  if (!json)
    for (const auto& gate : gates) std::cout << "  " << (gate.passed ? "ok      " : "BLOCKED ") << fleet::describe(gate) << "\n";

  auto held_by = [&] {
    std::vector<std::string> held;
    for (const auto& gate : gates)
      if (!gate.passed) held.push_back(fleet::describe(gate));
    return "held by " + util::join(held, "; ");
  };
  // a promotion that is held plans nothing, unless the dry run asks to see what it would do
  if (!fleet::all_passed(gates) && !o.dry_run) return refuse(held_by(), gates);

  // the plans, all made before anything changes: a refusal in one environment stops them all
  std::vector<std::string> refusals;
  apply::PlanOptions& po = spec.engine.plan_options;
  doc["environments"] = k8s::Json::array();
  for (auto& l : landings) {
    auto& client = *l.target.cluster.client;
    VSCTL_TRY(p, engine::plan(client, l.target.desired, po));
    l.planned = std::move(p);
    std::ostream& out = o.dry_run && !json ? std::cout : std::cerr;
    if (!json)
      out << "\nenvironment " << l.place.environment << " (context " << (l.place.context.empty() ? "current" : l.place.context)
          << ", namespace " << l.place.ns << "):\n"
          << apply::format_plan(l.planned.plan, o.dry_run ? Output::stdout_color() : Output::stderr_color());
    for (const auto& r : l.planned.plan.refusals()) refusals.push_back(l.place.environment + ": " + r);
    md.plans.emplace_back(l.place.environment, l.planned.plan);
    doc["environments"].push_back({{"environment", l.place.environment}, {"context", l.place.context}, {"namespace", l.place.ns},
                                   {"plan", apply::to_json(l.planned.plan)}});
  }
  if (!fleet::all_passed(gates)) return refuse(held_by(), gates);
  if (!refusals.empty()) return refuse("the plan of " + util::join(refusals, "; "), gates);
  if (o.dry_run) {
    if (as_markdown) {
      md.gates = gates;
      std::cout << fleet::promotion_markdown(md, markdown_cap());
    } else if (json) {
      doc["outcome"] = "ready";
      print_json(doc);
    } else {
      std::cout << "\ndry run: every gate passes; nothing was changed"
                << (to.approval == manifest::PromotionStage::Approval::Manual ? " (stage " + to.name + " asks a person to confirm)" : "")
                << "\n";
    }
    return 0;
  }
  bool pinned = false;
  if (to.approval == manifest::PromotionStage::Approval::Manual && !spec.yes) {
    if (!Output::stdin_is_terminal())
      return refuse("stage " + to.name + " asks a person to confirm (approval: manual): pass --yes, or run on a terminal", gates);
    if (!ask("promote " + short_sha(commit) + " into " + to.name + " (" + util::join(to.environments, ", ") + ")?")) {
      std::cerr << "nothing was changed\n";
      return 8;
    }
    pinned = true;  // what the person saw is what runs
  }

  // one environment after the other; the first failure stops the stage
  spec.yes = true;
  spec.engine.commit = commit;
  spec.engine.pinned = pinned;
  spec.engine.rollback_on_failure = o.rollback_on_failure;
  spec.engine.promoted_from = apply::PromotedFrom{from.name, to.name, source->sources};
  int code = 0;
  std::size_t failed_at = landings.size();
  for (std::size_t i = 0; i < landings.size(); ++i) {
    auto& l = landings[i];
    if (!json) std::cerr << "\n== " << l.place.environment << " ==\n";
    auto reporter = make_reporter(progress_style(json), Output::stderr_color());
    auto outcome = engine::run(*l.target.cluster.client, *reporter, l.target.desired, std::move(l.planned), spec.engine);
    reporter.reset();
    if (!outcome) {
      l.outcome = "failed";
      l.message = outcome.error().message;
      l.exit_code = util::exit_code(outcome.error().kind);
    } else if (outcome->unchanged) {
      l.outcome = "unchanged";
      if (outcome->plan.empty() && outcome->result) l.revision = outcome->result->record.revision;
    } else {
      const auto& rec = outcome->result->record;
      l.revision = rec.revision;
      l.exit_code = outcome->exit_code;
      l.outcome = l.exit_code == 0 ? "promoted" : rec.restored ? "failed, restored" : "failed";
      l.message = rec.message;
    }
    if (l.exit_code != 0) {
      code = l.exit_code;
      failed_at = i;
      break;
    }
  }
  if (failed_at < landings.size() && o.rollback_on_failure) {
    for (std::size_t i = 0; i < failed_at; ++i) {
      auto& l = landings[i];
      if (l.outcome != "promoted") continue;
      if (!json) std::cerr << "\n== " << l.place.environment << ": back to its previous VersionSet ==\n";
      auto back = put_back(g, l, spec);
      if (!back) l.outcome = "promoted, not put back: " + back.error().message;
      else l.outcome = *back == 0 ? "rolled back" : "promoted, rollback failed (exit " + std::to_string(*back) + ")";
    }
  }
  doc["environments"] = k8s::Json::array();
  for (const auto& l : landings) {
    doc["environments"].push_back({{"environment", l.place.environment}, {"outcome", l.outcome}, {"revision", l.revision},
                                   {"exitCode", l.exit_code}, {"message", l.message}});
  }
  doc["type"] = "PromotionSummary";
  doc["outcome"] = code == 0 ? "promoted" : "failed";
  if (json) {
    print_json(doc);
  } else {
    std::cout << "\npromotion of " << short_sha(commit) << " into " << to.name << ": " << (code == 0 ? "promoted" : "failed") << "\n";
    for (const auto& l : landings) {
      std::string rev = l.revision > 0 ? "revision " + std::to_string(l.revision) : "";
      std::printf("  %-20s %-22s %s%s\n", l.place.environment.c_str(), l.outcome.c_str(), rev.c_str(),
                  l.message.empty() || l.exit_code == 0 ? "" : ("  " + l.message).c_str());
    }
    std::fflush(stdout);
  }
  return code;
}

}  // namespace

void add_promote(CLI::App& app, Globals& g, Registry& reg) {
  auto o = std::make_shared<PromoteCmd>();
  CLI::App* sub = app.add_subcommand("promote", "Promote the VersionSet the stage before converged into the next stage's environments");
  sub->add_option("--to", o->to, "The stage to promote into (default: the first stage that does not run what the stage before converged)")
      ->type_name("STAGE");
  sub->add_option("--branch", o->branch, "The promoted commit must be in this branch's history")->type_name("REF")->default_str("HEAD");
  add_run_flags(sub, o->run, "capacity and the one-way doors volume-change, immutable-field, storage-loss, dependency-removal",
                ForceContextFlag::Omit, RunOutputs::WithMarkdown);
  sub->add_flag("--dry-run", o->dry_run, "Check the gates and show the plan per environment; change nothing");
  sub->add_flag("--rollback-on-failure", o->rollback_on_failure,
                "When an environment of the stage fails, return every environment of the stage to its previous VersionSet");
  sub->footer(
      "Gates: the stage before runs one commit, converged (its newest records); it has run it for the stage's\n"
      "after.soak; every service there is in Run now; no version of the VersionSet is vetoed in any environment\n"
      "of the pipeline; the commit is in --branch's history. A stage with approval: manual also needs --yes or a\n"
      "person at the terminal (an auto stage runs without asking). Each environment gets the commit with its\n"
      "own overrides; its record names the stage and records it came from (promotedFrom). docs/fleet.md.\n"
      "Exit codes: 0 promoted (or nothing to promote), 3 invalid manifest, 4 git, 5 cluster error, 6 a service\n"
      "did not reach Run, 7 locked, 8 refused (a gate, a plan refusal, no approval), 130 interrupted.\n\n"
      "Examples:\n"
      "  vsctl promote --dry-run                 which stage is next, its gates, the plan per environment\n"
      "  vsctl promote --to production --yes --rollback-on-failure\n"
      "  vsctl promote -o json | jq -c 'select(.type==\"PromotionSummary\")'\n"
      "  vsctl promote --dry-run -o markdown > comment.md   a review comment: the gates, a plan per environment");
  reg.add(sub, [&g, o] { return run_promote(g, *o); });
}

}  // namespace vsctl::cli
