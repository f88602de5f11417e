#pragma once
// The reconcile loop: rounds one after another, `interval` apart, until a signal. A round that
// could not reach the cluster (or the repository) does not end the loop: the next one waits
// longer (backoff), and a round that succeeds again returns to the interval. A signal ends the
// wait at once; a round in flight finishes first (it stops waiting for services and releases
// its lock), then the loop ends with 0.
#include <atomic>
#include <chrono>
#include <functional>

namespace vsctl::reconcile {

using Millis = std::chrono::milliseconds;

// How a round ended.
enum class RoundEnd {
  Done,       // converged, applied, or refused: the next round in `interval`
  Failed,     // the cluster or the repository could not be read or written: back off
};

// The wait before the next round after `failures` failed rounds in a row (0: the interval):
// the interval doubled per failure, at most max(interval, cap).
Millis next_delay(Millis interval, int failures, Millis cap = std::chrono::minutes(5));

// Waits, waking early when `stop` becomes true; false when it did.
class Sleeper {
 public:
  virtual ~Sleeper() = default;
  virtual bool sleep(Millis d, const std::atomic<bool>& stop) = 0;
};

// Sleeps in slices of at most 100 ms, checking `stop` between them.
class RealSleeper final : public Sleeper {
 public:
  bool sleep(Millis d, const std::atomic<bool>& stop) override;
};

struct LoopOptions {
  Millis interval{std::chrono::seconds(30)};
  Millis backoff_cap{std::chrono::minutes(5)};
};

// Runs `round` until `stop`; returns how many rounds ran.
int run_loop(const std::function<RoundEnd(int round)>& round, Sleeper& sleeper, const std::atomic<bool>& stop,
             const LoopOptions& opts, const std::function<void(Millis delay, int failures)>& on_wait = {});

}  // namespace vsctl::reconcile
