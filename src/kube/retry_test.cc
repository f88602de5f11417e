#include "kube/retry.h"

#include <doctest/doctest.h>

#include "kube/rate_limiter.h"

using namespace vsctl::kube;
using namespace std::chrono_literals;

TEST_CASE("retry: jittered exponential backoff, capped") {
  RetryPolicy p;
  std::mt19937_64 rng(1);
  for (int i = 0; i < 50; ++i) {
    auto d1 = backoff_delay(p, 1, rng);
    CHECK(d1 >= 100ms);
    CHECK(d1 <= 200ms);
    auto d3 = backoff_delay(p, 3, rng);
    CHECK(d3 >= 400ms);
    CHECK(d3 <= 800ms);
    auto d20 = backoff_delay(p, 20, rng);
    CHECK(d20 >= 5000ms);
    CHECK(d20 <= 10000ms);
  }
}

TEST_CASE("retry: Retry-After is honoured") {
  RetryPolicy p;
  std::mt19937_64 rng(1);
  auto d = retry_delay(p, 1, 3s, rng);
  CHECK(d >= 3000ms);
  CHECK(d <= 3100ms);
  CHECK(retry_delay(p, 1, 600s, rng) <= 60100ms);
  CHECK(parse_retry_after("2") == 2s);
  CHECK(parse_retry_after(" 10 ") == 10s);
  CHECK(!parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"));
  CHECK(!parse_retry_after("-1"));
}

TEST_CASE("rate limiter: burst, then qps") {
  RateLimiter lim(10, 3);
  auto t0 = RateLimiter::Clock::now();
  CHECK(lim.try_acquire(t0) == RateLimiter::Clock::duration::zero());
  CHECK(lim.try_acquire(t0) == RateLimiter::Clock::duration::zero());
  CHECK(lim.try_acquire(t0) == RateLimiter::Clock::duration::zero());
  auto wait = lim.try_acquire(t0);
  CHECK(wait > 90ms);
  CHECK(wait <= 100ms);
  CHECK(lim.try_acquire(t0 + 100ms) == RateLimiter::Clock::duration::zero());
  RateLimiter off(0, 1);
  for (int i = 0; i < 1000; ++i) CHECK(off.try_acquire() == RateLimiter::Clock::duration::zero());
}
