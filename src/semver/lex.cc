#include "semver/lex.h"

#include <utility>

namespace vsctl::semver::detail {

std::size_t digit_run(std::string_view s, std::size_t pos) {
  std::size_t n = 0;
  while (pos + n < s.size() && is_digit(s[pos + n])) ++n;
  return n;
}

Lex read_number(std::string_view s, std::size_t& pos, std::uint64_t max, std::uint64_t& out) {
  std::size_t n = digit_run(s, pos);
  if (n == 0) return Lex::Missing;
  if (n > 1 && s[pos] == '0') return Lex::LeadingZero;
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < n; ++i) {
    auto digit = static_cast<std::uint64_t>(s[pos + i] - '0');
    if (value > (max - digit) / 10) return Lex::TooLarge;
    value = value * 10 + digit;
  }
  out = value;
  pos += n;
  return Lex::Ok;
}

Lex read_identifiers(std::string_view s, std::size_t& pos, bool prerelease,
                     std::vector<std::string>& out) {
  std::vector<std::string> ids;
  std::size_t p = pos;
  while (true) {
    std::size_t start = p;
    while (p < s.size() && is_ident_char(s[p])) ++p;
    if (p == start) {
      pos = start;
      return Lex::EmptyIdentifier;
    }
    std::string_view id = s.substr(start, p - start);
    if (prerelease && id.size() > 1 && id[0] == '0' && digit_run(id, 0) == id.size()) {
      pos = start;
      return Lex::LeadingZero;
    }
    ids.emplace_back(id);
    if (p < s.size() && s[p] == '.') {
      ++p;
      continue;
    }
    break;
  }
  out = std::move(ids);
  pos = p;
  return Lex::Ok;
}

}  // namespace vsctl::semver::detail
