// vsctl diff [REV]: desired (REV, or the working tree) against the live cluster.
#include "cli/diff_live.h"

#include <chrono>
#include <iostream>
#include <map>
#include <tuple>

#include "cli/cluster.h"
#include "cli/convergence.h"
#include "cli/diagnostics_output.h"
#include "diff/report.h"
#include "diff/report_markdown.h"
#include "cli/output.h"
#include "cli/workspace.h"
#include "diff/live.h"
#include "diff/rendered.h"
#include "diff/threeway.h"
#include "k8s/secret.h"
#include "manifest/document.h"
#include "render/render.h"

namespace vsctl::cli {

namespace {

using Identity = std::tuple<std::string, std::string, std::string, std::string>;
Identity identity(const k8s::ObjectKey& k) { return {k.group, k.kind, k.namespace_, k.name}; }

void progress(const std::string& msg) {
  if (Output::verbosity() > 0 || Output::stderr_is_terminal()) std::cerr << msg << "\n";
}

// The repository's diff policy (convergence.h: the one reader apply, reconcile and rollback use).
util::Result<diff::Policy> load_policy(const Globals& g) {
  VSCTL_TRY(ws, find_workspace(g));
  return repository_policy(ws);
}

// Loads, checks and renders one VersionSet; nullopt (diagnostics printed) when it is invalid.
util::Result<std::optional<std::pair<manifest::Architecture, render::Rendered>>> load_and_render(
    const Globals& g, const std::string& rev, const std::string& what) {
  using Out = std::optional<std::pair<manifest::Architecture, render::Rendered>>;
  VSCTL_TRY(loaded, load_source(g, rev, g.env));
  std::cerr << format_text(loaded.diags, loaded.texts, Output::stderr_color());
  if (!loaded.ok()) {
    std::cerr << what << ": the manifest is invalid (" << count_summary(loaded.diags) << "): nothing compared\n";
    return Out();
  }
  manifest::Architecture view = *loaded.view;
  if (!g.ns.empty()) view.ns = g.ns;
  auto rendered = render::render(view);
  if (rendered.diags.has_errors()) {
    std::cerr << format_text(rendered.diags, loaded.texts, Output::stderr_color());
    return Out();
  }
  return Out(std::make_pair(std::move(view), std::move(rendered)));
}

// The three-way view: each object's difference split into the change from the base and the
// drift already there.
void split_by_base(diff::Report& r, const render::Rendered& base, const render::Rendered& desired) {
  std::map<Identity, const k8s::Json*> base_bodies, desired_bodies;
  for (const auto& o : base.objects) base_bodies[identity(o.key)] = &o.body;
  for (const auto& o : desired.objects) desired_bodies[identity(o.key)] = &o.body;
  for (const auto& d : r.objects) {
    auto b = base_bodies.find(identity(d.key));
    auto w = desired_bodies.find(identity(d.key));
    auto s = diff::split(d, b == base_bodies.end() ? nullptr : b->second, w == desired_bodies.end() ? nullptr : w->second);
    r.change.objects.push_back(std::move(s.change));
    r.drift.objects.push_back(std::move(s.drift));
  }
}

void mask_all(std::vector<diff::ObjectDiff>& objects) {
  for (auto& d : objects) k8s::mask_secret(d.key, d.before, d.after);
}

}  // namespace

util::Result<int> run_live_diff(const Globals& g, const LiveDiffOptions& o) {
  std::string what = o.rev.empty() ? "the working tree" : o.rev;
  VSCTL_TRY(desired_set, load_and_render(g, o.rev, what));
  if (!desired_set) return 3;
  auto& [view, rendered] = *desired_set;
  std::optional<std::pair<manifest::Architecture, render::Rendered>> base_set;
  if (!o.base.empty()) {
    VSCTL_TRY(b, load_and_render(g, o.base, "--base " + o.base));
    if (!b) return 3;
    base_set = std::move(b);
  }
  VSCTL_TRY(policy, load_policy(g));
  VSCTL_TRY(cluster, connect(g, view, o.force_context ? ContextCheck::Allow : ContextCheck::Refuse));

  auto desired = diff::desired_of(rendered);
  diff::LiveQuery q;
  q.architecture = view.name;
  q.namespace_ = view.ns;
  if (base_set)
    for (const auto& obj : base_set->second.objects) q.kinds.push_back(obj.key.gvk());

  auto started = std::chrono::steady_clock::now();
  progress("reading " + view.name + " from the cluster (context " + cluster.context + ", namespace " + view.ns + ")");
  VSCTL_TRY(live, kube::to_result(diff::read_live(*cluster.client, desired, q)));
  auto compared = diff::compare_live(*cluster.client, desired, live.objects, {policy, view.name});
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  if (Output::verbosity() > 0) {
    std::cerr << "compared " << desired.size() << " desired with " << live.objects.size() << " live objects: "
              << live.lists << " lists, " << live.gets << " gets, " << compared.dry_runs << " dry-run applies, "
              << ms << " ms\n";
    if (Output::verbosity() > 1)
      for (const auto& w : compared.why) std::cerr << "dry-run " << w << "\n";
  }

  diff::Report r;
  r.architecture = view.name;
  r.environment = view.env;
  r.namespace_ = view.ns;
  r.context = cluster.context;
  r.revision = o.rev;
  r.objects = std::move(compared.objects);
  if (base_set) {
    r.base = o.base;
    split_by_base(r, base_set->second, rendered);
  }
  if (!o.show_secrets) {
    mask_all(r.objects);
    mask_all(r.change.objects);
    mask_all(r.drift.objects);
  }
  r.services = diff::summarize(r.objects);
  if (base_set) {
    r.change.services = diff::summarize(r.change.objects);
    r.drift.services = diff::summarize(r.drift.objects);
  }

  if (o.output == "markdown") {
    markdown::Cap cap;
    cap.full = markdown::code("vsctl diff" + (o.rev.empty() ? "" : " " + o.rev) + (o.base.empty() ? "" : " --base " + o.base) +
                              (g.env.empty() ? "" : " --env " + g.env));
    std::cout << diff::report_markdown(r, cap);
  } else if (o.output == "json") {
    std::cout << diff::report_json(r).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::cout << diff::report_text(r, Output::stdout_color());
  }
  if (compared.failed > 0) {
    for (const auto& d : r.objects)
      if (!d.error.empty()) std::cerr << "vsctl diff: " << k8s::to_string(d.key) << ": " << d.error << "\n";
    return util::fail(util::ErrorKind::Cluster, std::to_string(compared.failed) +
                                                    (compared.failed == 1 ? " object" : " objects") +
                                                    " could not be compared: the server refused the dry-run");
  }
  return r.differs() ? 1 : 0;
}

}  // namespace vsctl::cli
