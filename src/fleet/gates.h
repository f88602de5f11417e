#pragma once
// The gates of a promotion, as pure functions of what the fleet's clusters say: which VersionSet
// the stage before has converged, and whether it may go on (soak, every service running, no
// vetoed version anywhere, in the branch's history). Each gate says why it holds and, when it
// does not, what would make it pass.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "apply/record.h"
#include "fleet/facts.h"
#include "manifest/model.h"
#include "status/when.h"

namespace vsctl::fleet {

// The VersionSet a stage runs: the commit every environment's newest record converged.
struct Converged {
  std::string commit;
  status::TimePoint since{};  // since when every environment of the stage has run it converged
  std::vector<apply::PromotedFrom::Source> sources;  // each environment's newest record
};

// The commit the stage's environments converged, or an error (ErrorKind::Refused) naming the
// environment that has none: no record, unreachable, its newest run not a success, a destroy, a
// dirty tree, or two environments on different commits. `since`: the oldest record of the
// unbroken run of successes of that commit at the head of each environment's records (an
// apply then reconcile rounds of the same commit), the latest of the environments.
util::Result<Converged> converged(const manifest::PromotionStage& stage, const std::vector<const EnvFacts*>& envs);

struct Gate {
  std::string name;     // soak, running, vetoes, history
  bool passed = false;
  std::string detail;   // why it passed, or why not
  std::string passes;   // when it fails: when or how it would pass ("" when it never will)
};

struct GateInput {
  const manifest::PromotionStage* from = nullptr;
  const manifest::PromotionStage* to = nullptr;
  Converged source;
  std::vector<const EnvFacts*> source_envs;  // the stage before's
  std::vector<const EnvFacts*> fleet;        // every environment whose vetoes count
  // the services and versions of the commit, per target environment (its overrides applied)
  std::map<std::string, std::map<std::string, std::string>> versions;
  bool in_history = false;
  std::string branch, tip;  // the branch checked and the commit it names
  status::TimePoint now{};
};

std::vector<Gate> check_gates(const GateInput& in);

bool all_passed(const std::vector<Gate>& gates);

// "the soak: staging has run 1a2b3c4 for 12m, needs 30m (passes at 2026-12-03 14:20:00, in 18m)".
std::string describe(const Gate& g);

}  // namespace vsctl::fleet
