#pragma once
// Liveness and readiness of the reconciler, for /healthz and /readyz. The rules are pure
// functions; Probes holds what they judge from, written by the loop and read by the server's
// threads.
//
//   live   the loop made progress (a round started or ended, the run reported an event, a slice
//          of the wait between rounds passed) within `bound`
//   ready  the last round reached both the repository and the cluster
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "apply/events.h"
#include "reconcile/loop.h"
#include "reconcile/report.h"

namespace vsctl::reconcile {

struct ProbeAnswer {
  bool ok = false;
  std::string message;  // the body: "ok", or why not
};

// Live when the last progress was at most `bound` ago.
ProbeAnswer liveness(std::chrono::steady_clock::time_point last_progress, std::chrono::steady_clock::time_point now,
                     Millis bound);

// Ready when the last round reached the repository and the cluster; none yet: not ready.
ProbeAnswer readiness(const std::optional<RoundReport>& last);

class Probes {
 public:
  explicit Probes(Millis bound);
  void progress();                          // the loop moved on
  void round_ended(const RoundReport& r);   // and says how the round went
  ProbeAnswer live() const;
  ProbeAnswer ready() const;

 private:
  Millis bound_;
  std::atomic<std::chrono::steady_clock::rep> last_progress_;
  mutable std::mutex mu_;
  std::optional<RoundReport> last_;
};

// The liveness bound of a loop whose applies wait up to `timeout` for a service: between two
// events of a run no more than that passes, plus a minute for the reads of a round.
Millis liveness_bound(std::chrono::seconds timeout);

// An apply's Reporter that tells the probes the loop moves on at each event of the run.
class ProgressReporter final : public apply::Reporter {
 public:
  ProgressReporter(std::unique_ptr<apply::Reporter> inner, Probes& probes) : inner_(std::move(inner)), probes_(probes) {}
  void event(const apply::Event& e) override {
    probes_.progress();
    inner_->event(e);
  }

 private:
  std::unique_ptr<apply::Reporter> inner_;
  Probes& probes_;
};

// A Sleeper that reports progress to `beat` at least every `slice` while it waits.
class BeatingSleeper final : public Sleeper {
 public:
  BeatingSleeper(Sleeper& inner, std::function<void()> beat, Millis slice = std::chrono::seconds(1))
      : inner_(inner), beat_(std::move(beat)), slice_(slice) {}
  bool sleep(Millis d, const std::atomic<bool>& stop) override;

 private:
  Sleeper& inner_;
  std::function<void()> beat_;
  Millis slice_;
};

}  // namespace vsctl::reconcile
