#include "kube/api_error.h"

#include "k8s/json.h"

namespace vsctl::kube {

const char* to_string(ApiErrorKind kind) {
  switch (kind) {
    case ApiErrorKind::NotFound: return "not found";
    case ApiErrorKind::AlreadyExists: return "already exists";
    case ApiErrorKind::Conflict: return "conflict";
    case ApiErrorKind::FieldManagerConflict: return "field manager conflict";
    case ApiErrorKind::Invalid: return "invalid";
    case ApiErrorKind::BadRequest: return "bad request";
    case ApiErrorKind::Unauthorized: return "unauthorized";
    case ApiErrorKind::Forbidden: return "forbidden";
    case ApiErrorKind::Throttled: return "throttled";
    case ApiErrorKind::ServerError: return "server error";
    case ApiErrorKind::Gone: return "gone";
    case ApiErrorKind::Transport: return "transport error";
    case ApiErrorKind::Timeout: return "timeout";
    case ApiErrorKind::Config: return "configuration error";
  }
  return "error";
}

ApiErrorKind kind_of_status(int s) {
  switch (s) {
    case 400: return ApiErrorKind::BadRequest;
    case 401: return ApiErrorKind::Unauthorized;
    case 403: return ApiErrorKind::Forbidden;
    case 404: return ApiErrorKind::NotFound;
    case 409: return ApiErrorKind::Conflict;
    case 410: return ApiErrorKind::Gone;
    case 422: return ApiErrorKind::Invalid;
    case 429: return ApiErrorKind::Throttled;
    case 504: return ApiErrorKind::Timeout;
    default: break;
  }
  if (s >= 500) return ApiErrorKind::ServerError;
  return ApiErrorKind::BadRequest;
}

namespace {

std::string default_hint(const ApiError& e) {
  switch (e.kind) {
    case ApiErrorKind::Unauthorized:
      return "the credentials were refused: check the kubeconfig user's token, certificate or "
             "exec plugin";
    case ApiErrorKind::Forbidden:
      return "the user may not " + e.verb + " here: grant it with RBAC or use another context";
    case ApiErrorKind::FieldManagerConflict:
      return "another field manager owns these fields: apply with force to take them over";
    case ApiErrorKind::Conflict:
      return "the object changed since it was read: read it again and retry";
    case ApiErrorKind::Throttled:
      return "the API server is throttling requests (API Priority and Fairness): run again later, or ask its "
             "administrator for a larger priority level for this user";
    case ApiErrorKind::ServerError:
      if (e.status_body && e.http_status == 500)
        return "the API server refused this request for the reason above: fix that (it will not pass by itself) and run again";
      return "the API server failed: check its health and retry";
    case ApiErrorKind::Gone:
      return "the resourceVersion is too old: list again and watch from the new one";
    case ApiErrorKind::Invalid:
      return "fix the object so the API server accepts it";
    default:
      return "";
  }
}

}  // namespace

ApiError from_response(int http_status, std::string_view body, std::string verb, std::string path) {
  ApiError e;
  e.http_status = http_status;
  e.kind = kind_of_status(http_status);
  e.verb = std::move(verb);
  e.path = std::move(path);
  auto parsed = k8s::parse_json("response", body);
  bool is_status = parsed && parsed->is_object() && k8s::string_at(*parsed, "/kind") == "Status";
  if (is_status) {
    e.status_body = true;
    const auto& s = *parsed;
    e.reason = k8s::string_at(s, "/reason");
    e.message = k8s::string_at(s, "/message");
    if (const auto* causes = k8s::find(s, "/details/causes"); causes && causes->is_array()) {
      for (const auto& c : *causes) {
        e.causes.push_back(
            Cause{k8s::string_at(c, "/reason"), k8s::string_at(c, "/field"), k8s::string_at(c, "/message")});
      }
    }
  } else {
    std::string text(body.substr(0, 512));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    e.message = text.empty() ? "HTTP " + std::to_string(http_status) : text;
  }
  if (http_status == 409) {
    if (e.reason == "AlreadyExists") {
      e.kind = ApiErrorKind::AlreadyExists;
    } else {
      for (const auto& c : e.causes) {
        if (c.type == "FieldManagerConflict") e.kind = ApiErrorKind::FieldManagerConflict;
      }
    }
  }
  if (e.reason == "Expired" || e.reason == "Gone") e.kind = ApiErrorKind::Gone;
  // Server-side apply reports an object that does not fit the schema as a 500.
  if (http_status == 500 && e.message.starts_with("failed to create typed patch object")) {
    e.kind = ApiErrorKind::Invalid;
  }
  e.hint = default_hint(e);
  return e;
}

bool is_retryable(ApiErrorKind kind) {
  switch (kind) {
    case ApiErrorKind::Throttled:
    case ApiErrorKind::ServerError:
    case ApiErrorKind::Transport:
    case ApiErrorKind::Timeout:
      return true;
    default:
      return false;
  }
}

bool is_outage(const ApiError& e) {
  if (e.kind == ApiErrorKind::ServerError) return !(e.http_status == 500 && e.status_body);
  return is_retryable(e.kind);
}

std::string describe(const ApiError& e) {
  std::string out;
  if (!e.verb.empty() || !e.path.empty()) {
    out += e.verb;
    if (!e.path.empty()) {
      if (!out.empty()) out += ' ';
      out += e.path;
    }
    out += ": ";
  }
  out += to_string(e.kind);
  if (e.http_status != 0) out += " (HTTP " + std::to_string(e.http_status) + ")";
  if (!e.message.empty()) out += ": " + e.message;
  std::size_t shown = 0;
  for (const auto& c : e.causes) {
    if (shown == 8) {
      out += "; and " + std::to_string(e.causes.size() - shown) + " more causes";
      break;
    }
    // The server's message usually repeats the causes; keep those it does not.
    std::string cause = c.field.empty() ? c.message : c.field + ": " + c.message;
    if (!c.message.empty() && e.message.find(c.message) == std::string::npos) {
      out += "; " + cause;
    }
    ++shown;
  }
  if (!e.hint.empty()) out += "; " + e.hint;
  return out;
}

util::Error to_error(const ApiError& e) {
  return util::Error{util::ErrorKind::Cluster, describe(e)};
}

}  // namespace vsctl::kube
