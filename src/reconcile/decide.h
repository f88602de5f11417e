#pragma once
// What one reconcile round does with the cluster, decided from the plan apply would run, the
// newest record and the commit at the tip of the branch. Pure: the round reads, this decides.
//
//   Refused    the plan crosses a one-way door or takes an object vsctl does not own, or the
//              tip names a vetoed version: the reconciler never crosses those, it reports them
//   Apply      the VersionSet changed (the tip is not the commit last recorded) or the cluster
//              drifted from it (the plan has steps)
//   Converged  nothing to change and the record already names this commit: nothing is written
#include <optional>
#include <string>
#include <vector>

#include "apply/plan.h"
#include "apply/record.h"

namespace vsctl::reconcile {

enum class Verdict { Converged, Apply, Refused };
const char* to_string(Verdict v);

struct Decision {
  Verdict verdict = Verdict::Converged;
  std::string summary;             // one line: "drift in web, api", "new commit 1a2b3c4 (was 9f8e7d6)"
  std::vector<std::string> lines;  // one per step or refusal: "web: Scale: drift: kubectl-scale owns fields"
  bool new_commit = false;         // Apply: the tip is not the recorded commit (else the steps undo drift)
};

// `refusals`: reasons found outside the plan (vetoes); `commit`: the tip's full sha.
Decision decide(const apply::Plan& plan, const std::optional<apply::Record>& last, const std::string& commit,
                const std::vector<std::string>& refusals);

// The VersionSet a reconciler that follows promotions keeps converged (--follow promoted): the
// commit of the newest record that a promote, or a rollback to one commit, wrote and that
// succeeded, newest first; nullopt when nothing was promoted into the environment yet. Its own
// reconcile records, and applies from the branch, never move it.
std::optional<std::string> promoted_commit(const std::vector<apply::Record>& newest_first);

// The first 7 characters of a sha.
std::string short_sha(const std::string& sha);

}  // namespace vsctl::reconcile
