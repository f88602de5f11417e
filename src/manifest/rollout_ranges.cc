#include "manifest/rollout_ranges.h"

#include <algorithm>
#include <map>

#include "semver/range.h"
#include "semver/version.h"

namespace vsctl::manifest {

std::optional<std::string> range_admitting(const std::string& a, const std::string& b) {
  auto va = semver::parse_version(a), vb = semver::parse_version(b);
  if (!va || !vb) return std::nullopt;
  if (semver::compare(*va, *vb) > 0) std::swap(va, vb);
  va->build.clear();
  vb->build.clear();
  const std::string low = semver::to_string(*va), high = semver::to_string(*vb);
  const std::string next =
      vb->major > 0 ? std::to_string(vb->major + 1) + ".0.0" : "0." + std::to_string(vb->minor + 1) + ".0";
  for (const std::string& text : {">=" + low + " <" + next, ">=" + low + " <=" + high}) {
    auto range = semver::Range::parse(text);
    if (range && range->admits(a) && range->admits(b)) return text;
  }
  return std::nullopt;
}

std::vector<RangeDuringRollout> ranges_during_rollout(
    const Architecture& now,
    const std::function<std::optional<std::string>(const std::string& service)>& old_version) {
  std::vector<RangeDuringRollout> out;
  std::map<std::string_view, std::pair<const Service*, std::string>>
      rolling_out;  // by name: the service, its old version
  for (const auto& s : now.services) {
    if (!s.rollout.progressive()) continue;
    auto old = old_version(s.name);
    if (!old || old->empty() || *old == s.version) continue;
    rolling_out.emplace(s.name, std::make_pair(&s, std::move(*old)));
  }
  if (rolling_out.empty()) return out;
  for (const auto& caller : now.services)
    for (const auto& d : caller.depends_on) {
      auto it = rolling_out.find(d.service);
      if (it == rolling_out.end() || !d.range) continue;
      const auto& [s, old] = it->second;
      RangeDuringRollout r;
      r.admits_old = d.range->admits(old);
      r.admits_new = d.range->admits(s->version);
      if (r.admits_old == r.admits_new) continue;
      r.service = s->name;
      r.caller = caller.name;
      r.old_version = old;
      r.new_version = s->version;
      r.range = d.range_text;
      r.strategy = s->rollout.strategy;
      r.loc = d.loc;
      out.push_back(std::move(r));
    }
  std::stable_sort(out.begin(), out.end(), [](const RangeDuringRollout& x, const RangeDuringRollout& y) {
    return x.service != y.service ? x.service < y.service : x.caller < y.caller;
  });
  return out;
}

std::string message(const RangeDuringRollout& r) {
  auto widened = range_admitting(r.old_version, r.new_version);
  return r.service + " " + r.new_version + " rolls out by " + to_string(r.strategy) + " beside " +
         r.old_version + ": " + r.caller + "'s range " + r.range + " for " + r.service + " admits only " +
         (r.admits_new ? r.new_version : r.old_version) + ", so some of " + r.caller +
         "'s requests reach a version it does not work with during the rollout; widen the range" +
         (widened ? " (" + *widened + ")" : std::string(" to admit both")) + " or roll " + r.service +
         " out rolling";
}

}  // namespace vsctl::manifest
