#pragma once
// One HTTP request to the API server and its response, below the typed operations.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vsctl::kube {

// Kubernetes verbs (as RBAC names them); each has one HTTP method.
enum class Verb { Get, List, Watch, Create, Update, Patch, Delete };

const char* to_string(Verb v);    // "get", "list", ...
const char* http_method(Verb v);  // "GET", "POST", ...

// Whether sending the request twice has the effect of sending it once. Create and Update are
// not: when their response is lost, the client re-reads the object before anything else.
bool is_idempotent(Verb v);

inline constexpr std::string_view kJson = "application/json";
inline constexpr std::string_view kApplyPatch = "application/apply-patch+yaml";

struct Request {
  Verb verb = Verb::Get;
  std::string path;  // "/api/v1/namespaces/shop/configmaps"
  std::vector<std::pair<std::string, std::string>> query;
  std::string body;
  std::string content_type;  // default application/json when there is a body
  std::string accept = std::string(kJson);
  // Create and Update: the object's own path, read back when a response was lost.
  std::string object_path;
};

struct Response {
  int status = 0;
  std::string body;
  std::string content_type;
  std::optional<std::chrono::seconds> retry_after;
  std::vector<std::string> warnings;  // Warning headers (deprecations)
};

// Percent-encoding of a query value or path segment (RFC 3986 unreserved characters kept).
std::string url_encode(std::string_view s);
// "?a=1&b=x%20y", or "" for no parameters.
std::string query_string(const std::vector<std::pair<std::string, std::string>>& query);

}  // namespace vsctl::kube
