// vsctl reconcile: rounds of read the branch, plan, apply when changed or drifted, fail over;
// until SIGTERM/SIGINT (exit 0 once the round in flight ended and the lock is released), or
// one round with --once (apply's exit codes).
#include <cstdlib>

#include <iostream>

#include "apply/events.h"
#include "cli/cluster.h"
#include "cli/convergence.h"
#include "cli/diagnostics_output.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "cli/reconcile.h"
#include "cli/reconcile_log.h"
#include "cli/signals.h"
#include "metrics/server.h"
#include "reconcile/metrics.h"
#include "reconcile/probes.h"
#include "versionset/remote.h"

namespace vsctl::cli {

namespace {

struct ReconcileCmd {
  std::string repo, branch = "main", cache_dir, interval = "30s", timeout = "5m";
  std::string failover_after = "2m", webhook, output = "text", metrics_addr, follow = "branch";
  int failover_restarts = 3, pet_restarts = 3, concurrency = 4, history_max = 10;
  bool once = false, prune = false, no_failover = false;
};

std::string seconds_text(std::chrono::milliseconds d) {
  auto ms = d.count();
  return ms % 1000 ? std::to_string(ms) + "ms" : std::to_string(ms / 1000) + "s";
}

util::Result<int> run_reconcile(const Globals& g, const ReconcileCmd& c) {
  reconcile::ReconcileOptions o;
  VSCTL_TRY(interval, parse_duration(c.interval, "--interval"));
  VSCTL_TRY(timeout, parse_duration(c.timeout, "--timeout"));
  VSCTL_TRY(after, parse_duration(c.failover_after, "--failover-after"));
  if (interval.count() <= 0) return util::fail(util::ErrorKind::Usage, "--interval must be more than 0");
  if (c.pet_restarts < 0 || c.failover_restarts < 0)
    return util::fail(util::ErrorKind::Usage, "--pet-restarts and --failover-restarts cannot be negative");
  o.repo = c.repo.empty() ? (g.dir.empty() ? "." : g.dir) : c.repo;
  o.branch = c.branch;
  o.follow = c.follow == "promoted" ? reconcile::Follow::Promoted : reconcile::Follow::Branch;
  if (o.follow == reconcile::Follow::Promoted && g.env.empty())
    return util::fail(util::ErrorKind::Usage, "--follow promoted follows what was promoted into one environment: name it with --env");
  if (!g.file.empty()) o.manifest_path = g.file;
  o.env = g.env;
  o.cache_dir = c.cache_dir.empty() ? versionset::default_cache_root() : c.cache_dir;
  o.once = c.once;
  o.prune = c.prune;
  o.failover = !c.no_failover;
  o.json = c.output == "json";
  o.interval = interval;
  o.timeout = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  o.concurrency = static_cast<std::size_t>(std::max(1, c.concurrency));
  o.history_max = c.history_max;
  o.failover_opts.after = after;
  o.failover_opts.restarts = c.failover_restarts;
  o.failover_opts.pet_restarts = c.pet_restarts;
  o.webhook = c.webhook;
  if (o.webhook.empty())
    if (const char* w = std::getenv("VSCTL_ALERT_WEBHOOK"); w && *w) o.webhook = w;

  // --metrics-addr: the rounds' reports as metrics, and the probes, served while the loop runs
  auto ports = reconcile_ports(g, o.json);
  reconcile::MetricsModel model;
  std::unique_ptr<metrics::Exposition> exposition;
  std::unique_ptr<reconcile::Probes> probes;
  std::unique_ptr<metrics::Server> server;
  if (!c.metrics_addr.empty()) {
    o.read_states = true;
    exposition = std::make_unique<metrics::Exposition>();
    exposition->apply(model.initial());
    probes = std::make_unique<reconcile::Probes>(reconcile::liveness_bound(o.timeout));
    VSCTL_TRY(s, metrics::Server::start(c.metrics_addr, *exposition, *probes));
    server = std::move(s);
    ports.reporter = [inner = ports.reporter, p = probes.get()]() -> std::unique_ptr<apply::Reporter> {
      return std::make_unique<reconcile::ProgressReporter>(inner(), *p);
    };
  }

  const auto& stop = interrupt_flag();
  RoundLog log(o.json);
  reconcile::Reconciler r(o, std::move(ports), log, stop);
  auto round = [&](int n) {
    if (probes) probes->progress();
    reconcile::RoundResult res = r.round(n);
    if (exposition) {
      exposition->apply(model.updates(res.report));
      probes->round_ended(res.report);
    }
    return res;
  };
  if (o.once) return round(1).code;

  log.say("Started", std::string(o.follow == reconcile::Follow::Promoted ? "reconciling what was promoted into " + o.env + " from branch " : "reconciling branch ") + o.branch + " of " + versionset::redact_url(o.repo) + " every " + seconds_text(o.interval) +
                         (o.failover ? "; failover after " + seconds_text(after) + " or " + std::to_string(c.failover_restarts) +
                                           " restarts, pets restarted at most " + std::to_string(c.pet_restarts) + " time(s)"
                                     : "; failover off") +
                         (server ? "; metrics on " + c.metrics_addr + " (/metrics, /healthz, /readyz)" : ""));
  reconcile::RealSleeper real;
  reconcile::BeatingSleeper sleeper(real, [&] {
    if (probes) probes->progress();
  });
  reconcile::LoopOptions lo;
  lo.interval = o.interval;
  int rounds = reconcile::run_loop([&](int n) { return round(n).end; }, sleeper, stop, lo,
                                   [&](reconcile::Millis d, int failures) {
                                     if (failures > 0)
                                       log.say("Waiting", std::to_string(failures) + " round(s) failed in a row: next round in " + seconds_text(d),
                                               {{"delayMs", d.count()}, {"failures", failures}});
                                   });
  log.set_round(0);
  log.say("Stopped", "stopped by a signal after " + std::to_string(rounds) + " round(s); the lock is released", {{"rounds", rounds}});
  return 0;
}

}  // namespace

reconcile::Ports reconcile_ports(const Globals& g, bool json) {
  reconcile::Ports p;
  p.connect = [&g](manifest::Architecture& view) -> util::Result<std::unique_ptr<kube::ClusterClient>> {
    VSCTL_TRY(cluster, connect(g, view, ContextCheck::Refuse));
    return std::unique_ptr<kube::ClusterClient>(std::move(cluster.client));
  };
  p.reporter = [json] { return make_reporter(json ? ProgressStyle::Json : ProgressStyle::Lines, Output::stderr_color()); };
  p.show = [](const util::Diagnostics& d, const manifest::SourceTexts& texts) {
    std::cerr << format_text(d, texts, Output::stderr_color());
  };
  return p;
}

void add_reconcile(CLI::App& app, Globals& g, Registry& reg) {
  auto c = std::make_shared<ReconcileCmd>();
  CLI::App* sub = app.add_subcommand("reconcile", "Keep the cluster converged to a branch: apply changes, undo drift, fail over");
  sub->add_option("--repo", c->repo, "The repository: a local path (read in place) or a URL (fetched into a cache); default -C")
      ->type_name("PATH|URL");
  sub->add_option("--branch", c->branch, "The branch whose tip is applied")->default_str("main");
  sub->add_option("--follow", c->follow,
                  "branch: apply the tip of --branch; promoted: keep the VersionSet promoted into --env (vsctl promote) converged")
      ->check(CLI::IsMember({"branch", "promoted"}))
      ->default_str("branch");
  sub->add_option("--interval", c->interval, "Time between rounds")->default_str("30s");
  sub->add_flag("--once", c->once, "Run one round and exit with apply's exit codes");
  sub->add_flag("--prune", c->prune, "Destroy services removed from the manifest (dependents first)");
  sub->add_option("--timeout", c->timeout, "Per-service deadline of an apply, also the rendered progress deadline")->default_str("5m");
  sub->add_option("--concurrency", c->concurrency, "Steps (services) run at once; each starts when the steps it follows are done")->default_str("4");
  sub->add_option("--history-max", c->history_max, "Records kept in the cluster")->default_str("10");
  sub->add_option("--failover-after", c->failover_after, "An instance unready this long has failed")->default_str("2m");
  sub->add_option("--failover-restarts", c->failover_restarts, "An unready instance whose containers restarted this often has failed (0: never)")
      ->default_str("3");
  sub->add_option("--pet-restarts", c->pet_restarts, "In-place restarts of a failed pet before it needs a person")->default_str("3");
  sub->add_flag("--no-failover", c->no_failover, "Never delete pods; only converge");
  sub->add_option("--alert-webhook", c->webhook, "POST a JSON alert here when a service needs a person (also: VSCTL_ALERT_WEBHOOK)")
      ->type_name("URL");
  sub->add_option("--metrics-addr", c->metrics_addr,
                  "Serve Prometheus metrics on /metrics, and /healthz and /readyz, at this address (127.0.0.1:9090, :9090)")
      ->type_name("ADDR");
  sub->add_option("--cache-dir", c->cache_dir, "Where fetched repositories are kept (default: $XDG_CACHE_HOME/vsctl/reconcile)")
      ->type_name("DIR");
  sub->add_option("-o,--output", c->output, "text: timestamped lines on stderr; json: one event per line on stdout")
      ->check(CLI::IsMember({"text", "json"}));
  sub->footer(
      "Each round reads the tip of the branch, plans against the cluster and applies (under apply's lock, recorded\n"
      "as operation reconcile) when the VersionSet changed or the cluster drifted; one-way doors and vetoed versions\n"
      "are reported, never applied. Then cattle instances that failed are deleted (replaced elsewhere) and pets are\n"
      "restarted in place up to --pet-restarts, then reported as needing a person (an Event, and the webhook).\n"
      "With --follow promoted (and --env), a round keeps the commit of the environment's newest promote (or whole\n"
      "rollback) converged instead of the tip, so an environment behind a promotion stage never takes an unpromoted\n"
      "commit; until something is promoted there, nothing is applied (docs/fleet.md).\n\n"
      "With --metrics-addr, /metrics has the rounds by outcome, their durations, the drift undone, the failovers,\n"
      "the applied revision and each service's lifecycle state (metric names vsctl_reconcile_*); /healthz answers\n"
      "200 while the loop makes progress, /readyz 200 when the last round reached the repository and the cluster\n"
      "(else 503 and why).\n\n"
      "Exit codes (--once): 0 converged or applied, 3 invalid manifest, 4 git, 5 cluster error, 6 a service did not\n"
      "reach Run, 7 locked, 8 refused, 130 interrupted. The loop exits 0 on SIGTERM or SIGINT.\n\n"
      "Examples:\n"
      "  vsctl reconcile --repo https://git.example.com/shop/arch.git --branch main --interval 1m\n"
      "  vsctl -C ~/arch reconcile --once -o json\n"
      "  vsctl reconcile --repo /srv/arch --metrics-addr :9090\n"
      "  vsctl reconcile --repo /srv/arch --env production-eu --follow promoted\n"
      "  vsctl reconcile --repo /srv/arch --failover-after 90s --pet-restarts 2 --alert-webhook https://hooks.example.com/x");
  reg.add(sub, [&g, c] { return run_reconcile(g, *c); });
}

}  // namespace vsctl::cli
