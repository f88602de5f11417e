#include "cli/validate_base.h"

#include <set>
#include <tuple>

#include "cli/workspace.h"
#include "util/strings.h"
#include "versionset/breaks.h"

namespace vsctl::cli {

util::Result<BaseInfo> check_base(const Globals& g, const std::string& rev, const std::string& base_rev, VersionSetSource& v) {
  VSCTL_TRY(gw, open_git_workspace(g));
  BaseInfo info;
  info.rev = base_rev;
  // a revision that does not resolve is the caller's mistake (exit 4); a base whose manifest cannot
  // be read (too large, a symlink) only means nothing can be compared: the change that fixes
  // such a base must still pass the pre-commit hook
  VSCTL_TRY(base_id, gw.src->resolve(base_rev));
  auto loaded_base = load_git_rev(gw, base_rev, g.env, true);
  if (!loaded_base) {
    info.commit = base_id.hex();
    info.unusable = true;
    v.loaded.diags.warning({v.source, 0, 0}, "base-unreadable",
                           "the base VersionSet " + util::quote(base_rev) + " (" + base_id.short_hex() +
                               ") cannot be read (" + loaded_base.error().message + "), so what this change breaks could not be checked");
    return info;
  }
  auto& base = *loaded_base;
  info.commit = base.commit.id.hex();
  if (base.absent) {
    info.absent = true;
    return info;
  }
  if (!v.loaded.view) return info;  // nothing to compare: the new VersionSet's own errors say why
  if (!base.loaded.view) {
    info.unusable = true;
    v.loaded.diags.warning({v.source, 0, 0}, "base-invalid",
                           "the base VersionSet " + util::quote(base_rev) + " (" + base.commit.id.short_hex() +
                               ") does not parse, so what this change breaks could not be checked");
    return info;
  }
  // The views to compare: the one loaded, then every other environment of the new VersionSet.
  util::Diagnostics breaks;
  versionset::check_against_base(*base.loaded.view, *v.loaded.view, breaks);
  for (const auto& e : v.loaded.view->environments) {
    if (e.name == g.env) continue;
    Globals ge = g;
    ge.env = e.name;
    VSCTL_TRY(cur, load_source(ge, rev, e.name));
    VSCTL_TRY(old, load_git_rev(gw, base_rev, e.name, true));
    if (!cur.view || !old.loaded.view) continue;  // the environment is new in this change
    util::Diagnostics env_breaks;
    versionset::check_against_base(*old.loaded.view, *cur.view, env_breaks);
    for (auto d : env_breaks.items()) {
      d.message = "environment " + util::quote(e.name) + ": " + d.message;
      breaks.add(std::move(d));
    }
  }
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
  merged.sort_unique();
  v.loaded.diags = std::move(merged);
  return info;
}

}  // namespace vsctl::cli
