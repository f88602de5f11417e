#pragma once
// Errors of the Kubernetes API, as kinds callers act on: retry Conflict, Throttled, Transport;
// never retry Invalid or Forbidden. "Not found" from GET is an empty optional, not an error.
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "util/error.h"

namespace vsctl::kube {

enum class ApiErrorKind {
  NotFound,              // 404
  AlreadyExists,         // 409, reason AlreadyExists
  Conflict,              // 409: stale resourceVersion, a lost race
  FieldManagerConflict,  // 409 from server-side apply: another manager owns the fields
  Invalid,               // 422
  BadRequest,            // 400, 405, 406, 413, 415 and other 4xx
  Unauthorized,          // 401
  Forbidden,             // 403
  Throttled,             // 429
  ServerError,           // 5xx
  Gone,                  // 410: resourceVersion too old; re-LIST
  Transport,             // no HTTP response: refused, reset, TLS, DNS
  Timeout,               // the request or its deadline ran out
  Config,                // kubeconfig or credentials unusable (no request was sent)
};

const char* to_string(ApiErrorKind kind);

struct Cause {
  std::string type;     // "FieldManagerConflict", "FieldValueInvalid", ...
  std::string field;    // ".spec.replicas"
  std::string message;  // "conflict with \"kubectl-edit\" using apps/v1"
};

struct ApiError {
  ApiErrorKind kind = ApiErrorKind::Transport;
  int http_status = 0;  // 0 when there was no HTTP response
  std::string reason;   // the Status reason, e.g. "Conflict", "Forbidden"
  std::string message;  // the server's message, or what went wrong in transport
  std::vector<Cause> causes;
  std::string verb;  // Kubernetes verb: get, list, watch, create, update, patch, delete
  std::string path;  // the API path, e.g. /apis/apps/v1/namespaces/shop/deployments/cart
  std::string hint;  // what to do about it, when known
  bool status_body = false;  // the server answered with a Status object (an answer, not an outage)
};

template <class T>
using ApiResult = tl::expected<T, ApiError>;

inline tl::unexpected<ApiError> api_fail(ApiError e) { return tl::unexpected<ApiError>(std::move(e)); }

// Kind of an HTTP status without a body (or with one that says nothing more).
ApiErrorKind kind_of_status(int http_status);

// An ApiError from an HTTP error response: parses a Kubernetes Status body when there is one
// (reason, message, details.causes) and keeps the raw text otherwise.
ApiError from_response(int http_status, std::string_view body, std::string verb, std::string path);

// Whether a request that failed this way may be sent again (for writes, see the client's
// rule about lost responses).
bool is_retryable(ApiErrorKind kind);
// Whether the error says the API server is away (no connection, a timeout, 429, 502/503/504, a
// 5xx that is not the server's own Status) rather than answering: worth waiting for. A 500 with
// a Status body ("failed to allocate a serviceIP: range is full") is an answer, not an outage.
bool is_outage(const ApiError& e);

// One line: "patch /apis/apps/v1/...: forbidden: <server message> (cause: ...); <hint>".
std::string describe(const ApiError& e);

// As a util::Error of kind Cluster (exit 5).
util::Error to_error(const ApiError& e);

// Lifts an ApiResult into a util::Result.
template <class T>
util::Result<T> to_result(ApiResult<T> r) {
  if (r) return std::move(*r);
  return tl::unexpected<util::Error>(to_error(r.error()));
}

}  // namespace vsctl::kube
