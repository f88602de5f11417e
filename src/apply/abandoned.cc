#include "apply/abandoned.h"

#include "apply/lock.h"

namespace vsctl::apply {

bool run_alive(const std::optional<kube::Lease>& lease, std::chrono::system_clock::time_point now) {
  if (!lease || lease->holder.empty()) return false;
  return !expired_by_renewal(*lease, now, kClockSkew, kLeaseSeconds);
}

std::string why_abandoned(const std::optional<kube::Lease>& lease) {
  if (!lease || lease->holder.empty()) return "its run stopped without finishing, and the lock is free";
  std::string out = "its run stopped without finishing: the lock of " + lease->holder + " expired";
  if (lease->renew_time) out += " (last renewed " + kube::format_micro_time(*lease->renew_time).substr(0, 19) + "Z)";
  return out;
}

void mark_abandoned(Record& r, const std::string& why, const std::string& now_text,
                    const std::map<std::string, std::string>* live) {
  r.outcome = Outcome::Abandoned;
  r.message = std::string(kOutcomeAbandoned) + ": " + why;
  if (!now_text.empty() && r.finished.empty()) r.finished = now_text;
  for (auto& c : r.changed) {
    if (c.outcome != "pending" && c.outcome != "in-progress" && !c.outcome.empty()) continue;
    c.outcome = std::string(kOutcomeAbandoned);
    if (!live) continue;
    auto it = live->find(c.name);
    if (it == live->end()) c.reason = "live version not known";
    else c.reason = it->second.empty() ? "not live when taken over" : "live at " + it->second + " when taken over";
  }
}

}  // namespace vsctl::apply
