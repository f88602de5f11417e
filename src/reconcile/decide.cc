#include "reconcile/decide.h"

namespace vsctl::reconcile {

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::Converged: return "converged";
    case Verdict::Apply: return "apply";
    case Verdict::Refused: return "refused";
  }
  return "?";
}

std::string short_sha(const std::string& sha) { return sha.substr(0, 7); }

Decision decide(const apply::Plan& plan, const std::optional<apply::Record>& last, const std::string& commit,
                const std::vector<std::string>& refusals) {
  Decision d;
  std::vector<std::string> refused = refusals;
  for (auto& r : plan.refusals()) refused.push_back(std::move(r));
  if (!refused.empty()) {
    d.verdict = Verdict::Refused;
    d.summary = std::to_string(refused.size()) + " reason(s) to refuse; needs a person";
    d.lines = std::move(refused);
    return d;
  }
  const bool new_commit = !last || last->commit != commit;
  d.new_commit = new_commit;
  std::string services;
  for (const auto& w : plan.waves)
    for (const auto& s : w.steps) {
      std::string name = s.service.empty() ? "(namespace)" : s.service;
      services += (services.empty() ? "" : ", ") + name;
      d.lines.push_back(name + ": " + health::to_string(s.change) + ": " + s.reason);
    }
  if (plan.empty() && !new_commit) {
    d.verdict = Verdict::Converged;
    d.summary = "converged at " + short_sha(commit) + ", " + std::to_string(plan.unchanged.size()) + " service(s) unchanged";
    return d;
  }
  d.verdict = Verdict::Apply;
  if (new_commit)
    d.summary = "new commit " + short_sha(commit) +
                (last ? (last->commit.empty() ? " (the record names an uncommitted tree)" : " (was " + short_sha(last->commit) + ")")
                      : " (nothing recorded yet)");
  if (!plan.empty()) d.summary += (d.summary.empty() ? "" : "; ") + std::string(new_commit ? "changes in " : "drift in ") + services;
  return d;
}

std::optional<std::string> promoted_commit(const std::vector<apply::Record>& newest_first) {
  for (const auto& r : newest_first) {
    if (r.operation != apply::Operation::Promote && r.operation != apply::Operation::Rollback) continue;
    if (r.outcome != apply::Outcome::Succeeded || r.commit.empty() || r.dirty) continue;
    return r.commit;
  }
  return std::nullopt;
}

}  // namespace vsctl::reconcile
