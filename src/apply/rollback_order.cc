#include "apply/rollback_order.h"

#include <algorithm>
#include <map>
#include <set>

#include "apply/plan_json.h"

namespace vsctl::apply {

bool moves_forward(const Plan& p) {
  for (const auto& w : p.waves)
    for (const auto& s : w.steps) {
      if (s.service.empty()) continue;
      if (s.change == Change::Provision) return true;
      // settings changed at the same version is not a move forward: nothing newer needs it first
      if (s.change == Change::Update && s.from_version != s.to_version) return true;
    }
  return false;
}

Plan dependents_first(Plan p) {
  if (moves_forward(p)) return p;
  std::vector<Wave> head, middle, tail;
  for (auto& w : p.waves) {
    bool own = std::all_of(w.steps.begin(), w.steps.end(), [](const Step& s) { return s.service.empty(); });
    bool destroy = std::all_of(w.steps.begin(), w.steps.end(), [](const Step& s) { return s.change == Change::Destroy; });
    (own ? head : destroy && !w.steps.empty() ? tail : middle).push_back(std::move(w));
  }
  std::reverse(middle.begin(), middle.end());

  // who depends on whom, among the services that move (not destroyed ones)
  std::set<std::string> moving;
  for (const auto& w : middle)
    for (const auto& s : w.steps) moving.insert(s.service);
  std::map<std::string, std::vector<std::string>> dependents;
  for (const auto& w : middle)
    for (const auto& s : w.steps)
      for (const auto& d : s.depends_on)
        if (moving.count(d) && d != s.service) dependents[d].push_back(s.service);
  for (auto& w : middle)
    for (auto& s : w.steps) {
      auto it = dependents.find(s.service);
      s.depends_on = it == dependents.end() ? std::vector<std::string>{} : it->second;
      std::sort(s.depends_on.begin(), s.depends_on.end());
    }

  p.waves.clear();
  for (auto* part : {&head, &middle, &tail})
    for (auto& w : *part) p.waves.push_back(std::move(w));
  for (std::size_t i = 0; i < p.waves.size(); ++i) p.waves[i].index = static_cast<int>(i);
  link_steps(p);
  p.digest = plan_digest(p);
  return p;
}

}  // namespace vsctl::apply
