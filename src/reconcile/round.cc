#include "reconcile/round.h"

#include <unistd.h>

#include "apply/read_live.h"
#include "apply/record_store.h"
#include "apply/veto.h"
#include "engine/plan.h"
#include "engine/run.h"
#include "graph/live.h"
#include "reconcile/decide.h"
#include "status/read.h"
#include "versionset/remote.h"
#include "util/strings.h"
#include "versionset/git_source.h"
#include "versionset/load_rev.h"

namespace vsctl::reconcile {

struct Reconciler::Loaded {
  engine::Desired desired;
  std::unique_ptr<kube::ClusterClient> client;
  std::string commit;
  engine::Planned planned;
};

namespace {

// What the reconciler plans with: no one-way door is ever allowed; a capacity shortfall is no
// reason to stop converging (its waiting lines say what the pods wait for).
apply::PlanOptions plan_options(bool prune) {
  apply::PlanOptions po;
  po.prune = prune;
  po.allow_capacity = true;
  return po;
}

std::string reconciler_who() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return std::string("reconciler@") + host;
}

bool transient(util::ErrorKind k) { return k == util::ErrorKind::Cluster || k == util::ErrorKind::Git || k == util::ErrorKind::Io; }

double seconds_since_epoch(std::chrono::system_clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

std::optional<AppliedRevision> applied_revision(const std::optional<apply::Record>& r) {
  if (!r || r->outcome != apply::Outcome::Succeeded) return std::nullopt;
  return AppliedRevision{r->revision, r->commit};
}

}  // namespace

Reconciler::Reconciler(ReconcileOptions o, Ports ports, RoundLog& log, const std::atomic<bool>& interrupted)
    : o_(std::move(o)), ports_(std::move(ports)), log_(log), interrupted_(interrupted) {
  if (!o_.webhook.empty()) notifier_ = make_webhook_notifier(o_.webhook);
}

RoundResult Reconciler::round(int n) {
  log_.set_round(n);
  const auto start = std::chrono::steady_clock::now();
  RoundReport report;
  RoundResult result = round_once(report);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.finished_unix = seconds_since_epoch(std::chrono::system_clock::now());
  result.report = std::move(report);
  return result;
}

RoundResult Reconciler::round_once(RoundReport& report) {
  // An error that may pass (the repository or the cluster could not be read or written) says
  // which of the two the round did not reach: the repository until the branch was read, then
  // the cluster.
  auto fail = [&](const util::Error& e, const std::string& what) {
    log_.say("Error", what + ": " + e.message, {{"exitCode", util::exit_code(e.kind)}});
    const bool passing = transient(e.kind);
    report.outcome = passing ? Outcome::Unreachable : Outcome::Failed;
    if (passing) report.cluster_reached = false;
    report.unreached = what + ": " + e.message;  // shown only while one of the two is not reached
    return RoundResult{util::exit_code(e.kind), passing ? RoundEnd::Failed : RoundEnd::Done, {}};
  };
  auto refuse = [&](const std::string& commit, const std::string& why) {
    log_.say("Refused", "the VersionSet at " + short_sha(commit) + " " + why + ": nothing applied", {{"commit", commit}, {"exitCode", 3}});
    report.outcome = Outcome::Refused;
    if (!report.cluster_reached) report.unreached = "the cluster was not read: the VersionSet at " + short_sha(commit) + " " + why;
    return RoundResult{3, RoundEnd::Done, {}};
  };
  // the branch
  auto co = versionset::sync({o_.repo, o_.branch}, o_.cache_dir);
  if (!co) return fail(co.error(), "cannot read branch " + o_.branch);
  auto src = versionset::GitSource::open(co->path);
  if (!src) return fail(src.error(), "cannot open the repository");
  versionset::RevRequest req;
  req.rev = co->rev;
  req.manifest_path = o_.manifest_path;
  req.env = o_.env;
  auto at = versionset::load_rev(**src, req);
  if (!at) return fail(at.error(), "cannot read the VersionSet");
  report.repo_reached = true;
  Loaded l;
  l.commit = at->commit.id.hex();
  // an invalid VersionSet's diagnostics are shown; a valid one's warnings are not, every round
  auto show_errors = [&](const util::Diagnostics& d, const manifest::SourceTexts& texts) {
    if (d.has_errors() && ports_.show) ports_.show(d, texts);
  };
  if (!at->loaded.ok()) {
    show_errors(at->loaded.diags, at->loaded.texts);
    return refuse(l.commit, "is invalid (" + util::count_summary(at->loaded.diags) + ")");
  }
  // who is drift: the branch's own .vsctl/diff.yaml over the defaults, as apply reads the tree's
  auto policy = engine::policy_at(**src, at->commit);
  if (!policy) return refuse(l.commit, "has a diff policy that cannot be used: " + policy.error().message);
  // the cluster: its connection may set the namespace objects render into
  auto client = ports_.connect(*at->loaded.view);
  if (!client) return fail(client.error(), "cannot connect");
  l.client = std::move(*client);
  if (o_.follow == Follow::Promoted) {
    // not the tip: what was promoted into this environment, read from its own records
    const manifest::Architecture& tip_view = *at->loaded.view;
    auto records = apply::RecordStore(*l.client, tip_view.ns, tip_view.name).list();
    if (!records) return fail(records.error(), "cannot read the records");
    report.cluster_reached = true;
    auto promoted = promoted_commit(*records);
    if (!promoted) {
      log_.say("Waiting", "nothing was promoted into " + (o_.env.empty() ? std::string("this environment") : o_.env) +
                              " yet (vsctl promote): nothing applied; the tip " + short_sha(l.commit) + " is not followed here",
               {{"commit", l.commit}});
      report.outcome = Outcome::Converged;
      return RoundResult{0, RoundEnd::Done, {}};
    }
    if (*promoted != l.commit) {
      const std::string ns = tip_view.ns;  // the connection's (-n) and the environment's
      req.rev = *promoted;
      auto promoted_at = versionset::load_rev(**src, req);
      if (!promoted_at)
        return fail(promoted_at.error(), "cannot read the promoted VersionSet " + short_sha(*promoted) + " in branch " + o_.branch);
      at = std::move(promoted_at);
      l.commit = at->commit.id.hex();
      if (!at->loaded.ok()) {
        show_errors(at->loaded.diags, at->loaded.texts);
        return refuse(l.commit, "is invalid (" + util::count_summary(at->loaded.diags) + ")");
      }
      at->loaded.view->ns = ns;
      auto promoted_policy = engine::policy_at(**src, at->commit);
      if (!promoted_policy) return refuse(l.commit, "has a diff policy that cannot be used: " + promoted_policy.error().message);
      policy = std::move(promoted_policy);
    }
  }
  auto desired = engine::from_manifest(std::move(at->loaded), std::move(*policy), static_cast<int>(o_.timeout.count()), show_errors);
  if (!desired) return refuse(l.commit, "does not render");
  l.desired = std::move(*desired);
  const auto& v = l.desired.view;

  std::vector<std::string> refusals;
  auto vetoes = apply::VetoStore(*l.client, v.ns, v.name).list();
  if (!vetoes) return fail(vetoes.error(), "cannot read the vetoes");
  std::map<std::string, std::string> wanted;
  for (const auto& s : v.services) wanted[s.name] = s.version;
  if (auto r = apply::check_vetoes(*vetoes, wanted); !r) refusals.push_back(r.error().message);
  auto planned = engine::plan(*l.client, l.desired, plan_options(o_.prune));
  if (!planned) return fail(planned.error(), "cannot plan");
  l.planned = std::move(*planned);
  report.cluster_reached = true;
  report.applied = applied_revision(l.planned.last);

  auto d = decide(l.planned.plan, l.planned.last, l.commit, refusals);
  k8s::Json facts = {{"commit", l.commit}, {"verdict", to_string(d.verdict)}, {"details", d.lines}};
  RoundResult result;
  switch (d.verdict) {
    case Verdict::Converged:
      log_.say("Converged", d.summary, facts);
      report.outcome = Outcome::Converged;
      break;
    case Verdict::Refused: {
      log_.say("Refused", "commit " + short_sha(l.commit) + ": " + d.summary + ":\n  " + util::join(d.lines, "\n  "), facts);
      std::string key = l.commit + "\n" + util::join(d.lines, "\n");
      if (key != last_refusal_) {
        last_refusal_ = key;
        Alert a;
        a.workload = {"", "v1", "Namespace", "", v.ns};
        a.reason = "ReconcileRefused";
        a.message = "commit " + short_sha(l.commit) + " not applied: " + util::join(d.lines, "; ");
        a.architecture = v.name;
        a.ns = v.ns;
        a.commit = l.commit;
        alert(*l.client, std::move(a));
      }
      result.code = 8;
      report.outcome = Outcome::Refused;
      break;
    }
    case Verdict::Apply: {
      log_.say("Apply", d.summary + ": applying", facts);
      for (const auto& line : d.lines) log_.say("Step", "  " + line);
      std::map<health::Change, int> steps;  // the drift this apply undoes, when the commit is the recorded one
      if (!d.new_commit)
        for (const auto& w : l.planned.plan.waves)
          for (const auto& s : w.steps)
            if (!s.service.empty()) ++steps[s.change];
      auto r = apply_round(l, report);
      if (!r) {
        if (r.error().kind == util::ErrorKind::Locked) {
          log_.say("Locked", r.error().message + " (trying again next round)", {{"exitCode", 7}});
          result.code = 7;
          report.outcome = Outcome::Locked;
        } else {
          result = fail(r.error(), "apply failed");
        }
      } else {
        result.code = *r;
        report.outcome = *r == 0 ? Outcome::Applied : Outcome::Failed;
        if (*r == 0) report.drift_corrected = std::move(steps);
      }
      break;
    }
  }
  if (o_.failover && !interrupted_) failover(*l.client, v, l.commit, report);
  if (o_.read_states && report.cluster_reached && !interrupted_) read_states(*l.client, v, report);
  return result;
}

void Reconciler::read_states(kube::ClusterClient& client, const manifest::Architecture& view, RoundReport& report) {
  auto live = status::read_live(client, view.ns, view.name);
  if (!live) {
    log_.say("Error", "cannot read the services' states: " + live.error().message);
    return;
  }
  std::map<std::string, health::State> states;
  for (const auto& [service, s] : graph::live_states(view, *live)) states[service] = s.state;
  report.states = std::move(states);
}

util::Result<int> Reconciler::apply_round(Loaded& l, RoundReport& report) {
  engine::RunSpec spec;
  spec.operation = engine::Operation::Reconcile;
  spec.commit = l.commit;
  spec.who = reconciler_who();
  spec.timeout = o_.timeout;
  spec.concurrency = o_.concurrency;
  spec.history_max = o_.history_max;
  spec.plan_options = plan_options(o_.prune);
  spec.interrupted = &interrupted_;
  auto reporter = ports_.reporter ? ports_.reporter() : std::make_unique<apply::NullReporter>();
  auto outcome = engine::run(*l.client, *reporter, l.desired, std::move(l.planned), spec);
  reporter.reset();
  if (!outcome) return tl::unexpected(outcome.error());
  if (outcome->unchanged) {
    log_.say("Applied", "nothing to do: the newest record already has commit " + short_sha(l.commit) + " converged",
             {{"outcome", "unchanged"}, {"commit", l.commit}});
    return 0;
  }
  const auto& rec = outcome->result->record;
  if (rec.outcome == apply::Outcome::Succeeded) report.applied = AppliedRevision{rec.revision, l.commit};
  log_.say("Applied", "revision " + std::to_string(rec.revision) + ": " + apply::to_string(rec.outcome) + ": " + rec.message,
           {{"revision", rec.revision}, {"outcome", apply::to_string(rec.outcome)}, {"commit", l.commit}});
  return outcome->exit_code;
}

void Reconciler::failover(kube::ClusterClient& client, const manifest::Architecture& view, const std::string& commit,
                          RoundReport& report) {
  kube::ListOptions lo;
  lo.namespace_ = view.ns;
  lo.label_selector = apply::part_of_selector(view.name);
  auto pods = client.list({"", "v1", "Pod"}, lo);
  if (!pods) {
    log_.say("Error", "failover: cannot list pods: " + kube::describe(pods.error()));
    return;
  }
  auto actions = plan_failover(view, pods->items, failover_state_, std::chrono::steady_clock::now(), o_.failover_opts);
  for (const auto& a : actions) {
    k8s::Json facts = {{"service", a.service}, {"pod", a.pod}, {"action", to_string(a.kind)}, {"reason", a.reason},
                       {"attempt", a.attempt}};
    if (a.kind == FailoverKind::Escalate) {
      log_.say("Escalated", a.service + ": " + a.message, facts);
      const manifest::Service* s = view.find(a.service);
      Alert al;
      al.architecture = view.name;
      al.ns = view.ns;
      al.service = a.service;
      al.workload = {"apps", "v1", s && s->recovery == manifest::Recovery::Pet ? "StatefulSet" : "Deployment", view.ns, a.service};
      al.reason = "NeedsAPerson";
      al.message = a.message;
      al.commit = commit;
      alert(client, std::move(al));
      ++report.failovers[a.kind];
      continue;
    }
    auto r = client.remove({"", "v1", "Pod", view.ns, a.pod}, {});
    if (!r) {
      log_.say("Error", a.service + ": could not delete pod " + a.pod + ": " + kube::describe(r.error()), facts);
      continue;
    }
    ++report.failovers[a.kind];
    log_.say("Failover", a.service + " (" + (a.kind == FailoverKind::RestartPet ? "pet" : "cattle") + "): " + a.message, facts);
  }
}

void Reconciler::alert(kube::ClusterClient& client, Alert a) {
  if (auto r = post_event(client, a); !r)
    log_.say("Error", "could not record the Event " + a.reason + " on " + k8s::to_string(a.workload) + ": " + r.error().message);
  if (!notifier_) return;
  if (auto r = notifier_->notify(a); !r) log_.say("Error", "the alert webhook failed: " + r.error().message);
  else log_.say("Alerted", "the alert webhook accepted " + a.reason + (a.service.empty() ? "" : " for " + a.service));
}

}  // namespace vsctl::reconcile
