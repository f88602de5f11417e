#include "manifest/check.h"

#include "manifest/graph.h"
#include "manifest/messages.h"
#include "manifest/rollout_check.h"
#include "semver/version.h"
#include "util/strings.h"

namespace vsctl::manifest {

namespace {

std::vector<std::string> names(const Architecture& a) {
  std::vector<std::string> out;
  for (const auto& s : a.services) out.push_back(s.name);
  return out;
}

struct Suggest {
  const Architecture& a;
  std::vector<std::string> all;
  int left = kMaxSuggestions;
  std::string operator()(const std::string& name) {
    if (left <= 0) return {};
    if (left-- == kMaxSuggestions) all = names(a);
    return util::did_you_mean(name, all);
  }
};

void check_dependencies(const Architecture& a, const Service& s, Suggest& suggest, util::Diagnostics& diags) {
  for (const auto& d : s.depends_on) {
    const Service* dep = a.find(d.service);
    const std::string what = "services." + s.name + ".dependsOn." + d.service;
    if (!dep) {
      diags.error(d.key_loc, "unknown-dependency",
                  "service " + util::quote(s.name) + " depends on " + util::quote(d.service) +
                      ", which is not a service of this architecture" + suggest(d.service));
      continue;
    }
    if (!d.range || dep->version.empty()) continue;
    bool semver_dep = semver::parse_version(dep->version).has_value();
    if (!semver_dep && !d.range->is_any()) {
      diags.warning(d.loc, "non-semver-dependency",
                    what + ": the range " + util::quote(d.range_text) + " names " + util::quote(d.service) +
                        ", whose version " + util::quote(dep->version) +
                        " is not semver; it matches only \"*\" or its exact text");
    }
    if (!d.range->admits(dep->version)) {
      diags.error(d.loc, "unsatisfied-range",
                  what + ": " + util::quote(s.name) + " needs " + d.service + " " + util::quote(d.range_text) + ", but " +
                      d.service + " has version " + dep->version + line_note(dep->version_loc) +
                      "; change the range or the version so they agree");
    }
  }
}

}  // namespace

std::optional<std::string> resolve_repo_path(std::string_view manifest_dir, std::string_view path) {
  if (path.empty() || path.front() == '/' || path.find('\0') != std::string_view::npos) return std::nullopt;
  std::vector<std::string> parts;
  auto push = [&](std::string_view p) -> bool {
    for (const auto& seg : util::split(p, '/')) {
      if (seg.empty() || seg == ".") continue;
      if (seg == "..") {
        if (parts.empty()) return false;
        parts.pop_back();
      } else {
        parts.push_back(seg);
      }
    }
    return true;
  };
  if (!push(manifest_dir) || !push(path) || parts.empty()) return std::nullopt;
  return util::join(parts, "/");
}

constexpr std::size_t kMaxPetName = 52;

void check_view(const Architecture& a, util::Diagnostics& diags) { check_view(a, nullptr, true, diags); }

void check_view(const Architecture& a, const std::vector<bool>* only, bool cycles, util::Diagnostics& diags) {
  Suggest suggest{a, {}};
  for (std::size_t i = 0; i < a.services.size(); ++i) {
    if (only && !(*only)[i]) continue;
    const Service& s = a.services[i];
    check_dependencies(a, s, suggest, diags);
    // a StatefulSet labels its pods controller-revision-hash=<name>-<10 characters>, a label
    // value of at most 63: a longer pet name renders, and then no pod can be created
    if (s.recovery == Recovery::Pet && s.name.size() > kMaxPetName)
      diags.error(s.loc, "bad-service-name",
                  "service " + util::quote(s.name) + " is a pet (StatefulSet): its name can have at most " +
                      std::to_string(kMaxPetName) + " characters (it has " + std::to_string(s.name.size()) +
                      "), since its pods are labelled <name>-<revision hash>, at most 63");
    if (s.recovery == Recovery::Pet && s.autoscaled())
      diags.warning(s.instances_loc, "autoscaled-pet",
                    "service " + util::quote(s.name) + " is a pet (StatefulSet) with an autoscaler: each new instance "
                    "gets its own volume, and scale-in keeps the volumes");
  }
  // every time, whatever `only`: a route is one service's object and another's rollout (the
  // findings a view shares with the base view are reported once)
  check_rollout_routes(a, diags);
  if (!cycles) return;
  Graph g = build_graph(a);
  for (const auto& cycle : g.cycles) {
    const Service* first = a.find(cycle.front());
    SourceLoc loc = first ? first->loc : SourceLoc{a.source, 0, 0};
    if (first && cycle.size() > 1)
      if (const Dependency* d = first->dependency(cycle[1])) loc = d->key_loc;
    // a cycle through thousands of services is named by its first few: the line stays readable
    constexpr std::size_t kShown = 10;
    const std::size_t members = cycle.size() - 1;  // the first is named again at the end
    if (members <= kShown + 2) {
      diags.warning(loc, "dependency-cycle",
                    "dependency cycle: " + util::join(cycle, " -> ") + " (these services converge together as one group)");
    } else {
      std::vector<std::string> shown(cycle.begin(), cycle.begin() + kShown);
      diags.warning(loc, "dependency-cycle",
                    "dependency cycle through " + std::to_string(members) + " services: " + util::join(shown, " -> ") +
                        " -> ... (" + std::to_string(members - kShown) +
                        " more; these services converge together as one group)");
    }
  }
}

}  // namespace vsctl::manifest
