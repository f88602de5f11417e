#pragma once
// When to send a failed request again, and after how long: bounded attempts, an overall
// deadline, Retry-After honoured, otherwise jittered exponential backoff.
#include <chrono>
#include <optional>
#include <random>
#include <string_view>

namespace vsctl::kube {

struct RetryPolicy {
  int max_attempts = 10;  // including the first
  std::chrono::milliseconds base_delay{200};
  std::chrono::milliseconds max_delay{10'000};
  // Connection refused and unresolvable hosts: a server that is down stays down; give up fast.
  int max_connect_attempts = 5;
};

// Full jitter: uniform in [d/2, d] with d = min(max_delay, base * 2^(attempt-1)); `attempt` is
// the number of attempts already made (>= 1).
std::chrono::milliseconds backoff_delay(const RetryPolicy& p, int attempt, std::mt19937_64& rng);

// The delay before attempt `attempt` + 1: what the server asked in Retry-After (at most 60s,
// plus up to 100ms of jitter), else the backoff.
std::chrono::milliseconds retry_delay(const RetryPolicy& p, int attempt,
                                      std::optional<std::chrono::seconds> retry_after,
                                      std::mt19937_64& rng);

// Retry-After in seconds ("3"); HTTP dates are not used by the API server and give nullopt.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value);

}  // namespace vsctl::kube
