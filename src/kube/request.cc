#include "kube/request.h"

#include "util/printable.h"

namespace vsctl::kube {

const char* to_string(Verb v) {
  switch (v) {
    case Verb::Get: return "get";
    case Verb::List: return "list";
    case Verb::Watch: return "watch";
    case Verb::Create: return "create";
    case Verb::Update: return "update";
    case Verb::Patch: return "patch";
    case Verb::Delete: return "delete";
  }
  return "get";
}

const char* http_method(Verb v) {
  switch (v) {
    case Verb::Get:
    case Verb::List:
    case Verb::Watch: return "GET";
    case Verb::Create: return "POST";
    case Verb::Update: return "PUT";
    case Verb::Patch: return "PATCH";
    case Verb::Delete: return "DELETE";
  }
  return "GET";
}

bool is_idempotent(Verb v) { return v != Verb::Create && v != Verb::Update; }

std::string url_encode(std::string_view s) { return util::percent_encode(s); }

std::string query_string(const std::vector<std::pair<std::string, std::string>>& query) {
  std::string out;
  for (const auto& [k, v] : query) {
    out += out.empty() ? '?' : '&';
    out += url_encode(k);
    out += '=';
    out += url_encode(v);
  }
  return out;
}

}  // namespace vsctl::kube
