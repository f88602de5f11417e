#include "kube/redact.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include "k8s/json.h"

namespace vsctl::kube {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool is_credential_field(std::string_view key) {
  static constexpr std::string_view kFields[] = {
      "token", "clientKeyData", "client-key-data", "password", "access-token", "id-token",
      "refresh-token"};
  return std::any_of(std::begin(kFields), std::end(kFields), [&](std::string_view f) { return key == f; });
}

void mask_values(k8s::Json& map) {
  if (map.is_object()) {
    for (auto& [k, v] : map.items()) v = kRedacted;
  } else if (!map.is_null()) {
    map = kRedacted;
  }
}

// `secret_context`: the object is known to be a Secret (an item of a SecretList, whose items
// carry no kind).
void walk(k8s::Json& j, bool secret_context) {
  if (j.is_array()) {
    for (auto& item : j) walk(item, secret_context);
    return;
  }
  if (!j.is_object()) return;
  std::string kind = k8s::string_at(j, "/kind");
  bool is_secret = secret_context || kind == "Secret";
  bool is_secret_list = kind == "SecretList";
  for (auto& [key, value] : j.items()) {
    if (is_secret && (key == "data" || key == "stringData")) {
      mask_values(value);
    } else if (is_credential_field(key) && value.is_string()) {
      value = kRedacted;
    } else if (key == "items" && is_secret_list) {
      walk(value, true);
    } else if (key == "metadata" && is_secret) {
      // last-applied annotations of a Secret carry its data in clear.
      if (auto it = value.find("annotations"); it != value.end() && it->is_object()) {
        for (auto& [ak, av] : it->items()) {
          if (ak == "kubectl.kubernetes.io/last-applied-configuration") av = kRedacted;
        }
      }
      // managedFields name keys, not values: keep them.
    } else {
      walk(value, false);
    }
  }
}

}  // namespace

std::string redact_header(std::string_view name, std::string_view value) {
  if (iequals(name, "Authorization") || iequals(name, "Proxy-Authorization") ||
      iequals(name, "Cookie") || iequals(name, "Set-Cookie") || iequals(name, "X-Auth-Token")) {
    auto space = value.find(' ');
    std::string scheme = space == std::string_view::npos ? "" : std::string(value.substr(0, space + 1));
    return std::string(name) + ": " + scheme + std::string(kRedacted);
  }
  return std::string(name) + ": " + std::string(value);
}

std::string redact_body(std::string_view body, std::size_t max_bytes) {
  if (body.empty()) return "";
  k8s::Json j = k8s::Json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded()) {
    // Watch streams: one JSON document per line.
    if (body.find('\n') != std::string_view::npos && body.front() == '{') {
      std::string out;
      std::size_t pos = 0;
      while (pos < body.size()) {
        auto nl = body.find('\n', pos);
        auto line = body.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        if (!line.empty()) {
          out += redact_body(line, max_bytes);
          out += '\n';
        }
        if (nl == std::string_view::npos) break;
        pos = nl + 1;
      }
      return out;
    }
    return "<" + std::to_string(body.size()) + " bytes, not JSON, not shown>";
  }
  walk(j, false);
  std::string out = k8s::dump(j);
  if (out.size() > max_bytes) {
    out.resize(max_bytes);
    out += "... (" + std::to_string(body.size()) + " bytes)";
  }
  return out;
}

namespace {

std::string redact_line(const std::string& line) {
  auto brace = line.find_first_not_of(" \t");
  if (brace != std::string::npos && line[brace] == '{') {
    k8s::Json j = k8s::Json::parse(line.begin() + static_cast<std::ptrdiff_t>(brace), line.end(), nullptr, false);
    if (!j.is_discarded() && j.is_object()) {
      walk(j, false);
      // the credential fields a body has, and the words a log uses for them
      for (auto& [key, value] : j.items()) {
        static const std::regex kKey("pass(word|wd)?|secret|token|api[-_]?key|authorization|credentials?", std::regex::icase);
        if (value.is_string() && std::regex_search(key, kKey)) value = kRedacted;
      }
      return line.substr(0, brace) + k8s::dump(j);
    }
  }
  static const std::regex kAssign(
      R"(((pass(word|wd)?|secret|token|api[-_]?key|credentials?)["']?\s*[:=]\s*["']?)[^\s"',;&]+)", std::regex::icase);
  static const std::regex kBearer(R"((bearer|basic)\s+[A-Za-z0-9._~+/=-]+)", std::regex::icase);
  static const std::regex kUrl(R"((://[^:/@\s]+:)[^@/\s]+@)");
  std::string out = std::regex_replace(line, kAssign, "$1" + std::string(kRedacted));
  out = std::regex_replace(out, kBearer, "$1 " + std::string(kRedacted));
  return std::regex_replace(out, kUrl, "$1" + std::string(kRedacted) + "@");
}

}  // namespace

std::string redact_text(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    std::string line(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    out += redact_line(line);
    if (nl == std::string_view::npos) break;
    out += '\n';
    pos = nl + 1;
  }
  return out;
}

}  // namespace vsctl::kube
