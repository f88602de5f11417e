#include "diff/unified.h"

#include <doctest/doctest.h>

using namespace vsctl;

namespace {
std::string render(const std::vector<diff::Hunk>& hunks) {
  std::string out;
  for (const auto& h : hunks) {
    out += h.header() + "\n";
    for (const auto& l : h.lines) out += std::string(1, l.op) + l.text + "\n";
  }
  return out;
}
}  // namespace

TEST_CASE("unified hunks carry three lines of context and diff -u headers") {
  std::string a = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
  std::string b = "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\nk\n";
  CHECK(render(diff::unified(a, b)) ==
        "@@ -2,9 +2,10 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n i\n j\n+k\n");
  CHECK(diff::unified(a, a).empty());
  CHECK(render(diff::unified("", "x\n")) == "@@ -0,0 +1,1 @@\n+x\n");
  CHECK(render(diff::unified("x\ny\n", "")) == "@@ -1,2 +0,0 @@\n-x\n-y\n");
}

TEST_CASE("changes far apart make separate hunks") {
  std::string a, b;
  for (int i = 0; i < 20; ++i) {
    a += std::to_string(i) + "\n";
    b += (i == 2 || i == 17 ? "x" : std::to_string(i)) + "\n";
  }
  auto h = diff::unified(a, b);
  REQUIRE(h.size() == 2);
  CHECK(h[0].header() == "@@ -1,6 +1,6 @@");
  CHECK(h[1].header() == "@@ -15,6 +15,6 @@");
}
