#include "manifest/reader.h"

#include <cctype>
#include <charconv>

#include "util/strings.h"

namespace vsctl::manifest {

bool Reader::is_map(const yaml::Node* n, std::string_view what) {
  if (!n || n->resolves_null()) return false;
  if (n->is_map()) return true;
  error(*n, "wrong-type", std::string(what) + " must be a map, not " + yaml::describe(*n));
  return false;
}

bool Reader::is_seq(const yaml::Node* n, std::string_view what) {
  if (!n || n->resolves_null()) return false;
  if (n->is_seq()) return true;
  error(*n, "wrong-type", std::string(what) + " must be a list, not " + yaml::describe(*n));
  return false;
}

void Reader::known_fields(const yaml::Node& map, std::span<const std::string> known, std::string_view what) {
  for (const auto& [k, v] : map.entries) {
    if (!k->is_scalar()) continue;
    bool ok = false;
    for (const auto& f : known) ok = ok || f == k->value;
    if (!ok) {
      error(*k, "unknown-field",
            "unknown field " + util::quote(k->value) + " in " + std::string(what) + util::did_you_mean(k->value, known));
    }
  }
}

void Reader::required_fields(const yaml::Node& map, std::span<const std::string> required, std::string_view what) {
  for (const auto& f : required) {
    const yaml::Node* v = map.get(f);
    if (!v || v->resolves_null()) error(map, "missing-field", std::string(what) + " needs the field " + util::quote(f));
  }
}

std::optional<std::string> Reader::str(const yaml::Node* n, std::string_view what) {
  if (!n || n->resolves_null()) return std::nullopt;
  if (!n->is_scalar()) {
    error(*n, "wrong-type", std::string(what) + " must be a string, not " + yaml::describe(*n));
    return std::nullopt;
  }
  return n->value;
}

std::optional<long long> Reader::integer(const yaml::Node* n, std::string_view what, long long lo, long long hi) {
  auto s = str(n, what);
  if (!s) return std::nullopt;
  long long v = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || p != s->data() + s->size()) {
    error(*n, "wrong-type", std::string(what) + " must be a whole number, not " + util::quote(*s));
    return std::nullopt;
  }
  if (v < lo || v > hi) {
    error(*n, "out-of-range",
          std::string(what) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", not " + *s);
    return std::nullopt;
  }
  return v;
}

std::optional<bool> Reader::boolean(const yaml::Node* n, std::string_view what) {
  auto s = str(n, what);
  if (!s) return std::nullopt;
  if (*s == "true" || *s == "True" || *s == "TRUE") return true;
  if (*s == "false" || *s == "False" || *s == "FALSE") return false;
  error(*n, "wrong-type", std::string(what) + " must be true or false, not " + util::quote(*s));
  return std::nullopt;
}

std::optional<long long> parse_duration_ms(std::string_view t) {
  if (t.empty() || t.size() > 32) return std::nullopt;
  long long total_ms = 0;
  std::size_t i = 0;
  while (i < t.size()) {
    std::size_t start = i;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
    if (i == start) return std::nullopt;
    long long n = 0;
    std::from_chars(t.data() + start, t.data() + i, n);
    if (i - start > 9 || n > 100'000'000) return std::nullopt;
    std::size_t ustart = i;
    while (i < t.size() && std::isalpha(static_cast<unsigned char>(t[i]))) ++i;
    std::string_view unit = t.substr(ustart, i - ustart);
    if (unit == "ms") total_ms += n;
    else if (unit == "s") total_ms += n * 1000;
    else if (unit == "m") total_ms += n * 60'000;
    else if (unit == "h") total_ms += n * 3'600'000;
    else return std::nullopt;
  }
  return total_ms;
}

std::optional<long long> parse_duration_s(std::string_view t) {
  if (t.empty() || t.size() > 32) return std::nullopt;
  bool all_digits = true;
  for (char c : t) all_digits = all_digits && std::isdigit(static_cast<unsigned char>(c));
  if (all_digits) {
    long long v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc()) return std::nullopt;
    return v;
  }
  auto ms = parse_duration_ms(t);
  if (!ms) return std::nullopt;
  return (*ms + 999) / 1000;
}

std::optional<int> Reader::seconds(const yaml::Node* n, std::string_view what) {
  auto s = str(n, what);
  if (!s) return std::nullopt;
  auto v = parse_duration_s(*s);
  if (!v || *v > 86400 * 7) {
    error(*n, "bad-duration",
          std::string(what) + " must be a duration such as 30s, 5m or 1h30m (at most a week), not " + util::quote(*s));
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

std::vector<std::string> Reader::str_list(const yaml::Node* n, std::string_view what) {
  std::vector<std::string> out;
  if (!is_seq(n, what)) return out;
  for (const yaml::Node* item : n->items) {
    if (item->resolves_null()) {
      error(*item, "wrong-type", std::string(what) + " must not contain null items");
      continue;
    }
    if (auto s = str(item, std::string(what) + " items")) out.push_back(*s);
  }
  return out;
}

std::map<std::string, std::string> Reader::str_map(const yaml::Node* n, std::string_view what) {
  std::map<std::string, std::string> out;
  if (!is_map(n, what)) return out;
  for (const auto& [k, v] : n->entries) {
    if (!k->is_scalar()) continue;
    auto s = str(v, std::string(what) + "." + k->value);
    out[k->value] = s.value_or("");
  }
  return out;
}

std::optional<std::string> Reader::one_of(const yaml::Node* n, std::string_view what,
                                          std::span<const std::string> choices) {
  auto s = str(n, what);
  if (!s) return std::nullopt;
  for (const auto& c : choices)
    if (c == *s) return s;
  error(*n, "bad-value",
        std::string(what) + " must be one of " + util::join(choices, ", ") + ", not " + util::quote(*s) +
            util::did_you_mean(*s, choices));
  return std::nullopt;
}

namespace {
bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
}  // namespace

bool is_dns1123_label(std::string_view s) {
  if (s.empty() || s.size() > 63) return false;
  if (!lower_alnum(s.front()) || !lower_alnum(s.back())) return false;
  for (char c : s)
    if (!lower_alnum(c) && c != '-') return false;
  return true;
}

bool is_dns1035_label(std::string_view s) {
  return is_dns1123_label(s) && s.front() >= 'a' && s.front() <= 'z';
}

bool is_dns1123_subdomain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  for (const auto& part : util::split(s, '.'))
    if (!is_dns1123_label(part)) return false;
  return true;
}

bool is_env_var_name(std::string_view s) {
  if (s.empty() || s.size() > 256) return false;
  if (std::isdigit(static_cast<unsigned char>(s.front()))) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') return false;
  return true;
}

}  // namespace vsctl::manifest
