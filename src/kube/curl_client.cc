#include "kube/curl_client.h"

#include <algorithm>
#include <thread>

#include "k8s/json.h"

namespace vsctl::kube {
namespace {

using Clock = std::chrono::steady_clock;

// The retry state of one request in parallel().
struct Slot {
  int attempts = 0;
  int unsure_attempts = 0;  // refused connections, 500s without Retry-After
  bool done = false;
  bool reread = false;  // the next try reads the object instead of repeating the write
  bool lost = false;    // an earlier try may have been applied, its answer lost
  bool auth_refreshed = false;
  Clock::time_point next{};
  Clock::time_point deadline{};
  Request reread_request;
  std::optional<ApiResult<Response>> result;
};

std::string millis(std::chrono::milliseconds d) {
  if (d.count() < 1000) return std::to_string(d.count()) + "ms";
  return std::to_string(d.count() / 1000) + "." + std::to_string(d.count() % 1000 / 100) + "s";
}

}  // namespace

CurlClient::CurlClient(RestConfig config, ClientOptions opts, ExecRunner exec_runner)
    : opts_(std::move(opts)),
      transport_(config, TransportOptions{opts_.connect_timeout, opts_.user_agent},
                 Logger{opts_.verbosity, opts_.log}),
      credentials_(config, opts_.exec_timeout, std::move(exec_runner)),
      limiter_(opts_.qps, opts_.burst),
      logger_{opts_.verbosity, opts_.log},
      rng_(std::random_device{}()) {}

std::size_t CurlClient::requests_sent() const {
  std::lock_guard lock(mu_);
  return requests_sent_;
}

std::chrono::milliseconds CurlClient::delay(int attempt, std::optional<std::chrono::seconds> retry_after) {
  std::lock_guard lock(mu_);
  return retry_delay(opts_.retry, attempt, retry_after, rng_);
}

ApiResult<Response> CurlClient::send(const Request& request) {
  auto out = parallel(std::span<const Request>(&request, 1), 1);
  return std::move(out.front());
}

std::vector<ApiResult<Response>> CurlClient::parallel(std::span<const Request> requests,
                                                      std::size_t max_in_flight) {
  const auto& policy = opts_.retry;
  std::vector<Slot> slots(requests.size());
  auto start = Clock::now();
  for (std::size_t i = 0; i < requests.size(); ++i) {
    slots[i].deadline = start + opts_.request_deadline;
    slots[i].reread_request.verb = Verb::Get;
    slots[i].reread_request.path = requests[i].object_path;
  }

  while (true) {
    auto now = Clock::now();
    std::vector<std::size_t> ready;
    auto earliest = Clock::time_point::max();
    for (std::size_t i = 0; i < slots.size(); ++i) {
      if (slots[i].done) continue;
      if (slots[i].next <= now) {
        ready.push_back(i);
      } else {
        earliest = std::min(earliest, slots[i].next);
      }
    }
    if (ready.empty()) {
      if (earliest == Clock::time_point::max()) break;
      std::this_thread::sleep_until(earliest);
      continue;
    }

    auto auth = credentials_.get();
    if (!auth) {
      for (auto i : ready) {
        ApiError e;
        e.kind = ApiErrorKind::Config;
        e.verb = to_string(requests[i].verb);
        e.path = requests[i].path;
        e.message = auth.error().message;
        slots[i].result = api_fail(std::move(e));
        slots[i].done = true;
      }
      continue;
    }

    std::vector<const Request*> batch;
    std::vector<std::chrono::milliseconds> timeouts;
    for (auto i : ready) {
      batch.push_back(slots[i].reread ? &slots[i].reread_request : &requests[i]);
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(slots[i].deadline - now);
      timeouts.push_back(std::clamp(left, std::chrono::milliseconds(1), opts_.attempt_timeout));
    }
    {
      std::lock_guard lock(mu_);
      requests_sent_ += batch.size();
    }
    auto attempts = transport_.run(batch, *auth, timeouts, max_in_flight, limiter_);
    now = Clock::now();

    for (std::size_t k = 0; k < ready.size(); ++k) {
      Slot& slot = slots[ready[k]];
      const Request& req = requests[ready[k]];
      Attempt& at = attempts[k];
      bool was_reread = slot.reread;
      const Request& sent = was_reread ? slot.reread_request : req;
      ++slot.attempts;

      auto finish = [&](ApiResult<Response> r) {
        slot.result = std::move(r);
        slot.done = true;
      };
      auto retry = [&](ApiError err, std::optional<std::chrono::seconds> retry_after, bool unsure) {
        if (unsure) ++slot.unsure_attempts;
        if (slot.attempts >= policy.max_attempts ||
            (unsure && slot.unsure_attempts >= policy.max_connect_attempts)) {
          err.message += " (gave up after " + std::to_string(slot.attempts) + " attempts)";
          return finish(api_fail(std::move(err)));
        }
        auto d = delay(slot.attempts, retry_after);
        if (now + d > slot.deadline) {
          err.message += " (gave up after " + std::to_string(slot.attempts) +
                         " attempts: the request deadline of " + millis(opts_.request_deadline) +
                         " would pass)";
          return finish(api_fail(std::move(err)));
        }
        logger_.log(2, std::string("retrying ") + http_method(sent.verb) + " " + sent.path + " in " +
                           millis(d) + ": " + to_string(err.kind) +
                           (err.http_status ? " (HTTP " + std::to_string(err.http_status) + ")" : "") +
                           (err.message.empty() ? "" : ": " + err.message));
        slot.next = now + d;
      };

      if (!at.response) {
        ApiError err = std::move(at.error);
        if (at.retry == RetryClass::Never) {
          finish(api_fail(std::move(err)));
          continue;
        }
        if (at.maybe_sent) slot.lost = true;
        if (!was_reread && at.maybe_sent && !is_idempotent(req.verb)) {
          // A write whose answer was lost is read back before it is sent again.
          if (req.object_path.empty()) {
            err.hint = "the object has no name (generateName), so whether it was created cannot "
                       "be checked; look for it before trying again";
            finish(api_fail(std::move(err)));
            continue;
          }
          slot.reread = true;
        }
        retry(std::move(err), std::nullopt, at.retry == RetryClass::Connect);
        continue;
      }

      Response& resp = *at.response;
      int s = resp.status;
      if (was_reread && (s == 200 || s == 404)) {
        slot.reread = false;
        if (req.verb == Verb::Create) {
          if (s == 200) {
            logger_.log(2, "the answer to POST " + req.path + " was lost; the object exists, so it was created");
            resp.status = 201;
            finish(std::move(resp));
          } else {
            slot.next = now;  // it was not created: send it again
          }
        } else {  // Update
          auto live = k8s::parse_json("response", resp.body);
          auto mine = k8s::parse_json("request", req.body);
          std::string live_rv = live ? k8s::string_at(*live, "/metadata/resourceVersion") : "";
          std::string sent_rv = mine ? k8s::string_at(*mine, "/metadata/resourceVersion") : "";
          if (s == 200 && (sent_rv.empty() || live_rv == sent_rv)) {
            slot.next = now;  // unchanged: the update did not happen; send it again
          } else {
            ApiError e = from_response(s == 404 ? 404 : 409, "", to_string(req.verb), req.path);
            e.message = s == 404 ? "the answer to this update was lost and the object is gone"
                                 : "the answer to this update was lost and the object has changed "
                                   "since (resourceVersion " + sent_rv + " -> " + live_rv + ")";
            e.hint = "read it again to see whether the change is there";
            finish(api_fail(std::move(e)));
          }
        }
        continue;
      }
      if (s >= 200 && s < 300) {
        finish(std::move(resp));
        continue;
      }
      ApiError err = from_response(s, resp.body, to_string(sent.verb), sent.path);
      if (s == 401 && !slot.auth_refreshed && credentials_.refreshable()) {
        credentials_.invalidate();  // a rotated token or an expired exec credential
        slot.auth_refreshed = true;
        slot.next = now;
        continue;
      }
      if (!was_reread && slot.lost && req.verb == Verb::Delete && s == 404) {
        finish(Response{200, "", "", std::nullopt, {}});  // the lost try deleted it
        continue;
      }
      if (!was_reread && slot.lost && req.verb == Verb::Create && err.kind == ApiErrorKind::AlreadyExists) {
        slot.reread = true;  // the lost try created it: read it back
        slot.next = now;
        continue;
      }
      // 429 always; 5xx when the server asks for a retry (Retry-After) or is a gateway or an
      // overloaded server (502, 503, 504); a plain 500 is an answer, not a hiccup.
      bool transient_5xx = s >= 500 && err.kind != ApiErrorKind::Invalid &&
                           (resp.retry_after || s == 502 || s == 503 || s == 504);
      if (s == 429) {
        retry(std::move(err), resp.retry_after, false);
      } else if (transient_5xx) {
        if (!is_idempotent(req.verb) && !was_reread) {
          slot.lost = true;
          slot.reread = true;
        }
        retry(std::move(err), resp.retry_after, false);
      } else {
        finish(api_fail(std::move(err)));
      }
    }
  }

  std::vector<ApiResult<Response>> out;
  out.reserve(slots.size());
  for (auto& s : slots) out.push_back(std::move(*s.result));
  return out;
}

}  // namespace vsctl::kube
