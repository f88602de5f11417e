#pragma once
// The one vocabulary of change, used by the plan, the diffs, the history and the record: what
// happens to a service between two VersionSets (or between the cluster and a VersionSet).
#include <optional>
#include <string>
#include <string_view>

namespace vsctl::health {

enum class Change { None, Provision, Update, Rollback, Scale, Destroy };

const char* to_string(Change c);  // "None", "Provision", ...
std::optional<Change> parse_change(std::string_view s);

// A version change: Rollback when `to` has lower semver precedence than `from`, else Update
// (also when either is not semver: such a version cannot be older).
Change change_of(const std::string& from_version, const std::string& to_version);

}  // namespace vsctl::health
