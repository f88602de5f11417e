#include "health/change.h"

#include "semver/version.h"

namespace vsctl::health {

const char* to_string(Change c) {
  switch (c) {
    case Change::None: return "None";
    case Change::Provision: return "Provision";
    case Change::Update: return "Update";
    case Change::Rollback: return "Rollback";
    case Change::Scale: return "Scale";
    case Change::Destroy: return "Destroy";
  }
  return "Unknown";
}

std::optional<Change> parse_change(std::string_view s) {
  for (Change x : {Change::None, Change::Provision, Change::Update, Change::Rollback, Change::Scale, Change::Destroy})
    if (s == to_string(x)) return x;
  return std::nullopt;
}

Change change_of(const std::string& from_version, const std::string& to_version) {
  if (from_version.empty() || to_version.empty() || from_version == to_version) return Change::Update;
  auto order = semver::compare_strings(from_version, to_version);
  return order && *order > 0 ? Change::Rollback : Change::Update;
}

}  // namespace vsctl::health
