#include "yaml/json.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace vsctl::yaml {

namespace {

bool is_int(std::string_view s, long long& out) {
  if (s.empty()) return false;
  std::string_view digits = s;
  int base = 10;
  bool neg = false;
  if (digits[0] == '-' || digits[0] == '+') {
    neg = digits[0] == '-';
    digits.remove_prefix(1);
  }
  if (digits.substr(0, 2) == "0x") {
    base = 16;
    digits.remove_prefix(2);
  } else if (digits.substr(0, 2) == "0o") {
    base = 8;
    digits.remove_prefix(2);
  }
  if (digits.empty()) return false;
  unsigned long long v = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v, base);
  if (ec != std::errc() || p != digits.data() + digits.size()) return false;
  if (v > static_cast<unsigned long long>(INT64_MAX)) return false;
  out = neg ? -static_cast<long long>(v) : static_cast<long long>(v);
  return true;
}

bool is_float(std::string_view s, double& out) {
  // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t e = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++e;
    if (e == 0) return false;
  }
  if (i != s.size()) return false;
  out = std::strtod(std::string(s).c_str(), nullptr);
  return std::isfinite(out);
}

}  // namespace

Json resolve_scalar(const Node& n) {
  if (n.resolves_null()) return nullptr;
  const std::string& v = n.value;
  if (!n.plain) {
    // an explicit core-schema tag types the scalar as it says (`!!float 5` is 5.0, not "5")
    if (n.tag == "tag:yaml.org,2002:int") {
      long long i = 0;
      if (is_int(v, i)) return i;
    } else if (n.tag == "tag:yaml.org,2002:float") {
      double d = 0;
      if (is_float(v, d)) return d;
    } else if (n.tag == "tag:yaml.org,2002:bool") {
      if (v == "true" || v == "True" || v == "TRUE") return true;
      if (v == "false" || v == "False" || v == "FALSE") return false;
    } else if (n.tag == "tag:yaml.org,2002:null") {
      if (v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL") return nullptr;
    }
    return v;
  }
  if (v == "true" || v == "True" || v == "TRUE") return true;
  if (v == "false" || v == "False" || v == "FALSE") return false;
  long long i = 0;
  if (is_int(v, i)) return i;
  double d = 0;
  if (is_float(v, d)) return d;
  return v;
}

tl::expected<Json, util::Diagnostic> to_json(const Node& n, std::string_view source, std::size_t& budget) {
  if (budget == 0) {
    return tl::unexpected(util::Diagnostic{util::Severity::Error, {std::string(source), n.line, n.col},
                                           "too many YAML nodes (aliases expand past the limit)", "yaml-limit"});
  }
  --budget;
  switch (n.kind) {
    case Kind::Null: return Json(nullptr);
    case Kind::Scalar: return resolve_scalar(n);
    case Kind::Sequence: {
      Json arr = Json::array();
      for (const Node* item : n.items) {
        auto v = to_json(*item, source, budget);
        if (!v) return v;
        arr.push_back(std::move(*v));
      }
      return arr;
    }
    case Kind::Map: {
      Json obj = Json::object();
      for (const auto& [k, val] : n.entries) {
        if (k->kind != Kind::Scalar) continue;  // reported by the parser
        auto v = to_json(*val, source, budget);
        if (!v) return v;
        obj[k->value] = std::move(*v);
      }
      return obj;
    }
  }
  return Json(nullptr);
}

}  // namespace vsctl::yaml
