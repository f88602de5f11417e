#include "health/change.h"

#include <doctest/doctest.h>

using namespace vsctl::health;

TEST_CASE("change_of: an older version is a Rollback, a newer or unordered one an Update") {
  CHECK(change_of("1.4.2", "1.5.0") == Change::Update);
  CHECK(change_of("1.5.0", "1.4.2") == Change::Rollback);
  CHECK(change_of("1.5.0", "1.5.0-rc.1") == Change::Rollback);  // a pre-release precedes its release
  CHECK(change_of("1.5.0", "1.5.0") == Change::Update);
  CHECK(change_of("latest", "1.0.0") == Change::Update);  // not semver: never older
  CHECK(change_of("", "1.0.0") == Change::Update);
}

TEST_CASE("change words round-trip") {
  for (Change c : {Change::None, Change::Provision, Change::Update, Change::Rollback, Change::Scale, Change::Destroy})
    CHECK(parse_change(to_string(c)) == c);
  CHECK_FALSE(parse_change("update").has_value());
}
