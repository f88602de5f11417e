#pragma once
// What one environment's cluster says, as read for promote and fleet status: its records (newest
// first, headers only), its registry view (every service's live version and state) and its
// vetoes; or why it could not be read.
#include <optional>
#include <string>
#include <vector>

#include "apply/record.h"
#include "apply/veto.h"
#include "fleet/pipeline.h"
#include "status/registry.h"

namespace vsctl::fleet {

struct EnvFacts {
  Place place;
  bool reachable = false;
  std::string error;                    // why it could not be read (reachable false)
  std::vector<apply::Record> records;   // newest first
  std::optional<status::Registry> registry;
  std::vector<apply::Veto> vetoes;
  long long elapsed_ms = 0;             // how long the reading took

  const apply::Record* newest() const { return records.empty() ? nullptr : &records.front(); }
};

}  // namespace vsctl::fleet
