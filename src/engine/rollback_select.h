#pragma once
// Where a rollback on the cluster goes, decided in one place. A whole rollback: the record it
// returns to. Named services: the version each goes to, and the input of the rollback closure
// (versionset::plan_rollback): the live version of every service as the current one, and as
// earlier candidates every other version the records hold (each with the newest record's
// definition), then the versions of the git history the records do not have. Vetoed versions
// are never candidates. Pure: git is reached through the caller's ViewAt.
#include <map>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "apply/record.h"
#include "apply/veto.h"
#include "manifest/model.h"
#include "versionset/rollback.h"

namespace vsctl::engine {

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

// Removes vetoed versions from the candidates; returns the vetoes that removed one (for the
// message when no consistent rollback is left).
std::vector<apply::Veto> drop_vetoed(std::vector<versionset::ServiceVersions>& services, const std::vector<apply::Veto>& vetoes);

// The version `service` goes back to by default: the newest succeeded record whose version of
// it differs from the live one.
std::optional<std::string> previous_recorded_version(const std::string& service, const std::string& live_version,
                                                     const std::vector<apply::Record>& newest_first);

// "revision 3 (1a2b3c4)", "revision 4 (an uncommitted tree)".
std::string describe(const apply::Record& r);

// The record a whole rollback goes to: revision `to_revision` when it is more than 0, else the
// newest succeeded record, other than the newest, with another VersionSet. Refused (Usage for
// an unknown revision) with what to do.
util::Result<apply::Record> record_to_roll_back_to(const std::vector<apply::Record>& newest_first, int to_revision,
                                                   const std::string& architecture);

// The manifest's view at a git revision (nullptr-free), or why not.
using ViewAt = std::function<util::Result<const manifest::Architecture*>(const std::string& rev)>;

// Where a named service goes: its version at record `to_revision` (more than 0), or at git
// revision `to` (not empty; then a version neither the records nor the branch have becomes a
// candidate, with `to` as its source), else the version it had before (the records, then the
// git history). `view_at` is empty when there is no repository.
struct TargetRequest {
  int to_revision = 0;
  std::string to;
  ViewAt view_at;
};
util::Result<std::string> target_version(const TargetRequest& req, const std::string& name, const LiveVersion& live,
                                         const std::vector<apply::Record>& newest_first, versionset::ServiceVersions& cands);

// A named rollback on the cluster, decided: the named services' targets, the closure of the
// ranges against the live versions (versionset::plan_rollback) over the candidates from the
// records, then the git history, vetoed versions left out.
struct NamedRollbackInput {
  std::string architecture, ns;                 // for messages
  std::vector<std::string> services;            // the named services
  std::map<std::string, LiveVersion> live;      // every live service's version
  std::vector<apply::Record> records;           // newest first
  std::vector<versionset::ServiceVersions> history;  // the git history's versions (none without a repository)
  std::vector<apply::Veto> vetoes;
  TargetRequest target;                         // --to-revision, --to, and the git views
  std::size_t budget = 200'000;
  std::function<std::chrono::steady_clock::time_point()> now;  // the closure's time budget
};

struct NamedRollback {
  std::map<std::string, std::string> targets;             // named service -> version
  versionset::RollbackPlan plan;                          // the moves, dependents first
  std::vector<versionset::ServiceVersions> candidates;    // every live service
};

// Usage for a named service that does not run; Refused with the closure's reasons (and the
// vetoes that left versions out) when there is no consistent rollback.
util::Result<NamedRollback> plan_named_rollback(const NamedRollbackInput& in);

// Every live service after the moves, each moved one with the definition of the record or
// commit that had its version (a commit's through `view_at`); `what` lists "name@version".
util::Result<std::vector<manifest::Service>> services_after(const NamedRollback& r, const ViewAt& view_at, std::string& what);

}  // namespace vsctl::engine
