#include "reconcile/probes.h"

#include <algorithm>

namespace vsctl::reconcile {

using Clock = std::chrono::steady_clock;

ProbeAnswer liveness(Clock::time_point last_progress, Clock::time_point now, Millis bound) {
  auto since = std::chrono::duration_cast<Millis>(now - last_progress);
  if (since <= bound) return {true, "ok"};
  return {false, "the reconcile loop made no progress for " + std::to_string(since.count() / 1000) + "s (bound " +
                     std::to_string(bound.count() / 1000) + "s)"};
}

ProbeAnswer readiness(const std::optional<RoundReport>& last) {
  if (!last) return {false, "no round has ended yet"};
  if (last->repo_reached && last->cluster_reached) return {true, "ok"};
  std::string what = !last->repo_reached ? "the repository" : "the cluster";
  return {false, "the last round did not reach " + what + (last->unreached.empty() ? "" : ": " + last->unreached)};
}

Millis liveness_bound(std::chrono::seconds timeout) { return timeout + std::chrono::minutes(1); }

Probes::Probes(Millis bound) : bound_(bound), last_progress_(Clock::now().time_since_epoch().count()) {}

void Probes::progress() { last_progress_ = Clock::now().time_since_epoch().count(); }

void Probes::round_ended(const RoundReport& r) {
  progress();
  std::lock_guard lock(mu_);
  last_ = r;
}

ProbeAnswer Probes::live() const {
  return liveness(Clock::time_point(Clock::duration(last_progress_.load())), Clock::now(), bound_);
}

ProbeAnswer Probes::ready() const {
  std::lock_guard lock(mu_);
  return readiness(last_);
}

bool BeatingSleeper::sleep(Millis d, const std::atomic<bool>& stop) {
  while (d > Millis(0)) {
    if (beat_) beat_();
    Millis now = std::min(d, slice_);
    if (!inner_.sleep(now, stop)) return false;
    d -= now;
  }
  return true;
}

}  // namespace vsctl::reconcile
