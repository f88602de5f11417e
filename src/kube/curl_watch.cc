// CurlClient's watch: a streaming GET on its own connection, one event per line, until the
// handler stops or the deadline passes. A stream the server ends, or that breaks after it
// started, is resumed from the last resourceVersion seen.
#include <cmath>
#include <thread>

#include "kube/curl_client.h"
#include "kube/redact.h"

namespace vsctl::kube {

ApiResult<WatchEnd> CurlClient::watch(const k8s::GroupVersionKind& gvk, const WatchOptions& opts,
                                      const WatchHandler& handler) {
  using Clock = std::chrono::steady_clock;
  auto res = resource_for(gvk);
  if (!res) return api_fail(res.error());

  WatchEnd end;
  end.resource_version = opts.resource_version;
  int attempts = 0, unsure = 0, quick_closes = 0;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(opts.deadline - Clock::now());
    if (left.count() <= 0) {
      end.reason = WatchEndReason::Deadline;
      return end;
    }
    Request req;
    req.verb = Verb::Watch;
    req.path = collection_path(*res, res->namespaced ? opts.namespace_ : "");
    req.query = {{"watch", "1"}, {"allowWatchBookmarks", "true"}};
    if (!end.resource_version.empty()) req.query.emplace_back("resourceVersion", end.resource_version);
    if (!opts.label_selector.empty()) req.query.emplace_back("labelSelector", opts.label_selector);
    if (!opts.field_selector.empty()) req.query.emplace_back("fieldSelector", opts.field_selector);
    // The server ends the stream a little before our own deadline would cut it.
    auto secs = static_cast<long long>(std::ceil(static_cast<double>(left.count()) / 1000.0));
    req.query.emplace_back("timeoutSeconds", std::to_string(std::max<long long>(secs, 1)));

    auto auth = credentials_.get();
    if (!auth) {
      ApiError e;
      e.kind = ApiErrorKind::Config;
      e.verb = "watch";
      e.path = req.path;
      e.message = auth.error().message;
      return api_fail(std::move(e));
    }
    limiter_.acquire();
    {
      std::lock_guard lock(mu_);
      ++requests_sent_;
    }

    LineSplitter lines;
    std::optional<ApiError> stream_error;
    bool handler_stopped = false;
    std::size_t events = 0;
    Transport::DataFn on_data = [&](std::string_view chunk) {
      return lines.feed(chunk, [&](std::string_view line) {
        logger_.log(8, "watch event: " + redact_body(line));
        auto ev = parse_watch_event(line);
        if (!ev) {
          stream_error = ev.error();
          stream_error->verb = "watch";
          stream_error->path = req.path;
          return false;
        }
        ++events;
        std::string rv = k8s::string_at(ev->object, "/metadata/resourceVersion");
        if (!rv.empty()) end.resource_version = rv;
        if (ev->type == WatchEventType::Bookmark) return true;
        if (handler(*ev) == WatchControl::Stop) {
          handler_stopped = true;
          return false;
        }
        return true;
      });
    };
    bool stopped = false;
    auto started = Clock::now();
    // A little past the server's timeoutSeconds, so that the server's clean end comes first.
    auto at = transport_.stream(req, *auth, left + std::chrono::seconds(2), on_data, &stopped, opts.cancel);
    ++attempts;
    if (opts.cancel && opts.cancel->load()) {
      end.reason = WatchEndReason::Stopped;
      return end;
    }

    if (handler_stopped) {
      end.reason = WatchEndReason::Stopped;
      return end;
    }
    if (stream_error) return api_fail(*stream_error);

    std::optional<std::chrono::seconds> retry_after;
    ApiError err;
    bool is_unsure = false;
    if (at.response) {
      int s = at.response->status;
      if (s == 200) {
        // The server ended the stream (its timeout, a restart): go on from the last version.
        if (Clock::now() >= opts.deadline) {
          end.reason = WatchEndReason::Deadline;
          return end;
        }
        if (events == 0 && Clock::now() - started < std::chrono::seconds(1)) {
          std::this_thread::sleep_for(delay(++quick_closes, std::nullopt));
        }
        continue;
      }
      err = from_response(s, at.response->body, "watch", req.path);
      if (s == 401 && credentials_.refreshable() && attempts == 1) {
        credentials_.invalidate();
        continue;
      }
      retry_after = at.response->retry_after;
      bool transient_5xx = s >= 500 && (retry_after || s == 502 || s == 503 || s == 504);
      if (s != 429 && !transient_5xx) return api_fail(std::move(err));
    } else {
      if (events > 0) {
        // The stream broke after it had started: watch again from the last version.
        logger_.log(2, "watch " + req.path + " broke after " + std::to_string(events) +
                           " events; resuming from resourceVersion " + end.resource_version);
        continue;
      }
      if (at.error.kind == ApiErrorKind::Timeout && Clock::now() >= opts.deadline) {
        end.reason = WatchEndReason::Deadline;
        return end;
      }
      err = std::move(at.error);
      if (at.retry == RetryClass::Never) return api_fail(std::move(err));
      is_unsure = at.retry == RetryClass::Connect;
    }
    if (is_unsure) ++unsure;
    auto d = delay(attempts, retry_after);
    if (attempts >= opts_.retry.max_attempts || unsure >= opts_.retry.max_connect_attempts ||
        Clock::now() + d >= opts.deadline) {
      err.message += " (gave up after " + std::to_string(attempts) + " attempts)";
      return api_fail(std::move(err));
    }
    logger_.log(2, "retrying watch " + req.path + " in " + std::to_string(d.count()) + "ms: " + describe(err));
    std::this_thread::sleep_for(d);
  }
}

}  // namespace vsctl::kube
