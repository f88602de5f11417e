#include "cli/validate_base.h"

#include <set>
#include <tuple>

#include "cli/workspace.h"
#include "manifest/rollout_ranges.h"
#include "util/strings.h"
#include "versionset/breaks.h"
#include "versionset/load_rev.h"

namespace vsctl::cli {

namespace {

// As much of a service as check_against_base reads: its name, version and dependencies.
manifest::Service comparable(const manifest::Service& s) {
  manifest::Service t;
  t.name = s.name;
  t.version = s.version;
  t.depends_on = s.depends_on;
  t.loc = s.loc;
  return t;
}

// As much of a view as check_against_base reads. For an environment's view built from the base
// view, only the services it overrides, and `env` set: the others are the base view's (kept
// once, not once per environment).
manifest::Architecture comparable(const manifest::Architecture& a, const std::string& env,
                                  const manifest::ViewChange& change) {
  manifest::Architecture out;
  out.name = a.name;
  if (change.all) {
    out.services.reserve(a.services.size());
    for (const auto& s : a.services) out.services.push_back(comparable(s));
  } else {
    out.env = env;
    for (std::size_t i : change.services) out.services.push_back(comparable(a.services[i]));
  }
  return out;
}

}  // namespace

util::Result<BaseCheck> BaseCheck::read(const Globals& g, const std::string& base_rev) {
  VSCTL_TRY(gw, open_git_workspace(g));
  BaseCheck c;
  c.env_ = g.env;
  c.info_.rev = base_rev;
  // a revision that does not resolve is the caller's mistake (exit 4); a base whose manifest cannot
  // be read (too large, a symlink) only means nothing can be compared: the change that fixes
  // such a base must still pass the pre-commit hook
  VSCTL_TRY(base_id, gw.src->resolve(base_rev));
  c.short_id_ = base_id.short_hex();
  versionset::RevRequest req;
  req.rev = base_rev;
  req.manifest_path = gw.manifest_path;
  req.env = g.env;
  req.allow_missing = true;
  req.visit = [&c](const std::string& env, const manifest::Architecture& view, bool,
                   const manifest::ViewChange& change) { c.views_[env] = comparable(view, env, change); };
  auto base = versionset::load_rev(*gw.src, req);
  if (!base) {
    c.info_.commit = base_id.hex();
    c.unreadable_ = base.error().message;
    return c;
  }
  c.info_.commit = base->commit.id.hex();
  c.info_.absent = base->absent;
  c.invalid_ = !base->absent && !base->loaded.view;
  return c;
}

void BaseCheck::compare(const std::string& env, const manifest::Architecture& view, const manifest::ViewChange& change) {
  if (!env_.empty() && env.empty()) return;  // with --env, the environment's view stands for the base view
  auto it = views_.find(env);
  if (it == views_.end()) return;  // the environment is new in this change
  const manifest::Architecture& base_env = it->second;
  auto report = [&](util::Diagnostic d) {
    if (env != env_) d.message = "environment " + util::quote(env) + ": " + d.message;
    breaks_.add(std::move(d));
  };
  if (env.empty()) {  // the base view: its findings are kept per service for the environments
    rollout_ranges(view, [&](std::string_view n) { return base_env.find(n); }, env);
    for (const auto& s : view.services) {
      util::Diagnostics found;
      versionset::check_service_against_base([&](std::string_view n) { return base_env.find(n); }, view, s, found);
      for (const auto& d : s.depends_on) dependents_[d.service].push_back(s.name);
      for (const auto& d : found.items()) {
        base_breaks_[s.name].push_back(d);
        report(d);
      }
    }
    base_compared_ = true;
    return;
  }
  auto views_base = views_.find("");
  if (views_base == views_.end()) return;  // cannot happen: the base view is shown first
  const manifest::Architecture& base_view = views_base->second;
  // the base's view of the environment: its overrides over its base view
  std::map<std::string_view, const manifest::Service*> overrides;
  if (!base_env.env.empty())
    for (const auto& s : base_env.services) overrides[s.name] = &s;
  auto base_find = [&](std::string_view name) -> const manifest::Service* {
    if (base_env.env.empty()) return base_env.find(name);
    if (auto o = overrides.find(name); o != overrides.end()) return o->second;
    return base_view.find(name);
  };
  rollout_ranges(view, base_find, env);
  if (change.all || !base_compared_ || base_env.env.empty()) {  // every service may differ
    util::Diagnostics found;
    for (const auto& s : view.services) versionset::check_service_against_base(base_find, view, s, found);
    for (const auto& d : found.items()) report(d);
    return;
  }
  // only what either environment overrides, and who depends on it, can be found otherwise
  std::set<std::string> again;
  auto add = [&](const std::string& name) {  // an overridden service, and each that depends on it
    again.insert(name);
    if (auto d = dependents_.find(name); d != dependents_.end()) again.insert(d->second.begin(), d->second.end());
  };
  for (std::size_t i : change.services) add(view.services[i].name);
  for (const auto& [name, s] : overrides) add(std::string(name));
  for (const auto& s : view.services) {
    if (again.count(s.name)) {
      util::Diagnostics found;
      versionset::check_service_against_base(base_find, view, s, found);
      for (const auto& d : found.items()) report(d);
    } else if (auto b = base_breaks_.find(s.name); b != base_breaks_.end()) {
      for (const auto& d : b->second) report(d);
    }
  }
}

void BaseCheck::rollout_ranges(const manifest::Architecture& view, const versionset::FindService& base_find,
                               const std::string& env) {
  auto old_version = [&](const std::string& name) -> std::optional<std::string> {
    const manifest::Service* s = base_find(name);
    return s ? std::optional<std::string>(s->version) : std::nullopt;
  };
  for (const auto& r : manifest::ranges_during_rollout(view, old_version)) {
    // a range that does not admit the new version is an error already (unsatisfied-range)
    if (!r.admits_new) continue;
    std::string msg = manifest::message(r);
    if (env != env_) msg = "environment " + util::quote(env) + ": " + msg;
    rollout_.warning(r.loc, "range-during-rollout", std::move(msg));
  }
}

BaseInfo BaseCheck::finish(VersionSetSource& v) {
  BaseInfo info = info_;
  if (!unreadable_.empty()) {
    info.unusable = true;
    v.loaded.diags.warning({v.source, 0, 0}, "base-unreadable",
                           "the base VersionSet " + util::quote(info.rev) + " (" + short_id_ + ") cannot be read (" +
                               unreadable_ + "), so what this change breaks could not be checked");
    return info;
  }
  if (info.absent || !v.loaded.view) return info;  // nothing to compare: the new VersionSet's own errors say why
  if (invalid_) {
    info.unusable = true;
    v.loaded.diags.warning({v.source, 0, 0}, "base-invalid",
                           "the base VersionSet " + util::quote(info.rev) + " (" + short_id_ +
                               ") does not parse, so what this change breaks could not be checked");
    return info;
  }
  util::Diagnostics& breaks = breaks_;
  // Replace the generic errors where a break says more, and keep one diagnostic per place and
  // meaning across views.
  using Place = std::tuple<std::string, int, int>;
  std::set<Place> places;
  for (const auto& d : breaks.items()) places.insert({d.loc.source, d.loc.line, d.loc.col});
  util::Diagnostics merged;
  for (const auto& d : v.loaded.diags.items()) {
    bool generic = d.code == "unsatisfied-range" || d.code == "unknown-dependency";
    if (generic && places.count({d.loc.source, d.loc.line, d.loc.col})) continue;
    merged.add(d);
  }
  std::set<Place> seen_base;  // a break found in the base view is not repeated per environment
  for (const auto& d : breaks.items()) {
    Place p{d.loc.source, d.loc.line, d.loc.col};
    if (d.message.rfind("environment ", 0) == 0 && seen_base.count(p)) continue;
    seen_base.insert(p);
    merged.add(d);
  }
  std::set<Place> seen_rollout;  // the same for ranges during a rollout
  for (const auto& d : rollout_.items()) {
    Place p{d.loc.source, d.loc.line, d.loc.col};
    if (d.message.rfind("environment ", 0) == 0 && seen_rollout.count(p)) continue;
    seen_rollout.insert(p);
    merged.add(d);
  }
  merged.sort_unique();
  v.loaded.diags = std::move(merged);
  return info;
}

}  // namespace vsctl::cli
