#pragma once
// ClusterClient over libcurl: one connection pool per run, HTTP/2 where offered, bounded
// parallelism, client-side rate limiting, bounded jittered retries, redacted logging.
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <random>
#include <span>
#include <vector>

#include "kube/cluster_client.h"
#include "kube/credentials.h"
#include "kube/curl_transport.h"
#include "kube/log.h"
#include "kube/rate_limiter.h"
#include "kube/request.h"
#include "kube/rest_config.h"
#include "kube/retry.h"

namespace vsctl::kube {

struct ClientOptions {
  // Client-side rate limit (token bucket); qps <= 0 turns it off. A guard against a runaway
  // loop, not the server's protection (API Priority and Fairness is; its 429s are retried):
  // high enough that previewing a few thousand objects is not slowed. kubectl 1.35 sends
  // without a client-side limit; client-go's library default is 5/10.
  double qps = 500;
  int burst = 1000;
  std::size_t max_in_flight = 32;  // requests at once in parallel() and apply_all()
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds attempt_timeout{30'000};  // one try of one request
  std::chrono::milliseconds request_deadline{60'000};  // all tries of one request
  RetryPolicy retry;
  std::chrono::milliseconds exec_timeout{60'000};  // an exec credential plugin's run
  int verbosity = 0;                               // -v
  LogSink log = stderr_sink();
  std::string user_agent = "vsctl";
};

// Thread-safe. Calls from several threads share one connection pool and take turns on it, so
// concurrency belongs in parallel() / apply_all(); a watch streams on its own connection and
// never waits for them.
class CurlClient final : public ClusterClient {
 public:
  CurlClient(RestConfig config, ClientOptions opts, ExecRunner exec_runner = run_exec_plugin);

  // One request, with rate limiting, credentials and retries. Any HTTP status other than
  // 2xx is an error, except that lost writes are resolved first (see docs/kube-client.md).
  ApiResult<Response> send(const Request& request);
  // Many requests at once, at most max_in_flight in flight; results in order.
  std::vector<ApiResult<Response>> parallel(std::span<const Request> requests, std::size_t max_in_flight);

  ApiResult<std::shared_ptr<const Discovery>> discovery() override;
  std::string default_namespace() const override { return transport_.config().namespace_; }
  ApiResult<std::optional<k8s::Json>> get(const k8s::ObjectKey& key) override;
  ApiResult<std::optional<k8s::Json>> get_status(const k8s::ObjectKey& key) override;
  ApiResult<ObjectList> list(const k8s::GroupVersionKind& gvk, const ListOptions& opts) override;
  std::vector<ApiResult<ObjectList>> list_many(std::span<const ListQuery> queries) override;
  ApiResult<k8s::Json> apply(const k8s::Json& object, const ApplyOptions& opts) override;
  std::vector<ApiResult<k8s::Json>> apply_all(std::span<const k8s::Json> objects,
                                              const ApplyOptions& opts) override;
  ApiResult<k8s::Json> create(const k8s::Json& object, DryRun dry_run) override;
  ApiResult<k8s::Json> update(const k8s::Json& object, DryRun dry_run) override;
  ApiResult<bool> remove(const k8s::ObjectKey& key, const DeleteOptions& opts) override;
  ApiResult<WatchEnd> watch(const k8s::GroupVersionKind& gvk, const WatchOptions& opts,
                            const WatchHandler& handler) override;
  ApiResult<std::string> pod_log(const std::string& ns, const std::string& pod, const std::string& container,
                                 int tail_lines, int limit_bytes) override;

  const RestConfig& config() const { return transport_.config(); }
  const ClientOptions& options() const { return opts_; }
  // Requests sent so far, retries and re-reads included.
  std::size_t requests_sent() const;

  // The resource of a kind (discovery, refreshed once when the kind is not known yet).
  ApiResult<ResourceInfo> resource_for(const k8s::GroupVersionKind& gvk);
  // The path of an object; a namespaced kind without a namespace gets default_namespace().
  ApiResult<std::string> path_for(const k8s::ObjectKey& key);
  ApiResult<std::optional<k8s::Json>> get_path(const std::string& path);

 private:
  ApiResult<Request> apply_request(const k8s::Json& object, const ApplyOptions& opts);
  // The pages of a list from the continue token `cont` on, added to `out` (from the start when
  // `cont` is empty; an expired token starts the list over once).
  ApiResult<ObjectList> list_pages(const std::string& path, const k8s::GroupVersionKind& gvk, const ListOptions& opts,
                                   ObjectList out, std::string cont);
  ApiResult<std::shared_ptr<const Discovery>> fetch_discovery();
  std::chrono::milliseconds delay(int attempt, std::optional<std::chrono::seconds> retry_after);

  ClientOptions opts_;
  Transport transport_;
  Credentials credentials_;
  RateLimiter limiter_;
  Logger logger_;

  mutable std::mutex mu_;  // guards the members below
  std::shared_ptr<const Discovery> discovery_;
  std::chrono::steady_clock::time_point discovery_at_{};
  std::mt19937_64 rng_;
  std::size_t requests_sent_ = 0;
};

}  // namespace vsctl::kube
