#pragma once
// What one reconcile round reports, as facts rather than lines: how it ended, how long it took,
// whether it reached the repository and the cluster, the drift it undid, the failovers it made,
// the revision the cluster is at and the lifecycle state of every service. The metrics
// (metrics.h) and the readiness probe (probes.h) are functions of it.
#include <map>
#include <optional>
#include <string>

#include "health/state.h"
#include "reconcile/failover.h"

namespace vsctl::reconcile {

// How a round ended.
enum class Outcome {
  Converged,    // nothing to change
  Applied,      // a new VersionSet or drift applied, every service reached Run
  Refused,      // a one-way door, an object vsctl does not own, a vetoed version, an invalid manifest
  Locked,       // someone else holds the lock: tried again next round
  Failed,       // the apply ran and did not succeed (a service did not reach Run, interrupted)
  Unreachable,  // the repository or the cluster could not be read or written
};
inline constexpr Outcome kOutcomes[] = {Outcome::Converged, Outcome::Applied, Outcome::Refused,
                                        Outcome::Locked,    Outcome::Failed,  Outcome::Unreachable};
const char* to_string(Outcome o);  // "converged", ...

// The newest record's revision and commit once the cluster is at it.
struct AppliedRevision {
  long long revision = 0;
  std::string commit;
};

struct RoundReport {
  Outcome outcome = Outcome::Converged;
  double seconds = 0;         // how long the round took
  double finished_unix = 0;   // when it ended, seconds since the epoch
  bool repo_reached = false;  // the branch was read
  bool cluster_reached = false;  // the cluster answered the plan's reads (and the apply's writes)
  std::string unreached;      // why not, when either was not reached
  std::map<health::Change, int> drift_corrected;  // steps of an applied drift, by change kind
  std::map<FailoverKind, int> failovers;          // failover actions carried out
  std::optional<AppliedRevision> applied;         // the revision the cluster is at, when known
  // Every service's lifecycle state (services not deployed are left out); none when not read.
  std::optional<std::map<std::string, health::State>> states;
};

}  // namespace vsctl::reconcile
