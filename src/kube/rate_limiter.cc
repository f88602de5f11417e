#include "kube/rate_limiter.h"

#include <algorithm>
#include <thread>

namespace vsctl::kube {

RateLimiter::RateLimiter(double qps, int burst)
    : qps_(qps), burst_(std::max(burst, 1)), tokens_(static_cast<double>(std::max(burst, 1))),
      last_(Clock::now()) {}

RateLimiter::Clock::duration RateLimiter::try_acquire(Clock::time_point now) {
  if (qps_ <= 0) return Clock::duration::zero();
  std::lock_guard lock(mu_);
  if (now > last_) {
    double elapsed = std::chrono::duration<double>(now - last_).count();
    tokens_ = std::min(static_cast<double>(burst_), tokens_ + elapsed * qps_);
    last_ = now;
  }
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return Clock::duration::zero();
  }
  auto wait = std::chrono::duration<double>((1.0 - tokens_) / qps_);
  return std::max(std::chrono::duration_cast<Clock::duration>(wait), Clock::duration(1));
}

void RateLimiter::acquire() {
  while (true) {
    auto wait = try_acquire();
    if (wait == Clock::duration::zero()) return;
    std::this_thread::sleep_for(wait);
  }
}

}  // namespace vsctl::kube
