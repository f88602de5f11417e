#pragma once
// Version ranges with node-semver's syntax and meaning (includePrerelease=false):
//   *, "", x, X           any release
//   1.x, 1.2.x, 1, 1.2    X-ranges
//   ^1.2.3, ~1.2          caret and tilde ranges
//   >=1.2 <2, =1.2.3, <, <=, >   comparators, all of which must hold
//   1.2 - 2.3.4           hyphen ranges
//   A || B                either
// A range that is not node-semver syntax but a single image-tag-like word ("latest",
// "7.2-alpine") is a literal: it admits exactly that string.
#include <string>
#include <string_view>
#include <vector>

#include "semver/comparator.h"
#include "semver/version.h"
#include "util/error.h"

namespace vsctl::semver {

inline constexpr std::size_t kMaxRangeLength = 1024;
inline constexpr std::size_t kMaxRangeAlternatives = 64;

class Range {
 public:
  Range();  // "*"

  // ErrorKind::Invalid with what is wrong and where, e.g.
  //   invalid version range "~>1.2": unexpected "~>" at column 1 (...)
  // Columns are 1-based within the trimmed text.
  static util::Result<Range> parse(std::string_view text);

  // node-semver's satisfies(): pre-releases match only a comparator set that names the same
  // MAJOR.MINOR.PATCH with a pre-release. Literal ranges are satisfied by no Version.
  bool satisfied_by(const Version& v) const;

  // Semver strings go through satisfied_by; other strings are admitted only by an "any"
  // range or by a range whose text is exactly the string.
  bool admits(std::string_view version_string) const;

  bool is_any() const;      // some alternative is unconstrained: "*", "x", "", ">=0", ...
  bool is_literal() const;  // not semver syntax; admits only text()
  const std::string& text() const;  // as written, trimmed
  // Desugared comparator sets joined by " || ", e.g. ">=1.2.0 <2.0.0-0"; "*" for any;
  // the text itself for a literal.
  std::string normalized() const;

  const std::vector<ComparatorSet>& sets() const { return sets_; }

 private:
  std::string text_;
  std::vector<ComparatorSet> sets_;
  bool literal_ = false;
};

}  // namespace vsctl::semver
