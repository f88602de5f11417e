#include "cli/status_fleet.h"

#include <iostream>

#include "cli/diagnostics_output.h"
#include "cli/fleet_read.h"
#include "cli/output.h"
#include "cli/table.h"
#include "cli/workspace.h"
#include "fleet/board.h"
#include "status/when.h"
#include "util/strings.h"

namespace vsctl::cli {

util::Result<manifest::Architecture> fleet_manifest(const Globals& g) {
  Globals base = g;
  base.env.clear();
  VSCTL_TRY(ws, find_workspace(base));
  VSCTL_TRY(loaded, load_worktree(ws, ""));
  if (!loaded.ok() || !loaded.view) {
    std::cerr << format_text(loaded.diags, loaded.texts, Output::stderr_color());
    return util::fail(util::ErrorKind::Invalid, "the manifest is invalid (" + util::count_summary(loaded.diags) + ")");
  }
  return std::move(*loaded.view);
}

namespace {

std::string applied(const fleet::Column& c, status::TimePoint now) {
  if (!c.reachable) return "unreachable: " + c.error;
  if (!c.record) return "nothing applied";
  const auto& r = *c.record;
  std::string ago = status::ago(r.finished.empty() ? r.started : r.finished, now);
  std::string commit = r.commit.empty() ? (r.dirty ? "dirty tree" : "from a record") : r.commit.substr(0, 7);
  std::string out = commit + "  " + apply::to_string(r.operation) + " r" + std::to_string(r.revision) + " " +
                    apply::to_string(r.outcome);
  if (r.promoted_from) out += " (from " + r.promoted_from->stage + ")";
  if (!ago.empty()) out += ", " + ago;
  if (!r.who.empty()) out += " by " + r.who;
  return out;
}

std::string format_board(const std::string& architecture, const fleet::Board& b, status::TimePoint now) {
  std::string out = "architecture " + architecture + ": " + std::to_string(b.columns.size()) + " environment(s), " +
                    std::to_string(b.reachable) + " answered\n\n";
  Table head({"ENVIRONMENT", "STAGE", "CONTEXT", "NAMESPACE", "APPLIED"});
  for (const auto& c : b.columns)
    head.add({c.place.environment, c.place.stage.empty() ? "-" : c.place.stage, c.place.context.empty() ? "(current)" : c.place.context,
              c.place.ns, applied(c, now)});
  out += head.str();
  if (b.services.empty()) return out;
  std::vector<std::string> header{"SERVICE"};
  for (const auto& c : b.columns) header.push_back(c.place.environment);
  Table t(header);
  for (const auto& name : b.services) {
    std::vector<std::string> row{name};
    const auto& cells = b.cells.at(name);
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (!b.columns[i].reachable) row.push_back("?");
      else if (!cells[i].present) row.push_back("-");
      else row.push_back(cells[i].version + " " + cells[i].state);
    }
    t.add(std::move(row));
  }
  out += "\n" + t.str();
  return out;
}

}  // namespace

util::Result<int> run_fleet_status(const Globals& g, bool json) {
  VSCTL_CHECK(refuse_single_target_flags(g, "status --fleet"));
  VSCTL_TRY(arch, fleet_manifest(g));
  auto places = fleet::places(arch);
  if (places.empty())
    return util::fail(util::ErrorKind::Usage, "status --fleet: the manifest has no spec.environments; vsctl status shows the one cluster");
  FleetRead what;
  what.records = false;
  auto facts = read_fleet(g, arch.name, places, what);
  auto board = fleet::build_board(facts);
  if (json) {
    auto j = fleet::to_json(board);
    j["architecture"] = arch.name;
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::cout << format_board(arch.name, board, std::chrono::system_clock::now());
  }
  std::cout.flush();
  if (board.reachable == 0) {
    std::cerr << "vsctl status --fleet: no environment answered\n";
    return 5;
  }
  return 0;
}

}  // namespace vsctl::cli
