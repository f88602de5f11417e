#include "fleet/board.h"

#include <set>

#include "health/state.h"

namespace vsctl::fleet {

Board build_board(const std::vector<EnvFacts>& envs) {
  Board b;
  std::set<std::string> names;
  for (const auto& e : envs) {
    Column c{e.place, e.reachable, e.error, std::nullopt, e.elapsed_ms};
    if (const auto* r = e.newest()) c.record = *r;
    if (e.reachable) ++b.reachable;
    b.columns.push_back(std::move(c));
    if (e.registry)
      for (const auto& row : e.registry->rows) names.insert(row.name);
  }
  b.services.assign(names.begin(), names.end());
  for (const auto& name : b.services) {
    auto& row = b.cells[name];
    for (const auto& e : envs) {
      Cell cell;
      if (e.registry)
        for (const auto& r : e.registry->rows) {
          if (r.name != name) continue;
          cell.present = true;
          cell.version = status::format_versions(r);
          cell.state = health::to_string(r.state);
          cell.reason = r.reason;
        }
      row.push_back(std::move(cell));
    }
  }
  return b;
}

k8s::Json to_json(const Board& b) {
  k8s::Json envs = k8s::Json::array();
  for (std::size_t i = 0; i < b.columns.size(); ++i) {
    const auto& c = b.columns[i];
    k8s::Json e = {{"environment", c.place.environment}, {"stage", c.place.stage}, {"context", c.place.context},
                   {"namespace", c.place.ns}, {"reachable", c.reachable}};
    if (!c.reachable) e["error"] = c.error;
    if (c.record) {
      const auto& r = *c.record;
      e["applied"] = {{"revision", r.revision}, {"operation", apply::to_string(r.operation)}, {"commit", r.commit},
                      {"who", r.who}, {"finished", r.finished}, {"outcome", apply::to_string(r.outcome)}};
      if (r.promoted_from) e["applied"]["promotedFrom"] = r.promoted_from->stage;
    }
    k8s::Json services = k8s::Json::object();
    for (const auto& name : b.services) {
      const Cell& cell = b.cells.at(name)[i];
      if (!cell.present) continue;
      services[name] = {{"version", cell.version}, {"state", cell.state}};
      if (!cell.reason.empty()) services[name]["reason"] = cell.reason;
    }
    e["services"] = std::move(services);
    envs.push_back(std::move(e));
  }
  return {{"environments", envs}, {"reachable", b.reachable}};
}

std::map<std::string, std::vector<std::string>> live_commits(const std::vector<EnvFacts>& envs) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& e : envs) {
    const auto* r = e.newest();
    if (!r || r->commit.empty() || r->operation == apply::Operation::Destroy) continue;
    std::string where = e.place.environment;
    if (r->outcome != apply::Outcome::Succeeded) where += std::string(" (") + apply::to_string(r->outcome) + ")";
    out[r->commit].push_back(where);
  }
  return out;
}

}  // namespace vsctl::fleet
