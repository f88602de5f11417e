#pragma once
// The input of the rollback closure (versionset::plan_rollback) on the cluster side: the live
// version of every service as the current one, and as earlier candidates every other version
// the records hold (each with the newest record's definition), then the versions of the git
// history the records do not have. Vetoed versions are never candidates. Pure.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "apply/record.h"
#include "apply/veto.h"
#include "versionset/rollback.h"

namespace vsctl::cli {

struct LiveVersion {
  std::string version, digest;
};

// A candidate from a record carries its definition and names the record as "revision N"; one
// from git has no definition and carries its commit.
inline constexpr std::string_view kRecordSource = "revision ";

// Every live service, its live version current (with the definition of the newest record that
// has its live digest, else its live version; none when no record has it), the records' other
// versions earlier, newest record first.
util::Result<std::vector<versionset::ServiceVersions>> candidates_from_records(
    const std::map<std::string, LiveVersion>& live, const std::vector<apply::Record>& newest_first);

// Adds the candidates of `more` (the git history) whose versions `into` does not have yet;
// also the current definition of a service the records had none for.
void add_history_candidates(std::vector<versionset::ServiceVersions>& into,
                            const std::vector<versionset::ServiceVersions>& more);

// Drops vetoed versions from the earlier candidates.
// Removes vetoed versions from the candidates; returns the vetoes that removed one (for the
// message when no consistent rollback is left).
std::vector<apply::Veto> drop_vetoed(std::vector<versionset::ServiceVersions>& services, const std::vector<apply::Veto>& vetoes);

// The version `service` goes back to by default: the newest succeeded record whose version of
// it differs from the live one.
std::optional<std::string> previous_recorded_version(const std::string& service, const std::string& live_version,
                                                     const std::vector<apply::Record>& newest_first);

}  // namespace vsctl::cli
