#pragma once
// Coordinated rollback as a pure function (the rules of manifest.md, "Coordinated rollback"):
// named services go to their target versions; every other service made inconsistent, as a
// dependent or as a dependency and transitively, is dragged along to one of the versions it
// had in history. Among consistent results the one that moves the fewest other services wins,
// then the one that keeps versions newest (the sum, over dragged services, of how many of their
// older versions are skipped; among equals, the first found, trying newer versions and services
// by name first). Dragged services only move backwards. The search (arc consistency, then
// branch and bound) is exhaustive but bounded by a step budget; when it finds no consistent
// result, or runs out of budget, nothing is proposed and the conflict is explained.
//
// No git and no cluster here: the offline preview feeds it VersionSet history from git, the
// cluster-side rollback feeds it the recorded history.
#include <cstddef>
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "manifest/model.h"

namespace vsctl::versionset {

// One version a service had, with its definition at the newest commit where it had it.
struct Candidate {
  std::string version;
  std::vector<std::pair<std::string, std::string>> depends_on;  // service -> range text
  std::string commit;        // where the definition comes from (the newest commit with this version)
  std::size_t age = 0;       // 0: the current VersionSet; n: n VersionSets back. Orders non-semver versions
  manifest::Json definition;  // optional, carried through to the move (the cluster side renders it)
};

struct ServiceVersions {
  std::string service;
  Candidate current;
  std::vector<Candidate> earlier;  // the other versions it had, any order
};

struct RollbackRequest {
  std::vector<ServiceVersions> services;       // every service of the current VersionSet
  std::map<std::string, std::string> targets;  // named service -> the version it goes to
  std::size_t budget = 200'000;                // search steps before giving up
  // and time: a pre-commit hook or a person waits seconds, not minutes. `now` is the clock
  // (none: no time budget).
  std::chrono::milliseconds time_budget{5000};
  std::function<std::chrono::steady_clock::time_point()> now;
};

// A range that forced a dragged service to move: `dependent`'s range on `dependency` does not
// admit `version` (the version the dependency would otherwise have).
struct Force {
  std::string dependent, dependency, range, version;
};

// "web's range on api \"^1.1\" does not admit api 1.0.0".
std::string to_string(const Force& f);

struct Move {
  std::string service;
  std::string from, to;
  bool named = false;
  std::string commit;          // the definition's commit
  manifest::Json definition;   // as given in the candidate
  std::vector<Force> forced_by;  // for dragged services: every range that would break if it stayed
};

struct RollbackPlan {
  std::vector<Move> moves;  // dependents before their dependencies (the reverse of apply order)
  std::size_t steps = 0;
};

struct RollbackConflict {
  std::string message;
  std::vector<std::string> details;  // the constraints no move could satisfy
  bool budget_exceeded = false;  // the step or the time budget ran out (the message says which)
  std::size_t steps = 0;
};

tl::expected<RollbackPlan, RollbackConflict> plan_rollback(const RollbackRequest& req);

// The candidates of `s` a dragged service may move to, newest first: semver precedence when
// every version involved is semver, otherwise recency in history; only versions older than the
// current one.
std::vector<const Candidate*> older_versions(const ServiceVersions& s);

}  // namespace vsctl::versionset
