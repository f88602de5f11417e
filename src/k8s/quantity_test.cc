#include "k8s/quantity.h"

#include <doctest/doctest.h>

using namespace vsctl::k8s;

TEST_CASE("quantities parse to milli-units") {
  CHECK(parse_quantity_milli("100m") == doctest::Approx(100));
  CHECK(parse_quantity_milli("1.5") == doctest::Approx(1500));
  CHECK(parse_quantity_milli("1Ki") == doctest::Approx(1024000));
  CHECK(parse_quantity_milli("1e3") == doctest::Approx(1e6));
  CHECK_FALSE(parse_quantity_milli("1x"));
  CHECK_FALSE(parse_quantity_milli("Mi"));
  CHECK_FALSE(parse_quantity_milli(""));
}

TEST_CASE("quantities round up to whole milli-units, as the API server does") {
  CHECK(quantity_milli("250m") == 250);
  CHECK(quantity_milli("0.1m") == 1);
  CHECK(quantity_milli("0.5") == 500);
  CHECK(quantity_milli("1.5Gi") == 1610612736000LL);
  CHECK(quantity_milli("2e3") == 2000000);
  CHECK(quantity_milli("128Mi") == 134217728000LL);
  CHECK(quantity_milli("32") == 32000);
  CHECK_FALSE(quantity_milli("-1"));
  CHECK_FALSE(quantity_milli("1Ei"));  // beyond what the sums here may hold
  CHECK_FALSE(quantity_milli("cpu"));
}

TEST_CASE("quantities are written for people in the resource's own units") {
  CHECK(format_quantity("cpu", 1500) == "1500m");
  CHECK(format_quantity("cpu", 2000) == "2");
  CHECK(format_quantity("requests.cpu", 300) == "300m");
  CHECK(format_quantity("memory", 134217728000LL) == "128Mi");
  CHECK(format_quantity("memory", 1610612736000LL) == "1.5Gi");
  CHECK(format_quantity("requests.storage", 10737418240000LL) == "10Gi");
  CHECK(format_quantity("memory", 1000000) == "1000");
  CHECK(format_quantity("pods", 3000) == "3");
  CHECK(format_quantity("cpu", -500) == "-500m");
}
