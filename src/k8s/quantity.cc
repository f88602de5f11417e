#include "k8s/quantity.h"

#include <cctype>
#include <cmath>
#include <string>

namespace vsctl::k8s {

std::optional<long double> parse_quantity_milli(std::string_view s) {
  if (s.empty() || s.size() > 64) return std::nullopt;
  std::size_t i = 0;
  if (s[i] == '+' || s[i] == '-') ++i;
  std::size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  if (digits == 0) return std::nullopt;
  long double number = std::stold(std::string(s.substr(0, i)));
  std::string_view suffix = s.substr(i);
  long double factor = 1;
  struct Suffix {
    std::string_view text;
    long double factor;
  };
  static constexpr Suffix kSuffixes[] = {
      {"", 1},          {"n", 1e-9},      {"u", 1e-6},      {"m", 1e-3},      {"k", 1e3},
      {"M", 1e6},       {"G", 1e9},       {"T", 1e12},      {"P", 1e15},      {"E", 1e18},
      {"Ki", 1024.0L},  {"Mi", 1048576.0L}, {"Gi", 1073741824.0L}, {"Ti", 1099511627776.0L},
      {"Pi", 1125899906842624.0L}, {"Ei", 1152921504606846976.0L}};
  bool found = false;
  for (const auto& sfx : kSuffixes) {
    if (suffix == sfx.text) {
      factor = sfx.factor;
      found = true;
      break;
    }
  }
  if (!found) {
    // decimal exponent: e3, E-2
    if (suffix.size() < 2 || (suffix[0] != 'e' && suffix[0] != 'E')) return std::nullopt;
    std::size_t j = 1;
    if (suffix[j] == '+' || suffix[j] == '-') ++j;
    if (j >= suffix.size()) return std::nullopt;
    for (std::size_t k = j; k < suffix.size(); ++k)
      if (!std::isdigit(static_cast<unsigned char>(suffix[k]))) return std::nullopt;
    if (suffix.size() - j > 3) return std::nullopt;
    factor = std::pow(10.0L, std::stold(std::string(suffix.substr(1))));
  }
  long double v = number * factor * 1000.0L;
  if (!std::isfinite(v) || std::fabs(v) > 9.2e21L) return std::nullopt;
  return v;
}

}  // namespace vsctl::k8s

namespace vsctl::k8s {

std::optional<std::int64_t> quantity_milli(std::string_view s) {
  // exact: a rational number num/den in integers, rounded up once at the end
  __extension__ typedef __int128 Wide;
  if (s.empty() || s.size() > 64 || s[0] == '-') return std::nullopt;
  std::size_t i = s[0] == '+' ? 1 : 0;
  Wide num = 0, den = 1;
  std::size_t digits = 0;
  bool point = false;
  for (; i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || (s[i] == '.' && !point)); ++i) {
    if (s[i] == '.') {
      point = true;
      continue;
    }
    if (++digits > 24) return std::nullopt;
    num = num * 10 + (s[i] - '0');
    if (point) den *= 10;
  }
  if (digits == 0) return std::nullopt;
  auto pow10 = [](int e) {
    Wide p = 1;
    while (e-- > 0) p *= 10;
    return p;
  };
  std::string_view suffix = s.substr(i);
  struct Suffix {
    std::string_view text;
    int ten;    // power of ten (negative: divides)
    int two;    // power of two
  };
  static constexpr Suffix kSuffixes[] = {{"", 0, 0},    {"n", -9, 0},  {"u", -6, 0},  {"m", -3, 0},  {"k", 3, 0},   {"M", 6, 0},
                                         {"G", 9, 0},   {"T", 12, 0},  {"P", 15, 0},  {"E", 18, 0},  {"Ki", 0, 10}, {"Mi", 0, 20},
                                         {"Gi", 0, 30}, {"Ti", 0, 40}, {"Pi", 0, 50}, {"Ei", 0, 60}};
  int ten = 0, two = 0;
  bool found = false;
  for (const auto& sfx : kSuffixes)
    if (suffix == sfx.text) {
      ten = sfx.ten;
      two = sfx.two;
      found = true;
    }
  if (!found) {
    if (suffix.size() < 2 || (suffix[0] != 'e' && suffix[0] != 'E')) return std::nullopt;
    std::size_t j = 1;
    bool negative = suffix[j] == '-';
    if (suffix[j] == '+' || suffix[j] == '-') ++j;
    if (j >= suffix.size() || suffix.size() - j > 2) return std::nullopt;
    for (std::size_t k = j; k < suffix.size(); ++k)
      if (!std::isdigit(static_cast<unsigned char>(suffix[k]))) return std::nullopt;
    ten = std::stoi(std::string(suffix.substr(j))) * (negative ? -1 : 1);
  }
  ten += 3;  // milli-units
  if (ten > 24 || ten < -30) return std::nullopt;
  if (ten >= 0) num *= pow10(ten);
  else den *= pow10(-ten);
  num <<= two;
  Wide v = (num + den - 1) / den;
  if (v > (Wide(1) << 62)) return std::nullopt;
  return static_cast<std::int64_t>(v);
}

namespace {

// `whole` units and a remainder of `rem` / `unit`, with at most one decimal, no trailing ".0".
std::string one_decimal(std::int64_t value, std::int64_t unit) {
  std::int64_t tenths = (value * 10 + unit / 2) / unit;
  std::string s = std::to_string(tenths / 10);
  if (tenths % 10) s += "." + std::to_string(tenths % 10);
  return s;
}

}  // namespace

std::string format_quantity(std::string_view resource, std::int64_t milli) {
  bool negative = milli < 0;
  std::int64_t m = negative ? -milli : milli;
  std::string out;
  if (resource == "cpu" || resource == "requests.cpu" || resource == "limits.cpu") {
    out = m % 1000 == 0 ? std::to_string(m / 1000) : std::to_string(m) + "m";
  } else if (resource.find("memory") != std::string_view::npos || resource.find("storage") != std::string_view::npos) {
    std::int64_t bytes = (m + 999) / 1000;
    static constexpr std::pair<const char*, std::int64_t> kUnits[] = {
        {"Ti", 1LL << 40}, {"Gi", 1LL << 30}, {"Mi", 1LL << 20}, {"Ki", 1LL << 10}};
    out = std::to_string(bytes);
    for (const auto& [suffix, size] : kUnits)
      if (bytes >= size) {
        out = bytes % size == 0 ? std::to_string(bytes / size) + suffix : one_decimal(bytes, size) + suffix;
        break;
      }
  } else {
    out = m % 1000 == 0 ? std::to_string(m / 1000) : one_decimal(m, 1000);
  }
  return negative ? "-" + out : out;
}

}  // namespace vsctl::k8s
