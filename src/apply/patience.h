#pragma once
// Waiting out an API server that is away (restarting, unreachable, overloaded) inside a step:
// the client already retries each request a few times, quickly; a step has a deadline of
// minutes, so it keeps trying until then rather than failing on the first outage. Errors that
// say something about the request itself (invalid, forbidden, conflict, not found) are returned
// at once.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "kube/api_error.h"

namespace vsctl::apply {

// Whether the API server is away rather than saying no: worth waiting for.
inline bool server_away(const kube::ApiError& e) { return kube::is_outage(e); }

// Calls `call` until it returns something other than "the server is away", `deadline` passes or
// `cancel` is set; `waiting` is told each time before a pause (1 s).
template <class T>
kube::ApiResult<T> patiently(const std::function<kube::ApiResult<T>()>& call, std::chrono::steady_clock::time_point deadline,
                             const std::atomic<bool>& cancel, const std::function<void(const kube::ApiError&)>& waiting) {
  while (true) {
    kube::ApiResult<T> r = call();
    if (r || !server_away(r.error()) || cancel || std::chrono::steady_clock::now() >= deadline) return r;
    waiting(r.error());
    auto pause = std::min<std::chrono::steady_clock::duration>(std::chrono::seconds(1), deadline - std::chrono::steady_clock::now());
    if (pause > std::chrono::steady_clock::duration::zero()) std::this_thread::sleep_for(pause);
  }
}

}  // namespace vsctl::apply
