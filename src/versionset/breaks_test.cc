#include "versionset/breaks.h"

#include <doctest/doctest.h>

#include "versionset/views_test.h"

namespace vsctl::versionset {

namespace {

using testing::view;

std::vector<std::string> codes(const manifest::Architecture& base, const manifest::Architecture& after) {
  util::Diagnostics d;
  check_against_base(base, after, d);
  std::vector<std::string> out;
  for (const auto& x : d.items()) out.push_back(x.code + "@" + std::to_string(x.loc.line) + ":" + std::to_string(x.loc.col));
  return out;
}

const char* kCart = "    cart:\n      image: c\n      version: 2.2.0\n";
const char* kCartNew = "    cart:\n      image: c\n      version: 2.3.0\n";
const char* kCartOld = "    cart:\n      image: c\n      version: 2.1.0\n";
const char* kFront = "    frontend:\n      image: f\n      version: 1.0.0\n      dependsOn: { cart: \">=2.2 <2.3\" }\n";
const char* kFrontNarrow = "    frontend:\n      image: f\n      version: 1.0.0\n      dependsOn: { cart: \">=2.3\" }\n";

}  // namespace

TEST_CASE("check_against_base names what the change breaks") {
  auto base = view(std::string(kCart) + kFront);
  CHECK(codes(base, base).empty());
  CHECK(codes(base, view(kFront)) == std::vector<std::string>{"removed-dependency@10:20"});
  CHECK(codes(base, view(std::string(kCart) + kFrontNarrow)) == std::vector<std::string>{"range-breaks@13:26"});
  CHECK(codes(base, view(std::string(kCartNew) + kFront)) == std::vector<std::string>{"version-breaks@13:26"});
  CHECK(codes(base, view(std::string(kCartOld) + kFront)) == std::vector<std::string>{"downgrade-breaks@13:26"});
  // already broken in the base: not this change's doing
  auto broken = view(std::string(kCartOld) + kFront);
  CHECK(codes(broken, broken).empty());
  util::Diagnostics d;
  check_against_base(base, view(std::string(kCartOld) + kFront), d);
  CHECK(d.items()[0].message ==
        "services.frontend.dependsOn.cart: this change moves cart back from 2.2.0 to 2.1.0, which frontend's range "
        "\">=2.2 <2.3\" does not admit; move frontend to a version whose range admits 2.1.0 in the same change, or keep "
        "cart at 2.2.0");
}

}  // namespace vsctl::versionset
