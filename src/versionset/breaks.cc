#include "versionset/breaks.h"

#include "semver/version.h"
#include "util/strings.h"

namespace vsctl::versionset {

void check_against_base(const manifest::Architecture& base, const manifest::Architecture& after, util::Diagnostics& diags) {
  FindService find = [&](std::string_view name) { return base.find(name); };
  for (const auto& s : after.services) check_service_against_base(find, after, s, diags);
}

void check_service_against_base(const FindService& base_find, const manifest::Architecture& after, const manifest::Service& s,
                                util::Diagnostics& diags) {
  const manifest::Service* s_base = base_find(s.name);
  for (const auto& d : s.depends_on) {
    const std::string what = "services." + s.name + ".dependsOn." + d.service;
    const manifest::Service* dep = after.find(d.service);
    const manifest::Service* dep_base = base_find(d.service);
    if (!dep) {
      if (dep_base)
        diags.error(d.key_loc, kRemovedDependency,
                    what + ": this change removes service " + util::quote(d.service) + " (version " + dep_base->version +
                        " in the base), but " + util::quote(s.name) +
                        " still depends on it; keep the service, or drop the dependency in the same change");
      continue;
    }
    if (!d.range || d.range->admits(dep->version)) continue;
    const manifest::Dependency* d_base = s_base ? s_base->dependency(d.service) : nullptr;
    const bool range_changed = !d_base || d_base->range_text != d.range_text;
    const bool version_changed = dep_base && dep_base->version != dep->version;
    if (range_changed && (!version_changed || (d_base && d_base->range && d_base->range->admits(dep->version)))) {
      std::string was = d_base ? "the base had " + util::quote(d_base->range_text)
                               : std::string("the dependency is new in this change");
      diags.error(d.loc, kRangeBreaks,
                  what + ": this change makes the range " + util::quote(d.range_text) + ", which does not admit " +
                      d.service + " " + dep->version + " (" + was + "); widen the range or change " + d.service +
                      "'s version with it");
    } else if (version_changed) {
      auto cmp = semver::compare_strings(dep->version, dep_base->version);
      const bool backwards = cmp && *cmp < 0;
      diags.error(d.loc, backwards ? kDowngradeBreaks : kVersionBreaks,
                  what + ": this change moves " + d.service + (backwards ? " back" : "") + " from " + dep_base->version +
                      " to " + dep->version + ", which " + s.name + "'s range " + util::quote(d.range_text) +
                      " does not admit; move " + s.name + " to a version whose range admits " + dep->version +
                      " in the same change, or keep " + d.service + " at " + dep_base->version);
    }
  }
}

}  // namespace vsctl::versionset
