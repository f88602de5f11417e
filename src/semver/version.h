#pragma once
// Semantic versions (semver 2.0) as node-semver reads them: MAJOR.MINOR.PATCH[-pre][+build].
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vsctl::semver {

struct Version {
  std::uint64_t major = 0, minor = 0, patch = 0;
  std::vector<std::string> prerelease;  // dot-separated identifiers after '-'
  std::vector<std::string> build;       // dot-separated identifiers after '+'; no precedence
};

// Longest string parse_version looks at; anything longer is not a version.
inline constexpr std::size_t kMaxVersionLength = 256;

// Strict: MAJOR.MINOR.PATCH[-pre][+build] with one optional leading 'v' or '='. Numbers have no
// leading zeros and must fit in 64 bits; numeric pre-release identifiers have no leading zeros;
// identifiers are non-empty [0-9A-Za-z-]. No surrounding whitespace.
std::optional<Version> parse_version(std::string_view s);

// Semver 2.0 precedence: -1, 0 or 1. Build metadata is ignored.
int compare(const Version& a, const Version& b);

// "1.2.3-rc.1+build.5" (build included when present).
std::string to_string(const Version& v);

// Orders two version strings for "newest": semver precedence when both parse, otherwise
// std::nullopt (the caller decides, e.g. by history).
std::optional<int> compare_strings(std::string_view a, std::string_view b);

}  // namespace vsctl::semver
