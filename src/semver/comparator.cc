#include "semver/comparator.h"

namespace vsctl::semver {

bool test(const Comparator& c, const Version& v) {
  int r = compare(v, c.version);
  switch (c.op) {
    case Op::Eq: return r == 0;
    case Op::Lt: return r < 0;
    case Op::Le: return r <= 0;
    case Op::Gt: return r > 0;
    case Op::Ge: return r >= 0;
  }
  return false;
}

bool test(const ComparatorSet& set, const Version& v) {
  for (const auto& c : set) {
    if (!test(c, v)) return false;
  }
  if (v.prerelease.empty()) return true;
  for (const auto& c : set) {
    const Version& a = c.version;
    if (!a.prerelease.empty() && a.major == v.major && a.minor == v.minor && a.patch == v.patch) {
      return true;
    }
  }
  return false;
}

std::string to_string(const Comparator& c) {
  const char* op = "";
  switch (c.op) {
    case Op::Eq: op = ""; break;
    case Op::Lt: op = "<"; break;
    case Op::Le: op = "<="; break;
    case Op::Gt: op = ">"; break;
    case Op::Ge: op = ">="; break;
  }
  return op + to_string(c.version);
}

std::string to_string(const ComparatorSet& set) {
  if (set.empty()) return "*";
  std::string out;
  for (const auto& c : set) {
    if (!out.empty()) out += ' ';
    out += to_string(c);
  }
  return out;
}

}  // namespace vsctl::semver
