#include "semver/desugar.h"

#include <utility>

namespace vsctl::semver::detail {
namespace {

Version make(std::uint64_t major, std::uint64_t minor, std::uint64_t patch,
             std::vector<std::string> prerelease = {}) {
  Version v;
  v.major = major;
  v.minor = minor;
  v.patch = patch;
  v.prerelease = std::move(prerelease);
  return v;
}

// The lowest version of a release line: "<2.0.0-0" excludes 2.0.0's pre-releases too.
Version floor_of(std::uint64_t major, std::uint64_t minor, std::uint64_t patch) {
  return make(major, minor, patch, {"0"});
}

void add(ComparatorSet& set, Op op, Version v) {
  if (op == Op::Ge && v.major == 0 && v.minor == 0 && v.patch == 0 && v.prerelease.empty()) {
    return;
  }
  for (const auto& c : set) {
    if (c.op == op && compare(c.version, v) == 0) return;
  }
  set.push_back(Comparator{op, std::move(v)});
}

// Wildcards cascade: "1.x.3" is "1.x".
struct Parts {
  bool x_major, x_minor, x_patch;
  std::uint64_t major, minor, patch;
};

Parts parts_of(const Partial& p) {
  Parts r{};
  r.x_major = !p.major;
  r.x_minor = r.x_major || !p.minor;
  r.x_patch = r.x_minor || !p.patch;
  r.major = p.major.value_or(0);
  r.minor = p.minor.value_or(0);
  r.patch = p.patch.value_or(0);
  return r;
}

}  // namespace

void add_caret(const Partial& p, ComparatorSet& set) {
  Parts v = parts_of(p);
  if (v.x_major) return;
  if (v.x_minor) {
    add(set, Op::Ge, make(v.major, 0, 0));
    add(set, Op::Lt, floor_of(v.major + 1, 0, 0));
  } else if (v.x_patch) {
    add(set, Op::Ge, make(v.major, v.minor, 0));
    add(set, Op::Lt, v.major == 0 ? floor_of(0, v.minor + 1, 0) : floor_of(v.major + 1, 0, 0));
  } else {
    add(set, Op::Ge, make(v.major, v.minor, v.patch, p.prerelease));
    if (v.major != 0) {
      add(set, Op::Lt, floor_of(v.major + 1, 0, 0));
    } else if (v.minor != 0) {
      add(set, Op::Lt, floor_of(0, v.minor + 1, 0));
    } else {
      add(set, Op::Lt, floor_of(0, 0, v.patch + 1));
    }
  }
}

void add_tilde(const Partial& p, ComparatorSet& set) {
  Parts v = parts_of(p);
  if (v.x_major) return;
  if (v.x_minor) {
    add(set, Op::Ge, make(v.major, 0, 0));
    add(set, Op::Lt, floor_of(v.major + 1, 0, 0));
  } else if (v.x_patch) {
    add(set, Op::Ge, make(v.major, v.minor, 0));
    add(set, Op::Lt, floor_of(v.major, v.minor + 1, 0));
  } else {
    add(set, Op::Ge, make(v.major, v.minor, v.patch, p.prerelease));
    add(set, Op::Lt, floor_of(v.major, v.minor + 1, 0));
  }
}

void add_xrange(std::optional<Op> op, const Partial& p, ComparatorSet& set) {
  Parts v = parts_of(p);
  if (op == Op::Eq && v.x_patch) op.reset();  // "=1.x" is "1.x"
  if (v.x_major) {
    // "<*" and ">*" match nothing; "*", ">=*", "<=*" match everything.
    if (op == Op::Lt || op == Op::Gt) add(set, Op::Lt, floor_of(0, 0, 0));
    return;
  }
  if (!v.x_patch) {  // a full version: a primitive comparator
    add(set, op.value_or(Op::Eq), make(v.major, v.minor, v.patch, p.prerelease));
    return;
  }
  std::uint64_t major = v.major, minor = v.x_minor ? 0 : v.minor;
  if (!op) {
    add(set, Op::Ge, make(major, minor, 0));
    add(set, Op::Lt, v.x_minor ? floor_of(major + 1, 0, 0) : floor_of(major, minor + 1, 0));
    return;
  }
  Op o = *op;
  if (o == Op::Gt) {  // ">1" is ">=2.0.0", ">1.2" is ">=1.3.0"
    o = Op::Ge;
    if (v.x_minor) {
      ++major;
    } else {
      ++minor;
    }
  } else if (o == Op::Le) {  // "<=1.2" is "<1.3.0-0"
    o = Op::Lt;
    if (v.x_minor) {
      ++major;
    } else {
      ++minor;
    }
  }
  add(set, o, o == Op::Lt ? floor_of(major, minor, 0) : make(major, minor, 0));
}

void add_hyphen(const Partial& from, const Partial& to, ComparatorSet& set) {
  Parts f = parts_of(from);
  if (f.x_major) {
    // no lower bound
  } else if (f.x_patch) {
    add(set, Op::Ge, make(f.major, f.x_minor ? 0 : f.minor, 0));
  } else {
    add(set, Op::Ge, make(f.major, f.minor, f.patch, from.prerelease));
  }
  Parts t = parts_of(to);
  if (t.x_major) {
    // no upper bound
  } else if (t.x_minor) {
    add(set, Op::Lt, floor_of(t.major + 1, 0, 0));
  } else if (t.x_patch) {
    add(set, Op::Lt, floor_of(t.major, t.minor + 1, 0));
  } else {
    add(set, Op::Le, make(t.major, t.minor, t.patch, to.prerelease));
  }
}

}  // namespace vsctl::semver::detail
