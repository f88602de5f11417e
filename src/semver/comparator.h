#pragma once
// One primitive comparison ("<2.0.0-0") and a set of them that must all hold.
#include <string>
#include <vector>

#include "semver/version.h"

namespace vsctl::semver {

enum class Op { Eq, Lt, Le, Gt, Ge };

struct Comparator {
  Op op = Op::Eq;
  Version version;  // never carries build metadata
};

// An empty set matches every release (node-semver's "*").
using ComparatorSet = std::vector<Comparator>;

bool test(const Comparator& c, const Version& v);

// node-semver's testSet: every comparator holds, and a pre-release version additionally needs
// a comparator naming the same MAJOR.MINOR.PATCH with a pre-release.
bool test(const ComparatorSet& set, const Version& v);

std::string to_string(const Comparator& c);  // ">=1.2.0", "1.2.3" for Eq
std::string to_string(const ComparatorSet& set);  // space-separated; "*" when empty

}  // namespace vsctl::semver
