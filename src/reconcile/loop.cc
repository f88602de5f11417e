#include "reconcile/loop.h"

#include <algorithm>
#include <thread>

namespace vsctl::reconcile {

Millis next_delay(Millis interval, int failures, Millis cap) {
  if (failures <= 0) return interval;
  const Millis limit = std::max(interval, cap);
  Millis d = interval;
  for (int i = 0; i < failures && d < limit; ++i) d *= 2;
  return std::min(d, limit);
}

bool RealSleeper::sleep(Millis d, const std::atomic<bool>& stop) {
  const auto until = std::chrono::steady_clock::now() + d;
  while (!stop) {
    auto left = until - std::chrono::steady_clock::now();
    if (left <= Millis(0)) return true;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(left, Millis(100)));
  }
  return false;
}

int run_loop(const std::function<RoundEnd(int round)>& round, Sleeper& sleeper, const std::atomic<bool>& stop,
             const LoopOptions& opts, const std::function<void(Millis, int)>& on_wait) {
  int rounds = 0, failures = 0;
  while (!stop) {
    RoundEnd end = round(++rounds);
    failures = end == RoundEnd::Failed ? failures + 1 : 0;
    if (stop) break;
    Millis delay = next_delay(opts.interval, failures, opts.backoff_cap);
    if (on_wait) on_wait(delay, failures);
    if (!sleeper.sleep(delay, stop)) break;
  }
  return rounds;
}

}  // namespace vsctl::reconcile
