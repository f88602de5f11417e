#include "semver/version.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace vsctl::semver;

TEST_CASE("semver: parse_version accepts strict semver with an optional v or =") {
  auto v = parse_version("1.2.3-beta.4+exp.sha.5114f85");
  REQUIRE(v);
  CHECK(v->major == 1);
  CHECK(v->minor == 2);
  CHECK(v->patch == 3);
  CHECK(v->prerelease == std::vector<std::string>{"beta", "4"});
  CHECK(v->build == std::vector<std::string>{"exp", "sha", "5114f85"});
  for (const char* ok : {"0.0.0", "v1.2.3", "=1.2.3", "1.0.0-alpha.1", "1.0.0+20130313144700",
                         "1.0.0-0a", "1.0.0-x-y-z.--", "1.0.0+001", "1.0.0-0",
                         "18446744073709551615.18446744073709551615.18446744073709551615"}) {
    INFO(ok);
    CHECK(parse_version(ok));
  }
}

TEST_CASE("semver: parse_version rejects everything else") {
  for (const char* bad : {"", "1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.03", "1.2.3-",
                          "1.2.3-01", "1.2.3+", "1.2.3-a..b", "1.2.3-a.", "v", "vv1.2.3",
                          "v=1.2.3", " 1.2.3", "1.2.3 ", "-1.2.3", "1.2.3+build_1", "1.2.3-\xce\xb1",
                          "latest", "7.2-alpine", "1.2.x", ">=1.2.3", "1.2.3beta",
                          "18446744073709551616.0.0", "0.0.99999999999999999999999"}) {
    INFO(bad);
    CHECK_FALSE(parse_version(bad));
  }
  CHECK_FALSE(parse_version(std::string("1.2.3\0", 6)));
  std::string long_ok = "1.2.3-" + std::string(kMaxVersionLength - 6, 'a');
  CHECK(parse_version(long_ok));
  CHECK_FALSE(parse_version(long_ok + "a"));  // 257 bytes
}

TEST_CASE("semver: precedence follows the semver 2.0 example list") {
  std::vector<std::string> ordered{"1.0.0-alpha",  "1.0.0-alpha.1", "1.0.0-alpha.beta",
                                   "1.0.0-beta",   "1.0.0-beta.2",  "1.0.0-beta.11",
                                   "1.0.0-rc.1",   "1.0.0",         "1.0.1",
                                   "1.1.0",        "1.10.0",        "2.0.0-0",
                                   "2.0.0-0.0",    "2.0.0-1",       "2.0.0-99999999999999999999999",
                                   "2.0.0-A",      "2.0.0-a",       "2.0.0",
                                   "10.0.0"};
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    for (std::size_t j = 0; j < ordered.size(); ++j) {
      INFO(ordered[i] << " vs " << ordered[j]);
      int expected = i < j ? -1 : (i > j ? 1 : 0);
      CHECK(compare(*parse_version(ordered[i]), *parse_version(ordered[j])) == expected);
    }
  }
}

TEST_CASE("semver: build metadata does not count for precedence") {
  CHECK(compare(*parse_version("1.0.0+a"), *parse_version("1.0.0+b")) == 0);
  CHECK(compare(*parse_version("1.0.0-rc.1+x"), *parse_version("1.0.0-rc.1")) == 0);
  CHECK(compare(*parse_version("v1.0.0"), *parse_version("=1.0.0")) == 0);
}

TEST_CASE("semver: to_string round-trips without the prefix") {
  for (const char* s : {"1.2.3", "0.0.0-0", "1.0.0-beta.11+build.7", "1.0.0+001"}) {
    CHECK(to_string(*parse_version(s)) == s);
  }
  CHECK(to_string(*parse_version("v1.2.3-rc.1")) == "1.2.3-rc.1");
  Version v;
  v.major = 4;
  CHECK(to_string(v) == "4.0.0");
}

TEST_CASE("semver: compare_strings orders semver strings and declines the rest") {
  CHECK(compare_strings("1.2.3", "1.10.0") == -1);
  CHECK(compare_strings("v2.0.0", "1.99.99") == 1);
  CHECK(compare_strings("1.0.0+a", "1.0.0+b") == 0);
  CHECK(compare_strings("1.0.0-rc.1", "1.0.0") == -1);
  CHECK_FALSE(compare_strings("latest", "1.0.0"));
  CHECK_FALSE(compare_strings("1.0.0", "7.2-alpine"));
  CHECK_FALSE(compare_strings("1.2", "1.3"));
}
