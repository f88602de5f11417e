#include "reconcile/loop.h"

#include <doctest/doctest.h>

#include <vector>

using namespace vsctl::reconcile;
using namespace std::chrono_literals;

namespace {
struct FakeSleeper final : Sleeper {
  std::vector<Millis> waits;
  std::atomic<bool>* raise_after = nullptr;
  std::size_t stop_at = 0;
  bool sleep(Millis d, const std::atomic<bool>& stop) override {
    waits.push_back(d);
    if (raise_after && waits.size() == stop_at) raise_after->store(true);
    return !stop;
  }
};
}  // namespace

TEST_CASE("reconcile loop: backoff doubles per failure up to the cap, and the interval without failures") {
  CHECK(next_delay(10s, 0) == 10s);
  CHECK(next_delay(10s, 1) == 20s);
  CHECK(next_delay(10s, 3) == 80s);
  CHECK(next_delay(10s, 10) == 5min);
  CHECK(next_delay(10s, 1000) == 5min);
  // an interval above the cap is never shortened
  CHECK(next_delay(10min, 4) == 10min);
}

TEST_CASE("reconcile loop: a failed round backs off, a good one returns to the interval, a signal ends it") {
  std::atomic<bool> stop{false};
  FakeSleeper sleeper;
  sleeper.raise_after = &stop;
  sleeper.stop_at = 4;
  std::vector<RoundEnd> ends = {RoundEnd::Failed, RoundEnd::Failed, RoundEnd::Done, RoundEnd::Done};
  std::vector<int> seen;
  LoopOptions opts;
  opts.interval = 1s;
  int rounds = run_loop([&](int n) { seen.push_back(n); return ends[static_cast<std::size_t>(n - 1)]; }, sleeper, stop, opts);
  CHECK(rounds == 4);
  CHECK(seen == std::vector<int>{1, 2, 3, 4});
  CHECK(sleeper.waits == std::vector<Millis>{2s, 4s, 1s, 1s});
}

TEST_CASE("reconcile loop: a signal during a round ends the loop after it, without waiting") {
  std::atomic<bool> stop{false};
  FakeSleeper sleeper;
  int rounds = run_loop([&](int) { stop = true; return RoundEnd::Done; }, sleeper, stop, {});
  CHECK(rounds == 1);
  CHECK(sleeper.waits.empty());
}

TEST_CASE("reconcile loop: the real sleeper wakes early on the signal") {
  std::atomic<bool> stop{true};
  RealSleeper s;
  auto t0 = std::chrono::steady_clock::now();
  CHECK(!s.sleep(10s, stop));
  CHECK(std::chrono::steady_clock::now() - t0 < 1s);
  std::atomic<bool> go{false};
  CHECK(s.sleep(20ms, go));
}
