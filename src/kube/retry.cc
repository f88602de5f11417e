#include "kube/retry.h"

#include <algorithm>
#include <charconv>

#include "util/strings.h"

namespace vsctl::kube {

std::chrono::milliseconds backoff_delay(const RetryPolicy& p, int attempt, std::mt19937_64& rng) {
  long long d = p.base_delay.count();
  for (int i = 1; i < attempt && d < p.max_delay.count(); ++i) d *= 2;
  d = std::min<long long>(d, p.max_delay.count());
  std::uniform_int_distribution<long long> dist(d / 2, std::max<long long>(d, 1));
  return std::chrono::milliseconds(dist(rng));
}

std::chrono::milliseconds retry_delay(const RetryPolicy& p, int attempt,
                                      std::optional<std::chrono::seconds> retry_after,
                                      std::mt19937_64& rng) {
  if (retry_after) {
    auto asked = std::min<std::chrono::milliseconds>(*retry_after, std::chrono::seconds(60));
    // A little jitter so that many clients told "1" do not come back in step.
    std::uniform_int_distribution<long long> dist(0, 100);
    return asked + std::chrono::milliseconds(dist(rng));
  }
  return backoff_delay(p, attempt, rng);
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value) {
  auto v = util::trim(value);
  long long secs = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), secs);
  if (ec != std::errc() || ptr != v.data() + v.size() || secs < 0) return std::nullopt;
  return std::chrono::seconds(secs);
}

}  // namespace vsctl::kube
