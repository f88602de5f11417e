#pragma once
// What reconcile tells while it runs: one timestamped line per finding or action on stderr
// ("2024-05-01T12:00:00.123Z round 3: drift in web: applying"), or with -o json one JSON object
// per event on stdout: {"time","type","round","message", ...}. Types: Started, Round, Converged,
// Apply, Applied, Refused, Failover, Escalated, Error, Waiting, Stopped.
#include <mutex>
#include <string>

#include "k8s/json.h"
#include "reconcile/round.h"

namespace vsctl::cli {

class RoundLog final : public reconcile::RoundLog {
 public:
  explicit RoundLog(bool json) : json_(json) {}
  bool json() const { return json_; }
  void set_round(int n) override { round_ = n; }
  void say(const std::string& type, const std::string& message, k8s::Json extra = k8s::Json::object()) override;

 private:
  bool json_;
  int round_ = 0;
  std::mutex mu_;
};

}  // namespace vsctl::cli
