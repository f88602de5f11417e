#pragma once
// vsctl diff REV1 REV2: two VersionSets compared offline, service by service and field by field.
#include <string>

#include "cli/app.h"
#include "versionset/changes.h"

namespace vsctl::cli {

// Exit 0 when they do not differ, 1 when they do; 3 when either does not parse. Secret values
// are masked as the live diff masks them unless `secrets` says to show them.
util::Result<int> run_revisions_diff(const Globals& g, const std::string& rev1, const std::string& rev2,
                                     const std::string& output,
                                     versionset::SecretValues secrets = versionset::SecretValues::Masked);

}  // namespace vsctl::cli
