#include "status/when.h"

#include <doctest/doctest.h>

using namespace vsctl::status;
using namespace std::chrono;

TEST_CASE("status when: RFC 3339 as records write it") {
  auto t = parse_time("2024-05-01T12:00:41.456Z");
  REQUIRE(t);
  auto u = parse_time("2024-05-01T12:00:00Z");
  REQUIRE(u);
  CHECK(duration_cast<milliseconds>(*t - *u).count() == 41456);
  CHECK(parse_time("2024-05-01T12:00:00+00:00") == u);
  CHECK_FALSE(parse_time("2024-05-01T12:00:00+02:00"));
  CHECK_FALSE(parse_time("2024-13-01T12:00:00Z"));
  CHECK_FALSE(parse_time("yesterday"));
  CHECK_FALSE(parse_time(""));
}

TEST_CASE("status when: spans and ago") {
  CHECK(format_span(milliseconds(41456)) == "41s");
  CHECK(format_span(seconds(125)) == "2m05s");
  CHECK(format_span(seconds(3720)) == "1h02m");
  CHECK(format_span(hours(76)) == "3d04h");
  CHECK(format_span(milliseconds(-5)) == "0s");
  auto now = *parse_time("2024-05-01T12:03:10Z");
  CHECK(ago("2024-05-01T12:00:41.456Z", now) == "2m ago");
  CHECK(ago("2024-05-01T12:03:05Z", now) == "5s ago");
  CHECK(ago("2024-05-01T12:03:10Z", now) == "just now");
  CHECK(ago("garbage", now).empty());
  CHECK(format_when("2024-05-01T12:00:41.456Z") == "2024-05-01 12:00:41");
}
