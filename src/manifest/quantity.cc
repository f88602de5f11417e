#include "manifest/quantity.h"

#include <cctype>
#include <cmath>
#include <string>

namespace vsctl::manifest {

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

}  // namespace vsctl::manifest
