#include "apply/plan.h"

#include <map>
#include <set>

#include "util/strings.h"

namespace vsctl::apply {

const char* to_string(ActionKind k) {
  switch (k) {
    case ActionKind::Apply: return "apply";
    case ActionKind::Hook: return "hook";
    case ActionKind::Wait: return "wait";
    case ActionKind::Delete: return "delete";
    case ActionKind::Replace: return "replace";
    case ActionKind::Rollout: return "rollout";
  }
  return "?";
}

const char* to_string(DoorKind k) {
  switch (k) {
    case DoorKind::VolumeChange: return "volume-change";
    case DoorKind::ImmutableField: return "immutable-field";
    case DoorKind::StorageLoss: return "storage-loss";
    case DoorKind::DependencyRemoval: return "dependency-removal";
  }
  return "?";
}

std::optional<DoorKind> parse_door(std::string_view s) {
  for (DoorKind k : {DoorKind::VolumeChange, DoorKind::ImmutableField, DoorKind::StorageLoss, DoorKind::DependencyRemoval})
    if (s == to_string(k)) return k;
  return std::nullopt;
}

void link_steps(Plan& p) {
  std::map<std::string, std::size_t> wave_of;
  for (std::size_t w = 0; w < p.waves.size(); ++w)
    for (const auto& s : p.waves[w].steps) wave_of[s.service] = w;
  auto own = wave_of.find("");
  for (std::size_t w = 0; w < p.waves.size(); ++w)
    for (auto& s : p.waves[w].steps) {
      std::set<std::string> after;
      for (const auto& d : s.depends_on)
        if (auto it = wave_of.find(d); it != wave_of.end() && it->second < w) after.insert(d);
      if (s.service.empty()) {
        for (const auto& [name, at] : wave_of)
          if (at < w) after.insert(name);
      } else if (own != wave_of.end() && own->second < w) {
        after.insert("");
      }
      s.after.assign(after.begin(), after.end());
    }
}

bool Plan::empty() const { return step_count() == 0; }

std::size_t Plan::step_count() const {
  std::size_t n = 0;
  for (const auto& w : waves) n += w.steps.size();
  return n;
}

const Step* Plan::find(std::string_view service) const {
  for (const auto& w : waves)
    for (const auto& s : w.steps)
      if (s.service == service) return &s;
  return nullptr;
}

std::vector<std::string> Plan::refusals() const {
  std::vector<std::string> out;
  for (const auto& d : doors)
    if (!d.allowed)
      out.push_back("one-way door (" + std::string(to_string(d.kind)) + ") in service " + d.service + ": " + d.object +
                    ": " + d.detail + "; allow it with --allow=" + to_string(d.kind) + " or --allow-one-way");
  for (const auto& c : conflicts) {
    if (c.adopted) continue;
    if (c.owner.empty())
      out.push_back(k8s::to_string(c.key) + " exists and vsctl does not own it (service " + c.service +
                    "); take it over with --adopt");
    else
      out.push_back(k8s::to_string(c.key) + " belongs to architecture " + c.owner + " (service " + c.service +
                    "); vsctl never takes over another architecture's objects: rename the service or delete it there");
  }
  if (!capacity.allowed) {
    std::vector<std::string> short_of;
    for (const auto& w : waves)
      for (const auto& s : w.steps)
        if (s.fit && !s.fit->fits) short_of.push_back(s.service);
    if (!short_of.empty())
      out.push_back(std::string(short_of.size() == 1 ? "service " : "services ") + util::join(short_of, ", ") +
                    (short_of.size() == 1 ? " does" : " do") +
                    " not fit the cluster (the plan says what is short); apply anyway with --allow=capacity if nodes or "
                    "quota will be added (an autoscaler may add nodes)");
  }
  return out;
}

}  // namespace vsctl::apply
