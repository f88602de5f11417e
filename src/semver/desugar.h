#pragma once
// node-semver's rewriting of carets, tildes, X-ranges and hyphen ranges into primitive
// comparators (internal).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "semver/comparator.h"

namespace vsctl::semver::detail {

// A version as written in a range. A missing part, 'x', 'X' or '*' is std::nullopt, and every
// part after a wildcard counts as one too. Numbers stay below UINT64_MAX so "+1" is safe.
struct Partial {
  std::optional<std::uint64_t> major, minor, patch;
  std::vector<std::string> prerelease;  // used only when all three parts are numbers
};

// Each appends to `set`, dropping duplicates and node-semver's ">=0.0.0" (which matches all).
void add_caret(const Partial& p, ComparatorSet& set);                   // ^1.2.3
void add_tilde(const Partial& p, ComparatorSet& set);                   // ~1.2.3
void add_xrange(std::optional<Op> op, const Partial& p, ComparatorSet& set);  // <1.x, 1.2, =1
void add_hyphen(const Partial& from, const Partial& to, ComparatorSet& set);  // 1.2 - 2.3.4

}  // namespace vsctl::semver::detail
