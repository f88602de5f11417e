// libFuzzer target: version ranges and versions on arbitrary text, as `dependsOn` and rollback
// read them. Parses the input as a range and as a version; a range that parses is normalised,
// parsed again from its normal form (which, when within the length limit, must parse and mean the
// same on the versions tried),
// and tested against a few versions. Any crash, sanitizer report or timeout is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "semver/range.h"
#include "semver/version.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto version = vsctl::semver::parse_version(text);
  if (version) {
    auto again = vsctl::semver::parse_version(vsctl::semver::to_string(*version));
    if (!again || vsctl::semver::compare(*version, *again) != 0) __builtin_trap();  // printing keeps the version
  }
  auto range = vsctl::semver::Range::parse(text);
  if (!range) {
    if (range.error().message.empty()) __builtin_trap();  // an error always says what is wrong
    return 0;
  }
  static const char* kVersions[] = {"0.0.0", "1.2.3", "1.2.3-rc.1", "2.0.0", "10.20.30-alpha+build", "999999.0.0"};
  for (const char* v : kVersions) {
    auto parsed = vsctl::semver::parse_version(v);
    bool satisfied = range->satisfied_by(*parsed);
    (void)range->admits(v);
    // the normal form of a range within the length limit may itself exceed it ("1 2 3" grows)
    if (!range->is_literal() && range->normalized().size() <= vsctl::semver::kMaxRangeLength) {
      auto normal = vsctl::semver::Range::parse(range->normalized());
      if (!normal || normal->satisfied_by(*parsed) != satisfied) __builtin_trap();  // the normal form means the same
    }
  }
  if (version) (void)range->satisfied_by(*version);
  (void)range->admits(text);
  return 0;
}
