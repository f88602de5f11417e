#pragma once
// Line diffs of two texts as unified-diff hunks (the edit script from dtl). Pure.
#include <string>
#include <string_view>
#include <vector>

namespace vsctl::diff {

struct Line {
  char op = ' ';  // ' ' common, '-' only before, '+' only after
  std::string text;
};

struct Hunk {
  std::size_t before_start = 0, before_count = 0;  // 1-based, as "@@ -start,count"
  std::size_t after_start = 0, after_count = 0;
  std::vector<Line> lines;
  std::string header() const;  // "@@ -1,4 +1,5 @@"
};

// The hunks that turn `before` into `after`, with `context` common lines around each change;
// empty when the texts are equal.
std::vector<Hunk> unified(std::string_view before, std::string_view after, std::size_t context = 3);

}  // namespace vsctl::diff
