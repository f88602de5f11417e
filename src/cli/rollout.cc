// vsctl rollout status|promote|abort SERVICE: a canary or blue-green rollout that an apply is
// running (apply/rollout.h). The apply publishes its progress on the second workload
// (<service>-canary, <service>-preview); promote and abort leave a request there that the apply
// acts on. An abort with no apply left to act on it (the run was killed) is done here.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <thread>

#include "apply/events.h"
#include "apply/record_store.h"
#include "apply/rollout.h"
#include "cli/app.h"
#include "cli/rollback_cluster.h"
#include "cli/table.h"
#include "k8s/labels.h"
#include "status/when.h"
#include "kube/api_error.h"
#include "util/strings.h"

namespace vsctl::cli {

namespace {

using apply::rollout::Progress;

struct RolloutCmd {
  std::string service;
  std::string output = "text";
  int wait_s = 60;
};

struct Live {
  k8s::ObjectKey key;  // the second workload
  k8s::Json body;
  Progress progress;
  std::string request;
};

k8s::ObjectKey second(const std::string& ns, const std::string& service, const std::string& track) {
  return {"apps", "v1", "Deployment", ns, apply::rollout::workload_name(service, track)};
}

// The rollout under way for `service`: its canary, else its preview; nullopt when none.
util::Result<std::optional<Live>> find_live(kube::ClusterClient& c, const std::string& ns, const std::string& service) {
  for (const char* track : {"canary", "preview"}) {
    auto key = second(ns, service, track);
    auto got = c.get(key);
    if (!got) return tl::unexpected(kube::to_error(got.error()));
    if (!*got || k8s::string_at(**got, "/metadata/labels/" + k8s::pointer_token(std::string(k8s::kLabelName))) != service) continue;
    Live l{key, **got, {}, {}};
    std::string text = k8s::string_at(l.body, "/metadata/annotations/" + k8s::pointer_token(std::string(apply::rollout::kAnnotationProgress)));
    auto parsed = k8s::Json::parse(text, nullptr, false);
    if (auto p = apply::rollout::progress_from_json(parsed)) l.progress = *p;
    l.request = k8s::string_at(l.body, "/metadata/annotations/" + k8s::pointer_token(std::string(apply::rollout::kAnnotationRequest)));
    return std::optional<Live>(std::move(l));
  }
  return std::optional<Live>();
}

std::string analysis_line(const apply::rollout::AnalysisResult& r) {
  return "step " + std::to_string(r.step) + "  " + r.kind + "  " + apply::rollout::to_string(r.verdict) + "  " + r.message +
         (r.tries > 1 ? " (" + std::to_string(r.tries) + " tries)" : "") + (r.at.empty() ? "" : "  " + r.at);
}

void print_progress(const std::string& service, const Progress& p, const std::string& heading) {
  std::cout << heading << "\n";
  std::cout << "  service:   " << service << " " << p.from << " -> " << p.to << "\n";
  std::cout << "  strategy:  " << p.strategy << " (" << p.traffic << ")\n";
  std::cout << "  step:      " << std::max(p.step, 0) << "/" << p.steps << (p.phase.empty() ? "" : "  " + p.phase) << "\n";
  if (p.strategy != "blueGreen") std::cout << "  weight:    " << p.weight << "% on " << p.to << "\n";
  if (!p.message.empty()) std::cout << "  now:       " << p.message << "\n";
  if (p.promoted) std::cout << "  promoted:  yes (remaining pauses skipped)\n";
  std::cout << "  analyses:  " << (p.analyses.empty() ? "none yet" : "") << "\n";
  for (const auto& r : p.analyses) std::cout << "    " << analysis_line(r) << "\n";
  if (!p.updated.empty()) std::cout << "  updated:   " << p.updated << "\n";
}

util::Result<int> run_status(const Globals& g, const RolloutCmd& o) {
  VSCTL_TRY(a, find_architecture(g, ContextCheck::Allow));
  auto& client = *a.cluster.client;
  VSCTL_TRY(live, find_live(client, a.view.ns, o.service));
  if (live) {
    if (o.output == "json") {
      k8s::Json j = apply::rollout::to_json(live->progress);
      j["service"] = o.service;
      j["inProgress"] = true;
      j["workload"] = live->key.name;
      if (!live->request.empty()) j["request"] = live->request;
      std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      return 0;
    }
    print_progress(o.service, live->progress,
                   o.service + ": " + apply::rollout::summary(live->progress) + ", in progress on " + live->key.name +
                       (live->request.empty() ? "" : " (" + live->request + " requested)"));
    return 0;
  }
  // none under way: the last one the records kept
  apply::RecordStore store(client, a.view.ns, a.view.name);
  VSCTL_TRY(records, store.list());
  std::sort(records.begin(), records.end(), [](const apply::Record& x, const apply::Record& y) { return x.revision > y.revision; });
  for (auto it = records.begin(); it != records.end(); ++it)
    for (const auto& c : it->changed) {
      if (c.name != o.service || c.rollout.is_null()) continue;
      auto p = apply::rollout::progress_from_json(c.rollout);
      if (!p) continue;
      if (o.output == "json") {
        k8s::Json j = c.rollout;
        j["service"] = o.service;
        j["inProgress"] = false;
        j["revision"] = it->revision;
        j["outcome"] = c.outcome;
        if (!c.reason.empty()) j["reason"] = c.reason;
        std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return 0;
      }
      print_progress(o.service, *p,
                     o.service + ": no rollout in progress; the last one (revision " + std::to_string(it->revision) + ", " +
                         c.outcome + (c.reason.empty() ? "" : ": " + c.reason) + ") ended " + p->phase);
      return 0;
    }
  if (o.output == "json") {
    std::cout << k8s::Json({{"service", o.service}, {"inProgress", false}}).dump(2) << "\n";
    return 0;
  }
  std::cout << o.service << ": no rollout in progress, and none in the records of " << a.view.name << "\n";
  return 0;
}

// Leaves the request on the second workload (its own field manager).
util::Result<void> request(kube::ClusterClient& c, const Live& l, const std::string& what) {
  k8s::Json patch = {{"apiVersion", "apps/v1"},
                     {"kind", "Deployment"},
                     {"metadata",
                      {{"name", l.key.name},
                       {"namespace", l.key.namespace_},
                       {"annotations", {{std::string(apply::rollout::kAnnotationRequest), what}}}}}};
  kube::ApplyOptions ao;
  ao.force = kube::Force::Yes;
  ao.field_manager = std::string(apply::rollout::kFieldManagerRequest);
  auto r = c.apply(patch, ao);
  if (!r) return tl::unexpected(kube::to_error(r.error()));
  return {};
}

util::Result<Live> require_live(kube::ClusterClient& c, const std::string& ns, const std::string& service) {
  VSCTL_TRY(live, find_live(c, ns, service));
  if (!live)
    return util::fail(util::ErrorKind::Refused, "no rollout of " + service + " is in progress in namespace " + ns +
                                                    " (no Deployment " + service + "-canary or " + service +
                                                    "-preview): nothing to promote or abort");
  return std::move(*live);
}

// Seconds since the apply last wrote the progress; a large number when it never did.
long long stale_s(const Progress& p) {
  auto t = status::parse_time(p.updated);
  if (!t) return 1'000'000;
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now() - *t).count();
}

util::Result<int> run_promote(const Globals& g, const RolloutCmd& o) {
  VSCTL_TRY(a, find_architecture(g, ContextCheck::Allow));
  auto& client = *a.cluster.client;
  VSCTL_TRY(live, require_live(client, a.view.ns, o.service));
  VSCTL_CHECK(request(client, live, "promote"));
  std::cerr << "vsctl rollout promote: asked the apply running " << o.service << "'s " << live.progress.strategy
            << " rollout to skip its remaining pauses; waiting up to " << o.wait_s << "s for it to say so\n";
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(o.wait_s);
  while (std::chrono::steady_clock::now() < until) {
    VSCTL_TRY(now, find_live(client, a.view.ns, o.service));
    if (!now || now->progress.promoted) {
      std::cout << "promoted " << o.service << ": the rollout goes on without its pauses"
                << (now ? " (now " + apply::rollout::summary(now->progress) + ")" : " (it has finished)") << "\n";
      return 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  return util::fail(util::ErrorKind::Convergence, "the apply running " + o.service + "'s rollout did not take the promotion within " +
                                                      std::to_string(o.wait_s) + "s (last progress " +
                                                      (live.progress.updated.empty() ? std::string("never") : live.progress.updated) +
                                                      "); the request stays on " + live.key.name + " for it");
}

// With no apply left to act: traffic back on stable, the second workload removed.
util::Result<std::vector<std::string>> abort_here(kube::ClusterClient& c, const std::string& service, const Live& l) {
  std::vector<std::string> done;
  const Progress& p = l.progress;
  auto edit = [&](const k8s::ObjectKey& key, const std::function<void(k8s::Json&)>& change) -> util::Result<bool> {
    auto got = c.get(key);
    if (!got) return tl::unexpected(kube::to_error(got.error()));
    if (!*got) return false;
    k8s::Json obj = **got;
    change(obj);
    if (obj["metadata"].contains("managedFields")) obj["metadata"].erase("managedFields");
    auto u = c.update(obj, kube::DryRun::No);
    if (!u) return tl::unexpected(kube::to_error(u.error()));
    return true;
  };
  if (!p.route.empty()) {
    k8s::ObjectKey route{"gateway.networking.k8s.io", "v1", "HTTPRoute", l.key.namespace_, p.route};
    VSCTL_TRY(ok, edit(route, [&](k8s::Json& r) { apply::rollout::set_weights(r, service + "-stable", service + "-canary", 0); }));
    if (ok) done.push_back("HTTPRoute " + p.route + " weights back to " + service + "-stable 100, " + service + "-canary 0");
  }
  if (p.strategy == "blueGreen") {
    k8s::ObjectKey svc{"", "v1", "Service", l.key.namespace_, service};
    VSCTL_TRY(ok, edit(svc, [&](k8s::Json& s) { s["spec"]["selector"][std::string(k8s::kLabelTrack)] = "stable"; }));
    if (ok) done.push_back("Service " + service + " selects the stable track");
  }
  if (p.traffic == "replicas" && p.total > 0) {
    k8s::ObjectKey main{"apps", "v1", "Deployment", l.key.namespace_, service};
    VSCTL_TRY(ok, edit(main, [&](k8s::Json& d) { d["spec"]["replicas"] = p.total; }));
    if (ok) done.push_back("Deployment " + service + " back to " + std::to_string(p.total) + " instance(s)");
  }
  kube::DeleteOptions d;
  d.propagation = kube::Propagation::Background;
  auto r = c.remove(l.key, d);
  if (!r) return tl::unexpected(kube::to_error(r.error()));
  done.push_back("Deployment " + l.key.name + " removed");
  return done;
}

util::Result<int> run_abort(const Globals& g, const RolloutCmd& o) {
  VSCTL_TRY(a, find_architecture(g, ContextCheck::Allow));
  auto& client = *a.cluster.client;
  VSCTL_TRY(live, require_live(client, a.view.ns, o.service));
  if (stale_s(live.progress) > 30) {
    // the apply that ran it is gone (killed, lost): nobody else will
    VSCTL_TRY(done, abort_here(client, o.service, live));
    std::cout << "aborted " << o.service << "'s " << live.progress.strategy
              << " rollout; no apply was running it (its progress was last written "
              << (live.progress.updated.empty() ? std::string("never") : live.progress.updated) << "):\n";
    for (const auto& d : done) std::cout << "  " << d << "\n";
    std::cout << "the service runs " << (live.progress.from.empty() ? std::string("its stable version") : live.progress.from)
              << " again; the next apply plans the update anew\n";
    return 0;
  }
  VSCTL_CHECK(request(client, live, "abort"));
  std::cerr << "vsctl rollout abort: asked the apply running " << o.service << "'s rollout to abort; waiting up to " << o.wait_s
            << "s until " << live.key.name << " is gone\n";
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(o.wait_s);
  while (std::chrono::steady_clock::now() < until) {
    VSCTL_TRY(now, find_live(client, a.view.ns, o.service));
    if (!now) {
      std::cout << "aborted " << o.service << "'s " << live.progress.strategy << " rollout: traffic is back on "
                << (live.progress.from.empty() ? std::string("the stable version") : live.progress.from) << ", " << live.key.name
                << " removed; the apply marks " << o.service << " Failed (RolloutAborted)\n";
      return 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  return util::fail(util::ErrorKind::Convergence, live.key.name + " is still there " + std::to_string(o.wait_s) +
                                                      "s after the abort request; run vsctl rollout abort " + o.service +
                                                      " again once the apply has stopped, and it aborts the rollout itself");
}

}  // namespace

void add_rollout(CLI::App& app, Globals& g, Registry& reg) {
  CLI::App* ro = app.add_subcommand("rollout", "Watch, promote or abort a canary or blue-green rollout an apply is running");
  ro->require_subcommand(1);
  auto o = std::make_shared<RolloutCmd>();

  CLI::App* status = ro->add_subcommand("status", "The rollout's step, weight and analyses (else the last one recorded)");
  status->add_option("SERVICE", o->service, "The service")->required();
  status->add_option("-o,--output", o->output, "Output format")->check(CLI::IsMember({"text", "json"}));
  status->footer(
      "Reads the progress the apply writes on <service>-canary (or <service>-preview) in the\n"
      "architecture's namespace; with none under way, the last rollout of the service in the records.\n\n"
      "Exit codes: 0 shown, 2 usage, 5 cluster error.\n\n"
      "Examples:\n"
      "  vsctl rollout status cart\n"
      "  vsctl rollout status cart -o json");
  reg.add(status, [&g, o] { return run_status(g, *o); });

  CLI::App* promote = ro->add_subcommand("promote", "Skip the rollout's remaining pauses");
  promote->add_option("SERVICE", o->service, "The service")->required();
  promote->add_option("--wait", o->wait_s, "Seconds to wait for the apply to take it")->type_name("SECONDS");
  promote->footer(
      "Weights and analyses still run; only the pauses (timed, and `pause: {}`) are skipped.\n\n"
      "Exit codes: 0 taken, 2 usage, 5 cluster error, 6 the apply did not take it in time, 8 no\n"
      "rollout of the service in progress.\n\n"
      "Examples:\n"
      "  vsctl rollout promote cart");
  reg.add(promote, [&g, o] { return run_promote(g, *o); });

  CLI::App* abort = ro->add_subcommand("abort", "Stop the rollout: all traffic back on the stable version, the canary removed");
  abort->add_option("SERVICE", o->service, "The service")->required();
  abort->add_option("--wait", o->wait_s, "Seconds to wait for the apply to finish the abort")->type_name("SECONDS");
  abort->footer(
      "The apply running the rollout puts traffic back on the stable version, removes the canary (or\n"
      "preview), marks the service Failed (RolloutAborted) and, with --rollback-on-failure, rolls back\n"
      "what it already moved. When no apply has written the rollout's progress for 30s (it was killed),\n"
      "the abort is done here.\n\n"
      "Exit codes: 0 aborted, 2 usage, 5 cluster error, 6 the apply did not finish the abort in time,\n"
      "8 no rollout of the service in progress.\n\n"
      "Examples:\n"
      "  vsctl rollout abort cart");
  reg.add(abort, [&g, o] { return run_abort(g, *o); });
}

}  // namespace vsctl::cli
