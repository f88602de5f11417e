#pragma once
// The fleet view (vsctl status --fleet): a row per service, a column per environment in stage
// order, each cell the live version and state there; a header per environment with the applied
// VersionSet (commit, when, by whom, outcome), or why it could not be read. And which commits
// are live where (vsctl log --fleet). Pure: from the facts already read.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fleet/facts.h"
#include "k8s/json.h"

namespace vsctl::fleet {

struct Cell {
  bool present = false;  // the environment runs or records the service
  std::string version;   // live versions as status shows them ("2.2.5", "2.3.0 (1/3), 2.2.5 (2/3)")
  std::string state;     // Run, Update, Failed, ...
  std::string reason;
};

struct Column {
  Place place;
  bool reachable = false;
  std::string error;
  std::optional<apply::Record> record;  // the newest
  long long elapsed_ms = 0;
};

struct Board {
  std::vector<Column> columns;
  std::vector<std::string> services;                  // every service of any environment, sorted
  std::map<std::string, std::vector<Cell>> cells;      // by service, one per column
  int reachable = 0;
};

Board build_board(const std::vector<EnvFacts>& envs);

k8s::Json to_json(const Board& b);

// The environments whose newest record has each commit: commit -> "staging", "production (failed)".
std::map<std::string, std::vector<std::string>> live_commits(const std::vector<EnvFacts>& envs);

}  // namespace vsctl::fleet
