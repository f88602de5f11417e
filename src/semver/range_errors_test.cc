#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "semver/range.h"

using namespace vsctl::semver;
using vsctl::util::ErrorKind;

namespace {

std::string error_of(std::string_view text) {
  auto r = Range::parse(text);
  if (r) return "parsed as " + r->normalized();
  CHECK(r.error().kind == ErrorKind::Invalid);
  return r.error().message;
}

}  // namespace

TEST_CASE("semver: invalid ranges say what is wrong and at which column") {
  struct Case {
    const char* text;
    const char* message;
  } cases[] = {
      {">=", "invalid version range \">=\": missing version after \">=\" at column 1"},
      {"1.2.3 -", "invalid version range \"1.2.3 -\": missing version after \"-\" at column 7"},
      {"^^1", "invalid version range \"^^1\": unexpected \"^1\" at column 2 (expected a version)"},
      {">=1 <", "invalid version range \">=1 <\": missing version after \"<\" at column 5"},
      {"  >=1 <  ", "invalid version range \">=1 <\": missing version after \"<\" at column 5"},
      {"~>1.2", "invalid version range \"~>1.2\": unexpected \"~>\" at column 1 (use \"~1.2\" for "
                "patch updates or \"^1.2\" for minor updates)"},
      {">=1.2.3 garbage!", "invalid version range \">=1.2.3 garbage!\": unexpected "
                           "\"garbage!\" at column 9 (expected a version)"},
      {"not a range", "invalid version range \"not a range\": unexpected \"not\" at column 1 "
                      "(expected a version)"},
      {"1.2.3 | 2", "invalid version range \"1.2.3 | 2\": unexpected \"|\" at column 7 "
                    "(expected a version)"},
      {">=1.2.3foo", "invalid version range \">=1.2.3foo\": unexpected \"foo\" at column 8"},
      {"1.2.3 - 2 - 3", "invalid version range \"1.2.3 - 2 - 3\": unexpected \"-\" at column 11 "
                        "(expected the end of the hyphen range)"},
      {">=1 - 2", "invalid version range \">=1 - 2\": unexpected \"-\" at column 5 (a hyphen "
                  "range is \"1.2.3 - 2.3.4\", alone between \"||\")"},
      {">=1.", "invalid version range \">=1.\": expected a number, \"x\" or \"*\" at column 5"},
      {">=1.y", "invalid version range \">=1.y\": unexpected \"y\" at column 5 (expected a "
                "number, \"x\" or \"*\")"},
      {">=01.2.3", "invalid version range \">=01.2.3\": number \"01\" at column 3 has a leading "
                   "zero"},
      {">=1.2.3-01", "invalid version range \">=1.2.3-01\": pre-release identifier \"01\" at "
                     "column 9 has a leading zero"},
      {">=1.2.3-", "invalid version range \">=1.2.3-\": empty pre-release identifier at "
                   "column 9"},
      {"^1.2.3+", "invalid version range \"^1.2.3+\": empty build identifier at column 8"},
      {"1.x || >=", "invalid version range \"1.x || >=\": missing version after \">=\" at "
                    "column 8"},
      {"1 ||| 2", "invalid version range \"1 ||| 2\": unexpected \"|\" at column 5 (expected a "
                  "version)"},
      {"~1.2.3beta", "invalid version range \"~1.2.3beta\": unexpected \"beta\" at column 7"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    CHECK(error_of(c.text) == c.message);
  }
}

TEST_CASE("semver: hostile ranges are refused, never crash") {
  std::string long_range(kMaxRangeLength + 1, ' ');
  CHECK(error_of(long_range).find("1025 bytes long; the limit is 1024") != std::string::npos);
  std::string many = "1";
  for (int i = 0; i < 64; ++i) many += " || 1";
  CHECK(error_of(many).find("65 \"||\" alternatives; the limit is 64") != std::string::npos);
  many.resize(many.size() - 5);
  CHECK(Range::parse(many));
  CHECK(error_of(">=99999999999999999999") ==
        "invalid version range \">=99999999999999999999\": number \"99999999999999999999\" at "
        "column 3 is too large");
  CHECK(error_of("^18446744073709551615").find("is too large") != std::string::npos);
  CHECK(error_of("^1.2.3 - 1").find("unexpected \"-\"") != std::string::npos);
  auto big = Range::parse("^18446744073709551614");
  REQUIRE(big);
  CHECK(big->normalized() == ">=18446744073709551614.0.0 <18446744073709551615.0.0-0");
  CHECK(error_of(std::string("1.2.3\0", 6)).find("unexpected \"\\x00\" at column 6") !=
        std::string::npos);
  CHECK(error_of(std::string(1024, '^')).find("at column 2") != std::string::npos);
  CHECK(error_of(std::string(1024, '|')).find("alternatives") != std::string::npos);
  CHECK(Range::parse(std::string(1000, 'x')).has_value() == false);
}

// Pseudo-random strings over the range alphabet: parse never crashes, and whatever parses
// normalizes to a fixed point that admits the same versions.
TEST_CASE("semver: random ranges parse or fail cleanly and normalize stably") {
  const std::string alphabet = "0123456789..xX*^~<>=-+|| vab";
  const char* versions[] = {"0.0.0", "1.0.0", "1.2.3", "1.2.3-a", "2.0.0-0", "9.9.9", "0.1.0"};
  std::uint64_t state = 42;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>(state >> 33);
  };
  int parsed = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string text;
    std::size_t len = next() % 24;
    for (std::size_t j = 0; j < len; ++j) text += alphabet[next() % alphabet.size()];
    auto r = Range::parse(text);
    if (!r) {
      CHECK_FALSE(r.error().message.empty());
      continue;
    }
    ++parsed;
    INFO(text << " -> " << r->normalized());
    auto again = Range::parse(r->normalized());
    REQUIRE(again);
    CHECK(again->normalized() == r->normalized());
    for (const char* v : versions) CHECK(again->admits(v) == r->admits(v));
  }
  CHECK(parsed > 100);
}
