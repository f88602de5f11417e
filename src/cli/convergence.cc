#include "cli/convergence.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <pwd.h>

#include "apply/capacity_check.h"
#include "apply/read_capacity.h"
#include "apply/read_live.h"
#include "apply/record_store.h"
#include "cli/diagnostics_output.h"
#include "cli/output.h"
#include "cli/workspace.h"
#include "manifest/definition.h"
#include "manifest/document.h"
#include "util/hash.h"
#include "util/strings.h"

namespace vsctl::cli {

namespace {
constexpr const char* kPolicyFile = ".vsctl/diff.yaml";

// Whether some step makes pods or claims: only then is the cluster's room read.
bool needs_room(const apply::Plan& plan) {
  for (const auto& w : plan.waves)
    for (const auto& s : w.steps) {
      if (s.change == apply::Change::Destroy) continue;
      for (const auto& a : s.actions)
        if (a.kind == apply::ActionKind::Hook || a.key.kind == "Deployment" || a.key.kind == "StatefulSet") return true;
    }
  return false;
}
}  // namespace

util::Result<diff::Policy> policy_at(versionset::SourceReader& src, const versionset::CommitInfo& commit) {
  const std::string where = commit.id.hex().substr(0, 12) + ":" + kPolicyFile;
  VSCTL_TRY(e, src.entry(commit.tree, kPolicyFile));
  if (e.kind == versionset::EntryKind::Missing) return diff::Policy::defaults();
  if (e.kind != versionset::EntryKind::Blob)
    return util::fail(util::ErrorKind::Invalid, where + ": not a regular file (a symlink or a directory): make it one");
  VSCTL_TRY(text, src.blob(e.id, 1u << 20));
  return diff::parse_policy(where, text);
}

util::Result<diff::Policy> repository_policy(const Workspace& ws) {
  VSCTL_TRY(text, read_optional_file(ws, kPolicyFile, manifest::kMaxManifestBytes));
  if (!text) return diff::Policy::defaults();
  return diff::parse_policy(kPolicyFile, *text);
}

util::Result<Target> load_target(const Globals& g, const std::string& rev, int timeout_s, ContextCheck check) {
  Target t;
  VSCTL_TRY(ws, find_workspace(g));
  t.ws = ws;
  VSCTL_TRY(policy, repository_policy(ws));
  t.policy = std::move(policy);
  // a revision is read from git (libgit2), whatever the working tree holds
  VSCTL_TRY(loaded, load_source(g, rev, g.env));
  std::cerr << format_text(loaded.diags, loaded.texts, Output::stderr_color());
  if (!loaded.ok())
    return util::fail(util::ErrorKind::Invalid, "the manifest is invalid (" + count_summary(loaded.diags) + "): nothing was changed");
  t.loaded = std::move(loaded);
  t.view = *t.loaded.view;
  std::string all;
  for (const auto& [name, text] : t.loaded.texts) all += name + '\0' + text + '\0';
  t.tree_digest = util::sha256_hex(all);
  VSCTL_TRY(cluster, connect(g, t.view, check));
  t.cluster = std::move(cluster);
  render::Options ro;
  ro.progress_deadline_s = timeout_s;
  t.rendered = render::render(t.view, ro);
  if (t.rendered.diags.has_errors()) {
    std::cerr << format_text(t.rendered.diags, t.loaded.texts, Output::stderr_color());
    return util::fail(util::ErrorKind::Invalid, "the manifest does not render: nothing was changed");
  }
  return t;
}

util::Result<Planned> plan_against_cluster(Target& t, const apply::PlanOptions& options) {
  apply::PlanOptions opts = options;
  opts.policy = t.policy;
  Planned p;
  auto& client = *t.cluster.client;
  apply::RecordStore store(client, t.view.ns, t.view.name);
  VSCTL_TRY(last, store.latest());
  p.last = std::move(last);
  std::vector<k8s::Json> recorded;
  if (p.last && opts.destroy) {  // destroy also finds kinds only the last record names
    auto objs = store.objects(*p.last);
    if (objs) recorded = std::move(*objs);
  }
  std::span<const render::Object> desired;
  if (!opts.destroy) desired = t.rendered.objects;
  VSCTL_TRY(live, apply::read_live(client, desired, recorded, t.view.ns, t.view.name));
  p.requests = live.lists + 1;
  apply::PlanInput in;
  in.architecture = t.view.name;
  in.ns = t.view.ns;
  in.env = t.view.env;
  in.desired = opts.destroy ? nullptr : &t.view;
  in.rendered = desired;
  in.live = live.objects;
  if (p.last)
    for (const auto& [name, s] : p.last->services)
      in.previous[name] = {s.value("version", ""), s.value("digest", ""), s.contains("definition") ? s["definition"] : k8s::Json()};
  p.plan = apply::make_plan(in, opts);
  for (const auto& o : desired) p.objects[o.key] = o.body;
  if (!opts.destroy)
    for (const auto& s : t.view.services)
      for (const auto* h : {&s.pre_update, &s.post_update}) {
        if (!h->set) continue;
        auto job = render::hook_job(t.view, s, *h, h == &s.pre_update ? "preUpdate" : "postUpdate");
        if (auto key = k8s::key_of(job)) p.objects[*key] = std::move(job);
      }
  p.plan.capacity.allowed = opts.allow_capacity;
  if (needs_room(p.plan)) {
    VSCTL_TRY(cap, apply::read_capacity(client, t.view.ns));
    p.requests += cap.lists;
    p.plan.capacity.skipped = cap.skipped;
    if (cap.skipped.empty() || !cap.nodes.empty()) apply::check_capacity(p.plan, p.objects, live.objects, cap.objects());
  }
  return p;
}

util::Result<void> allow(apply::PlanOptions& po, bool all_doors, const std::vector<std::string>& kinds) {
  if (all_doors)
    for (auto k : {apply::DoorKind::VolumeChange, apply::DoorKind::ImmutableField, apply::DoorKind::StorageLoss,
                   apply::DoorKind::DependencyRemoval})
      po.allowed.insert(k);
  for (const auto& list : kinds)
    for (const auto& k : util::split(list, ',')) {
      std::string name(util::trim(k));
      if (name == "capacity") {
        po.allow_capacity = true;
        continue;
      }
      auto d = apply::parse_door(name);
      if (!d)
        return util::fail(util::ErrorKind::Usage, "--allow: unknown kind " + util::quote(k) +
                                                      " (known: capacity and the one-way doors volume-change, immutable-field, "
                                                      "storage-loss, dependency-removal)");
      po.allowed.insert(*d);
    }
  return {};
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

util::Result<std::chrono::milliseconds> parse_duration(const std::string& text, const std::string& flag) {
  using namespace std::chrono;
  milliseconds total{0};
  std::size_t i = 0;
  bool any = false;
  while (i < text.size()) {
    std::size_t j = i;
    while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '.')) ++j;
    if (j == i) break;
    double v = std::atof(text.substr(i, j - i).c_str());
    std::size_t k = j;
    while (k < text.size() && std::isalpha(static_cast<unsigned char>(text[k]))) ++k;
    std::string unit = text.substr(j, k - j);
    double ms = unit == "ms" ? 1 : unit == "s" || unit.empty() ? 1000 : unit == "m" ? 60000 : unit == "h" ? 3600000 : -1;
    if (ms < 0) break;
    total += milliseconds(static_cast<long long>(v * ms));
    any = true;
    i = k;
  }
  if (!any || i != text.size())
    return util::fail(util::ErrorKind::Usage, flag + ": " + util::quote(text) + " is not a duration (e.g. 90s, 5m, 1h30m)");
  return total;
}

}  // namespace vsctl::cli
