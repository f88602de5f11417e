#pragma once
// The input of plan_rollback from a VersionSet history (first-parent, newest first): for each
// service of the current VersionSet, every version it had, each with its definition at the
// newest commit where it had that version. Pure: no git.
#include <optional>
#include <string>
#include <vector>

#include "versionset/history.h"
#include "versionset/rollback.h"

namespace vsctl::versionset {

// `newest_first[0]` is the current VersionSet. VersionSets without a usable manifest are skipped.
std::vector<ServiceVersions> service_versions(const RecordTable& t, const std::vector<VersionSetEntry>& newest_first);

// The version `service` had in the newest earlier VersionSet where it had another version than
// its current one; nullopt when it never had another.
std::optional<std::string> previous_version(const RecordTable& t, const std::vector<VersionSetEntry>& newest_first,
                                            const std::string& service);

}  // namespace vsctl::versionset
