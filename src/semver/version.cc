#include "semver/version.h"

#include <algorithm>
#include <limits>

#include "semver/lex.h"

namespace vsctl::semver {

std::optional<Version> parse_version(std::string_view s) {
  using detail::Lex;
  if (s.empty() || s.size() > kMaxVersionLength) return std::nullopt;
  std::size_t pos = (s[0] == 'v' || s[0] == '=') ? 1 : 0;
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  Version v;
  std::uint64_t* parts[] = {&v.major, &v.minor, &v.patch};
  for (std::size_t i = 0; i < 3; ++i) {
    if (i > 0) {
      if (pos >= s.size() || s[pos] != '.') return std::nullopt;
      ++pos;
    }
    if (detail::read_number(s, pos, kMax, *parts[i]) != Lex::Ok) return std::nullopt;
  }
  if (pos < s.size() && s[pos] == '-') {
    ++pos;
    if (detail::read_identifiers(s, pos, true, v.prerelease) != Lex::Ok) return std::nullopt;
  }
  if (pos < s.size() && s[pos] == '+') {
    ++pos;
    if (detail::read_identifiers(s, pos, false, v.build) != Lex::Ok) return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  return v;
}

namespace {

int three_way(std::uint64_t a, std::uint64_t b) { return a < b ? -1 : (a > b ? 1 : 0); }

bool all_digits(const std::string& id) { return detail::digit_run(id, 0) == id.size(); }

// Semver 2.0 rule 11.4: numeric identifiers compare numerically and sort before
// alphanumeric ones, which compare in ASCII order.
int compare_identifier(const std::string& a, const std::string& b) {
  bool na = all_digits(a), nb = all_digits(b);
  if (na && nb) {
    // No leading zeros, so the longer number is the larger; this also works past 64 bits.
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  } else if (na != nb) {
    return na ? -1 : 1;
  }
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace

int compare(const Version& a, const Version& b) {
  if (int c = three_way(a.major, b.major)) return c;
  if (int c = three_way(a.minor, b.minor)) return c;
  if (int c = three_way(a.patch, b.patch)) return c;
  // A version without a pre-release ranks above any pre-release of it.
  if (a.prerelease.empty() || b.prerelease.empty()) {
    if (a.prerelease.empty() == b.prerelease.empty()) return 0;
    return a.prerelease.empty() ? 1 : -1;
  }
  std::size_t n = std::min(a.prerelease.size(), b.prerelease.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (int c = compare_identifier(a.prerelease[i], b.prerelease[i])) return c;
  }
  return three_way(a.prerelease.size(), b.prerelease.size());
}

std::string to_string(const Version& v) {
  std::string out = std::to_string(v.major) + '.' + std::to_string(v.minor) + '.' +
                    std::to_string(v.patch);
  for (std::size_t i = 0; i < v.prerelease.size(); ++i) out += (i ? "." : "-") + v.prerelease[i];
  for (std::size_t i = 0; i < v.build.size(); ++i) out += (i ? "." : "+") + v.build[i];
  return out;
}

std::optional<int> compare_strings(std::string_view a, std::string_view b) {
  auto va = parse_version(a);
  auto vb = parse_version(b);
  if (!va || !vb) return std::nullopt;
  return compare(*va, *vb);
}

}  // namespace vsctl::semver
