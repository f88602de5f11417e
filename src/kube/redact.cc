#include "kube/redact.h"

#include <algorithm>
#include <cctype>

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

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Whether `s` at `i` starts with `word` (lower-case), ignoring case.
bool word_at(std::string_view s, std::size_t i, std::string_view word) {
  if (i + word.size() > s.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k)
    if (lower(s[i + k]) != word[k]) return false;
  return true;
}

// The words logs use for credentials, longest first where one begins another.
constexpr std::string_view kWords[] = {"password", "passwd", "pass", "secret", "token",
                                       "apikey",   "api-key", "api_key", "credentials", "credential"};

// The length of the credential word at `i`, or 0.
std::size_t credential_word(std::string_view s, std::size_t i) {
  for (auto w : kWords)
    if (word_at(s, i, w)) return w.size();
  return 0;
}

bool names_credential(std::string_view key) {
  for (std::size_t i = 0; i < key.size(); ++i)
    if (credential_word(key, i) || word_at(key, i, "authorization")) return true;
  return false;
}

// WORD["']? *[:=] *["']?VALUE -> the value redacted (password=x, DB_PASSWORD: 'x', api_key=x&...).
std::string redact_assignments(std::string_view line) {
  std::string out;
  std::size_t i = 0, copied = 0;
  while (i < line.size()) {
    std::size_t len = credential_word(line, i);
    if (!len) {
      ++i;
      continue;
    }
    std::size_t j = i + len;
    if (j < line.size() && (line[j] == '"' || line[j] == '\'')) ++j;
    while (j < line.size() && is_space(line[j])) ++j;
    if (j >= line.size() || (line[j] != ':' && line[j] != '=')) {
      i += len;
      continue;
    }
    ++j;
    while (j < line.size() && is_space(line[j])) ++j;
    if (j < line.size() && (line[j] == '"' || line[j] == '\'')) ++j;
    std::size_t v = j;
    while (v < line.size() && !is_space(line[v]) && line[v] != '"' && line[v] != '\'' && line[v] != ',' && line[v] != ';' &&
           line[v] != '&')
      ++v;
    if (v == j) {
      i = j;
      continue;
    }
    out.append(line.substr(copied, j - copied)).append(kRedacted);
    copied = i = v;
  }
  return out.append(line.substr(copied));
}

// "Bearer TOKEN" / "Basic CREDENTIALS" (8 characters or more) -> the credential redacted.
std::string redact_schemes(std::string_view line) {
  auto token_char = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '~' ||
           c == '+' || c == '/' || c == '=' || c == '-';
  };
  std::string out;
  std::size_t i = 0, copied = 0;
  while (i < line.size()) {
    std::size_t len = word_at(line, i, "bearer") ? 6 : word_at(line, i, "basic") ? 5 : 0;
    std::size_t j = i + len, v = j;
    while (len && v < line.size() && is_space(line[v])) ++v;
    std::size_t t = v;
    while (len && v > j && t < line.size() && token_char(line[t])) ++t;
    bool boundary = i == 0 || !token_char(line[i - 1]);
    if (!len || !boundary || v == j || t - v < 8) {  // a credential is long; "a basic example" is prose
      i += len ? len : 1;
      continue;
    }
    out.append(line.substr(copied, j - copied)).append(" ").append(kRedacted);
    copied = i = t;
  }
  return out.append(line.substr(copied));
}

// scheme://USER:PASSWORD@host -> the password redacted.
std::string redact_url_passwords(std::string_view line) {
  std::string out;
  std::size_t copied = 0;
  for (std::size_t i = line.find("://"); i != std::string_view::npos; i = line.find("://", i + 3)) {
    std::size_t u = i + 3, p = u;
    while (p < line.size() && line[p] != ':' && line[p] != '/' && line[p] != '@' && !is_space(line[p])) ++p;
    if (p == u || p >= line.size() || line[p] != ':') continue;
    std::size_t e = p + 1;
    while (e < line.size() && line[e] != '@' && line[e] != '/' && !is_space(line[e])) ++e;
    if (e == p + 1 || e >= line.size() || line[e] != '@') continue;
    out.append(line.substr(copied, p + 1 - copied)).append(kRedacted);
    copied = e;
  }
  return out.append(line.substr(copied));
}

std::string redact_line(const std::string& line) {
  auto brace = line.find_first_not_of(" \t");
  if (brace != std::string::npos && line[brace] == '{') {
    k8s::Json j = k8s::Json::parse(line.begin() + static_cast<std::ptrdiff_t>(brace), line.end(), nullptr, false);
    if (!j.is_discarded() && j.is_object()) {
      walk(j, false);
      // the credential fields a body has, and the words a log uses for them
      for (auto& [key, value] : j.items())
        if (value.is_string() && names_credential(key)) value = kRedacted;
      return line.substr(0, brace) + k8s::dump(j);
    }
  }
  return redact_url_passwords(redact_schemes(redact_assignments(line)));
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
