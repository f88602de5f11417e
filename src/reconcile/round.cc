#include "reconcile/round.h"

#include <unistd.h>

#include "apply/read_live.h"
#include "apply/veto.h"
#include "engine/plan.h"
#include "engine/run.h"
#include "reconcile/decide.h"
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

}  // namespace

Reconciler::Reconciler(ReconcileOptions o, Ports ports, RoundLog& log, const std::atomic<bool>& interrupted)
    : o_(std::move(o)), ports_(std::move(ports)), log_(log), interrupted_(interrupted) {
  if (!o_.webhook.empty()) notifier_ = make_webhook_notifier(o_.webhook);
}

RoundResult Reconciler::round(int n) {
  log_.set_round(n);
  auto fail = [&](const util::Error& e, const std::string& what) {
    log_.say("Error", what + ": " + e.message, {{"exitCode", util::exit_code(e.kind)}});
    return RoundResult{util::exit_code(e.kind), transient(e.kind) ? RoundEnd::Failed : RoundEnd::Done};
  };
  auto refuse = [&](const std::string& commit, const std::string& why) {
    log_.say("Refused", "the VersionSet at " + short_sha(commit) + " " + why + ": nothing applied", {{"commit", commit}, {"exitCode", 3}});
    return RoundResult{3, RoundEnd::Done};
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
  manifest::Architecture& view = *at->loaded.view;
  auto client = ports_.connect(view);
  if (!client) return fail(client.error(), "cannot connect");
  l.client = std::move(*client);
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

  auto d = decide(l.planned.plan, l.planned.last, l.commit, refusals);
  k8s::Json facts = {{"commit", l.commit}, {"verdict", to_string(d.verdict)}, {"details", d.lines}};
  RoundResult result;
  switch (d.verdict) {
    case Verdict::Converged:
      log_.say("Converged", d.summary, facts);
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
      break;
    }
    case Verdict::Apply: {
      log_.say("Apply", d.summary + ": applying", facts);
      for (const auto& line : d.lines) log_.say("Step", "  " + line);
      auto r = apply_round(l);
      if (!r) {
        if (r.error().kind == util::ErrorKind::Locked) {
          log_.say("Locked", r.error().message + " (trying again next round)", {{"exitCode", 7}});
          result.code = 7;
        } else {
          result = fail(r.error(), "apply failed");
        }
      } else {
        result.code = *r;
      }
      break;
    }
  }
  if (o_.failover && !interrupted_) failover(*l.client, v, l.commit);
  return result;
}

util::Result<int> Reconciler::apply_round(Loaded& l) {
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
  log_.say("Applied", "revision " + std::to_string(rec.revision) + ": " + apply::to_string(rec.outcome) + ": " + rec.message,
           {{"revision", rec.revision}, {"outcome", apply::to_string(rec.outcome)}, {"commit", l.commit}});
  return outcome->exit_code;
}

void Reconciler::failover(kube::ClusterClient& client, const manifest::Architecture& view, const std::string& commit) {
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
      continue;
    }
    auto r = client.remove({"", "v1", "Pod", view.ns, a.pod}, {});
    if (!r) {
      log_.say("Error", a.service + ": could not delete pod " + a.pod + ": " + kube::describe(r.error()), facts);
      continue;
    }
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
