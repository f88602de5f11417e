#pragma once
// Ranges during a rollout. While a canary or blue-green service serves its old and new versions
// at once, every caller's range must admit both: a range that admits only one sends some of the
// caller's requests to a version it does not work with until the rollout completes. Pure.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "manifest/model.h"

namespace vsctl::manifest {

struct RangeDuringRollout {
  std::string service, caller;  // the service rolling out, and one that depends on it
  std::string old_version, new_version;
  std::string range;  // the caller's range for the service, as written
  Rollout::Strategy strategy = Rollout::Strategy::Canary;
  bool admits_old = false, admits_new = false;  // exactly one is true
  SourceLoc loc;                                // the caller's range
};

// For each progressive service of `now` whose old version (`old_version(name)`; nullopt: a new
// service, or not known, skipped) differs from its version in `now`, each service of `now` that
// depends on it with a valid range admitting exactly one of the two. Ordered by service, then
// caller.
std::vector<RangeDuringRollout> ranges_during_rollout(
    const Architecture& now,
    const std::function<std::optional<std::string>(const std::string& service)>& old_version);

// "cart 2.3.0 rolls out by canary beside 2.2.0: web's range ^2.3.0 for cart admits only 2.3.0,
// so some of web's requests reach a version it does not work with during the rollout; widen the
// range (>=2.2.0 <3.0.0) or roll cart out rolling"
std::string message(const RangeDuringRollout& r);

// A range admitting both versions, for the message: ">=LOW <NEXT-MAJOR.0.0" (">=0.3.0 <0.5.0"
// below 1.0.0), or ">=LOW <=HIGH" where that is what admits them (pre-releases); nullopt when
// either is not semver.
std::optional<std::string> range_admitting(const std::string& a, const std::string& b);

}  // namespace vsctl::manifest
