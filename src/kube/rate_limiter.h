#pragma once
// Client-side rate limiting: a token bucket (qps tokens a second, up to burst). Thread-safe.
// qps <= 0 turns it off.
#include <chrono>
#include <mutex>

namespace vsctl::kube {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  RateLimiter(double qps, int burst);

  // Takes a token now, or says how long until one is there (then nothing was taken).
  Clock::duration try_acquire(Clock::time_point now = Clock::now());
  // Waits for a token.
  void acquire();

  double qps() const { return qps_; }
  int burst() const { return burst_; }

 private:
  double qps_;
  int burst_;
  double tokens_;
  Clock::time_point last_;
  std::mutex mu_;
};

}  // namespace vsctl::kube
