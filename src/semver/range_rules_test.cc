#include <doctest/doctest.h>

#include "semver/range.h"

using namespace vsctl::semver;

namespace {

Range range_of(const char* text) {
  auto r = Range::parse(text);
  REQUIRE_MESSAGE(r, text << ": " << r.error().message);
  return *r;
}

bool sat(const char* range, const char* version) {
  auto v = parse_version(version);
  REQUIRE_MESSAGE(v, version);
  return range_of(range).satisfied_by(*v);
}

}  // namespace

TEST_CASE("semver: pre-releases match only a set naming the same version with a pre-release") {
  CHECK(sat(">=1.2.3-alpha <2", "1.2.3-beta"));
  CHECK(sat(">=1.2.3-alpha <2", "1.2.3"));
  CHECK(sat(">=1.2.3-alpha <2", "1.9.0"));
  CHECK_FALSE(sat(">=1.2.3-alpha <2", "1.2.4-beta"));
  CHECK_FALSE(sat(">=1.2.3-alpha <2", "1.2.3-0"));  // below the bound
  CHECK(sat(">1.2.3-alpha.3", "1.2.3-alpha.7"));
  CHECK(sat(">1.2.3-alpha.3", "3.4.5"));
  CHECK_FALSE(sat(">1.2.3-alpha.3", "3.4.5-alpha.9"));
  CHECK(sat("^1.2.3-beta.2", "1.2.3-beta.11"));
  CHECK_FALSE(sat("^1.2.3-beta.2", "1.2.3-beta.1"));
  CHECK_FALSE(sat("^1.2.3-beta.2", "1.2.4-beta.3"));
  CHECK(sat("1.2.3-rc.1", "1.2.3-rc.1"));
  CHECK_FALSE(sat("1.2.3-rc.1", "1.2.3-rc.2"));
  CHECK_FALSE(sat("*", "1.0.0-rc.1"));
  CHECK_FALSE(sat("x", "1.0.0-rc.1"));
  CHECK_FALSE(sat("1.x", "1.0.0-rc.1"));
  // The other alternative names the pre-release; each "||" set is judged on its own.
  CHECK(sat(">=3 || 1.0.0-rc.1", "1.0.0-rc.1"));
  CHECK_FALSE(sat("1.0.0-rc.1 || >=2", "2.0.0-rc.1"));
  CHECK(sat("1.0.0-rc.1 || *", "1.0.0-rc.1"));
}

TEST_CASE("semver: leading v and = on versions in ranges") {
  CHECK(sat("v1.2.3", "1.2.3"));
  CHECK(sat("=1.2.3", "v1.2.3"));
  CHECK(sat(">=v1.2", "1.2.0"));
  CHECK(sat("^v1", "1.9.9"));
  CHECK(sat("~ v1.2", "1.2.9"));
  CHECK(sat("v1.2.3 - v2", "2.9.0"));
  CHECK(range_of("=v1.2.3").normalized() == "1.2.3");
}

TEST_CASE("semver: partial versions fill with zeros") {
  CHECK(sat(">=7", "7.0.0"));
  CHECK_FALSE(sat(">=7", "6.99.99"));
  CHECK(sat(">7.2", "7.3.0"));
  CHECK_FALSE(sat(">7.2", "7.2.9"));
  CHECK(sat("<=7.2", "7.2.99"));
  CHECK_FALSE(sat("<7.2", "7.2.0"));
}

TEST_CASE("semver: whitespace is tolerated and text() is the trimmed input") {
  CHECK(range_of("  >= 1.2.3   <  2  ").normalized() == ">=1.2.3 <2.0.0-0");
  CHECK(range_of("  >= 1.2.3   <  2  ").text() == ">= 1.2.3   <  2");
  CHECK(range_of("\t1.2.3 - 2.3.4\n").normalized() == ">=1.2.3 <=2.3.4");
  CHECK(range_of("1.2.3   ||   2.x").normalized() == "1.2.3 || >=2.0.0 <3.0.0-0");
  CHECK(range_of("1.2.3||2.x").normalized() == "1.2.3 || >=2.0.0 <3.0.0-0");
  CHECK(range_of("^ 1.2").normalized() == ">=1.2.0 <2.0.0-0");
}

TEST_CASE("semver: is_any for * and its equivalents") {
  for (const char* any : {"*", "", "   ", "x", "X", "x.x.x", ">=0", ">=0.0.0", ">=*", "^*",
                          "1.x || *", "||"}) {
    INFO(any);
    CHECK(range_of(any).is_any());
  }
  for (const char* not_any : {"1.x", ">=0.0.1", "^0", "<x", "latest"}) {
    INFO(not_any);
    CHECK_FALSE(range_of(not_any).is_any());
  }
  Range r;
  CHECK(r.is_any());
  CHECK(r.text() == "*");
  CHECK(r.admits("latest"));
}

TEST_CASE("semver: non-semver versions are admitted only by * or by their exact text") {
  CHECK(range_of("*").admits("latest"));
  CHECK(range_of("*").admits("7.2-alpine"));
  CHECK(range_of("").admits("7.2-alpine"));
  CHECK_FALSE(range_of(">=2").admits("glorp"));
  CHECK_FALSE(range_of("^7.2").admits("7.2-alpine"));
  CHECK(range_of("^7.2").admits("7.2.1"));
  // "7.2" is an X-range and also the exact text of the tag "7.2".
  CHECK(range_of("7.2").admits("7.2"));
  CHECK(range_of("7.2").admits("7.2.5"));
  CHECK_FALSE(range_of("7.2").admits("7.3"));
  CHECK_FALSE(range_of(" 7.2").admits(" 7.2"));
}

TEST_CASE("semver: a single tag-like word that is not range syntax is a literal") {
  for (const char* tag : {"latest", "7.2-alpine", "1.2.3.4", "stable_2024-01", "1.2-rc"}) {
    INFO(tag);
    Range r = range_of(tag);
    CHECK(r.is_literal());
    CHECK_FALSE(r.is_any());
    CHECK(r.admits(tag));
    CHECK(r.normalized() == tag);
    CHECK_FALSE(r.admits("1.2.3"));
    CHECK_FALSE(r.admits(std::string(tag) + "x"));
    CHECK_FALSE(r.satisfied_by(*parse_version("1.2.3")));
  }
  CHECK(range_of("  latest ").admits("latest"));
  CHECK_FALSE(range_of("blerg").admits("1.2.3"));
  CHECK_FALSE(range_of("1.2.3").is_literal());
  CHECK_FALSE(range_of("1.x").is_literal());
}
