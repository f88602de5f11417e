// One reconcile round: read the tip of the branch, plan against the cluster, decide, apply
// through apply's converge (lock, record, watch) when needed, then fail over.
#include <unistd.h>

#include "apply/converge.h"
#include "apply/veto.h"
#include "cli/convergence.h"
#include "cli/diagnostics_output.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "cli/reconcile.h"
#include "manifest/definition.h"
#include "reconcile/decide.h"
#include "reconcile/source.h"
#include "util/hash.h"
#include "util/strings.h"
#include "versionset/git_source.h"
#include "versionset/load_rev.h"

namespace vsctl::cli {

struct Reconciler::Loaded {
  Target t;
  std::string commit;
  Planned planned;
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

int code_of(util::ErrorKind k) { return util::exit_code(k); }

bool transient(util::ErrorKind k) { return k == util::ErrorKind::Cluster || k == util::ErrorKind::Git || k == util::ErrorKind::Io; }

}  // namespace

Reconciler::Reconciler(const Globals& g, ReconcileOptions o, RoundLog& log, const std::atomic<bool>& interrupted)
    : g_(g), o_(std::move(o)), log_(log), interrupted_(interrupted) {
  if (!o_.webhook.empty()) notifier_ = make_webhook_notifier(o_.webhook);
}

RoundResult Reconciler::round(int n) {
  log_.set_round(n);
  auto fail = [&](const util::Error& e, const std::string& what) {
    log_.say("Error", what + ": " + e.message, {{"exitCode", code_of(e.kind)}});
    return RoundResult{code_of(e.kind), transient(e.kind) ? reconcile::RoundEnd::Failed : reconcile::RoundEnd::Done};
  };
  // the branch
  auto co = reconcile::sync({o_.repo, o_.branch}, o_.cache_dir);
  if (!co) return fail(co.error(), "cannot read branch " + o_.branch);
  auto src = versionset::GitSource::open(co->path);
  if (!src) return fail(src.error(), "cannot open the repository");
  versionset::RevRequest req;
  req.rev = co->rev;
  req.manifest_path = g_.file.empty() ? "architecture.yaml" : g_.file;
  req.env = g_.env;
  auto at = versionset::load_rev(**src, req);
  if (!at) return fail(at.error(), "cannot read the VersionSet");
  Loaded l;
  l.commit = at->commit.id.hex();
  if (!at->loaded.ok()) {
    std::cerr << format_text(at->loaded.diags, at->loaded.texts, Output::stderr_color());
    log_.say("Refused", "the VersionSet at " + reconcile::short_sha(l.commit) + " is invalid (" + count_summary(at->loaded.diags) +
                            "): nothing applied", {{"commit", l.commit}, {"exitCode", 3}});
    return {3, reconcile::RoundEnd::Done};
  }
  // the cluster
  Target& t = l.t;
  // who is drift: the branch's own .vsctl/diff.yaml over the defaults, as apply reads the tree's
  auto policy = policy_at(**src, at->commit);
  if (!policy) {
    log_.say("Refused", "the VersionSet at " + reconcile::short_sha(l.commit) + ": " + policy.error().message + ": nothing applied",
             {{"commit", l.commit}, {"exitCode", 3}});
    return {3, reconcile::RoundEnd::Done};
  }
  t.policy = std::move(*policy);
  t.loaded = std::move(at->loaded);
  t.view = *t.loaded.view;
  std::string all;
  for (const auto& [name, text] : t.loaded.texts) all += name + '\0' + text + '\0';
  t.tree_digest = util::sha256_hex(all);
  auto cluster = connect(g_, t.view, ContextCheck::Refuse);
  if (!cluster) return fail(cluster.error(), "cannot connect");
  t.cluster = std::move(*cluster);
  render::Options ro;
  ro.progress_deadline_s = static_cast<int>(o_.timeout.count());
  t.rendered = render::render(t.view, ro);
  if (t.rendered.diags.has_errors()) {
    std::cerr << format_text(t.rendered.diags, t.loaded.texts, Output::stderr_color());
    log_.say("Refused", "the VersionSet at " + reconcile::short_sha(l.commit) + " does not render: nothing applied", {{"exitCode", 3}});
    return {3, reconcile::RoundEnd::Done};
  }
  std::vector<std::string> refusals;
  auto vetoes = apply::VetoStore(*t.cluster.client, t.view.ns, t.view.name).list();
  if (!vetoes) return fail(vetoes.error(), "cannot read the vetoes");
  std::map<std::string, std::string> desired;
  for (const auto& s : t.view.services) desired[s.name] = s.version;
  if (auto v = apply::check_vetoes(*vetoes, desired); !v) refusals.push_back(v.error().message);
  apply::PlanOptions po = plan_options(o_.prune);
  auto planned = plan_against_cluster(t, po);
  if (!planned) return fail(planned.error(), "cannot plan");
  l.planned = std::move(*planned);

  auto d = reconcile::decide(l.planned.plan, l.planned.last, l.commit, refusals);
  k8s::Json facts = {{"commit", l.commit}, {"verdict", reconcile::to_string(d.verdict)}, {"details", d.lines}};
  RoundResult result;
  switch (d.verdict) {
    case reconcile::Verdict::Converged:
      log_.say("Converged", d.summary, facts);
      break;
    case reconcile::Verdict::Refused: {
      log_.say("Refused", "commit " + reconcile::short_sha(l.commit) + ": " + d.summary + ":\n  " + util::join(d.lines, "\n  "), facts);
      std::string key = l.commit + "\n" + util::join(d.lines, "\n");
      if (key != last_refusal_) {
        last_refusal_ = key;
        reconcile::Alert a;
        a.workload = {"", "v1", "Namespace", "", t.view.ns};
        a.reason = "ReconcileRefused";
        a.message = "commit " + reconcile::short_sha(l.commit) + " not applied: " + util::join(d.lines, "; ");
        a.architecture = t.view.name;
        a.ns = t.view.ns;
        a.commit = l.commit;
        alert(*t.cluster.client, std::move(a));
      }
      result.code = 8;
      break;
    }
    case reconcile::Verdict::Apply: {
      log_.say("Apply", d.summary + ": applying", facts);
      for (const auto& line : d.lines) log_.say("Step", "  " + line);
      auto r = apply_round(l, n);
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
  if (o_.failover && !interrupted_) failover(l.t, l.commit);
  return result;
}

util::Result<int> Reconciler::apply_round(Loaded& l, int n) {
  (void)n;
  Target& t = l.t;
  auto& client = *t.cluster.client;
  for (const auto& o : t.rendered.objects)  // the lock and the record live in the namespace: make it first
    if (o.service.empty() && o.key.kind == "Namespace") {
      auto have = client.get(o.key);
      if (!have) return tl::unexpected(kube::to_error(have.error()));
      if (!*have) {
        kube::ApplyOptions ao;
        ao.force = kube::Force::Yes;
        if (auto r = client.apply(o.body, ao); !r) return tl::unexpected(kube::to_error(r.error()));
      }
    }
  apply::Record rec;
  rec.operation = "reconcile";
  rec.architecture = t.view.name;
  rec.ns = t.view.ns;
  rec.environment = t.view.env;
  rec.commit = l.commit;
  rec.tree_digest = t.tree_digest;
  rec.who = reconciler_who();
  for (const auto& s : t.view.services)
    rec.services[s.name] = {{"version", s.version}, {"digest", manifest::digest(s)}, {"definition", manifest::definition(s)}};
  for (const auto& o : t.rendered.objects) rec.objects.push_back(o.body);

  apply::ConvergeOptions co;
  co.exec.concurrency = o_.concurrency;
  co.exec.timeout = o_.timeout;
  co.exec.interrupted = &interrupted_;
  co.exec.policy = t.policy;  // the repository's .vsctl/diff.yaml decides who is drift, as for apply
  co.lock.ns = t.view.ns;
  co.lock.architecture = t.view.name;
  co.lock.holder = rec.who + " (reconcile, pid " + std::to_string(getpid()) + ")";
  co.lock.operation = "reconcile";
  co.lock.interrupted = &interrupted_;
  co.history_max = o_.history_max;
  // under the lock: plan again; the reconciler applies what it finds, but never a refusal
  apply::Replan replan = [&]() -> util::Result<std::pair<apply::Plan, std::map<k8s::ObjectKey, k8s::Json>>> {
    apply::PlanOptions po = plan_options(o_.prune);
    VSCTL_TRY(again, plan_against_cluster(t, po));
    if (auto r = again.plan.refusals(); !r.empty())
      return util::fail(util::ErrorKind::Refused, "refused under the lock: " + util::join(r, "; "));
    return std::make_pair(std::move(again.plan), std::move(again.objects));
  };
  auto reporter = make_reporter(log_.json() ? ProgressStyle::Json : ProgressStyle::Lines, Output::stderr_color());
  auto result = apply::converge(client, *reporter, replan, rec, co);
  reporter.reset();
  if (!result) return tl::unexpected(result.error());
  const auto& r = *result;
  log_.say("Applied", "revision " + std::to_string(r.record.revision) + ": " + r.record.outcome + ": " + r.record.message,
           {{"revision", r.record.revision}, {"outcome", r.record.outcome}, {"commit", l.commit}});
  return apply::exit_code(r);
}

}  // namespace vsctl::cli
