#pragma once
// The libcurl layer: one multi handle (one connection pool, HTTP/2 multiplexing where the
// server offers it) for every request of a run, TLS and credentials set on each easy handle,
// and libcurl's failures named in the user's terms. No retries here: see CurlClient.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kube/api_error.h"
#include "kube/credentials.h"
#include "kube/log.h"
#include "kube/rate_limiter.h"
#include "kube/request.h"
#include "kube/rest_config.h"

using CURL = void;
using CURLM = void;

namespace vsctl::kube {

struct TransportOptions {
  std::chrono::milliseconds connect_timeout{5'000};
  std::string user_agent = "vsctl";
};

// How a failure without an HTTP response may be retried.
enum class RetryClass {
  Never,    // TLS verification, bad CA, bad client certificate: sending again changes nothing
  Connect,  // refused, unresolvable: the request was never sent; retry a few times
  Always,   // reset, timeout, truncated: for writes, the request may have been applied
};

struct Attempt {
  std::optional<Response> response;  // an HTTP response, whatever its status
  ApiError error;                    // when there is none
  RetryClass retry = RetryClass::Never;
  bool maybe_sent = false;  // bytes of the request left this process
};

// One request on its way; owns its easy handle.
struct Transfer;

class Transport {
 public:
  Transport(RestConfig config, TransportOptions opts, Logger logger);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // Sends each request once, at most max_in_flight at a time, each start taking a token from
  // `limiter`; each attempt gives up after `timeouts[i]`.
  std::vector<Attempt> run(std::span<const Request* const> requests, const Auth& auth,
                           std::span<const std::chrono::milliseconds> timeouts,
                           std::size_t max_in_flight, RateLimiter& limiter);

  // A streaming GET (WATCH) on its own handle: `on_data` gets the body as it arrives when the
  // status is 200 and returns false to stop. Returns the outcome; `response->body` holds the
  // body of a non-200 answer.
  using DataFn = std::function<bool(std::string_view)>;
  // `cancel`, when set by another thread, ends it as if on_data had returned false (libcurl asks
  // at least once a second, also while nothing arrives).
  Attempt stream(const Request& request, const Auth& auth, std::chrono::milliseconds timeout,
                 const DataFn& on_data, bool* stopped, const std::atomic<bool>* cancel = nullptr);

  const RestConfig& config() const { return config_; }
  const Logger& logger() const { return logger_; }

 private:
  // own_connection: HTTP/1.1 on a connection of its own rather than a stream multiplexed with
  // others on one HTTP/2 connection (see run()).
  std::unique_ptr<Transfer> prepare(const Request& r, const Auth& auth, std::chrono::milliseconds timeout,
                                    bool own_connection = false);
  Attempt finish(Transfer& t, int code);

  RestConfig config_;
  TransportOptions opts_;
  Logger logger_;
  std::string url_base_;       // scheme://host:port, with tls-server-name as host when set
  std::string connect_to_;     // "tls-server-name:port:host:port" or ""
  std::mutex multi_mu_;
  CURLM* multi_ = nullptr;
};

}  // namespace vsctl::kube
