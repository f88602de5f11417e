#pragma once
// What an apply reports while it runs: one event per lifecycle transition of a service, and
// the start and end of the run. The command line turns them into a live view, timestamped
// lines, or a stream of JSON objects (-o json).
#include <chrono>
#include <mutex>
#include <string>

#include "health/state.h"
#include "k8s/json.h"

namespace vsctl::apply {

enum class EventType {
  RunStarted,    // service: ""; message: what runs (apply, destroy, rollback) and the plan digest
  StepStarted,   // a service's step begins (change kind set)
  State,         // a service entered a lifecycle state (or its message/instances changed)
  Hook,          // a hook Job started or ended (message)
  StepFinished,  // the step ended: state Run (or Destroy done), Failed, or skipped/cancelled
  RunFinished,   // outcome in message: succeeded, failed, interrupted
  Traffic,       // a progressive rollout moved traffic: detail {strategy, step, steps, weight, ...}
  Analysis,      // a rollout's analysis gave its verdict (or an inconclusive try): detail is its result
  Notice,        // something the run says once, not about one step: reason names it (LockWait,
                 // LockTakenOver, RecordAbandoned, ClusterAway, ClusterBack), message says it
};
const char* to_string(EventType t);

struct Event {
  EventType type = EventType::State;
  std::chrono::system_clock::time_point time = std::chrono::system_clock::now();
  std::string service;
  health::Change change = health::Change::None;
  health::State state = health::State::Provision;
  std::string outcome;  // StepFinished: succeeded, failed, skipped, cancelled; RunFinished: the run's
  std::string reason;
  std::string message;
  int ready = 0, desired = 0;
  int wave = -1;
  double elapsed_s = 0;  // since the step (or the run) started
  k8s::Json detail;      // Traffic, Analysis: the rollout's numbers ("rollout" in JSON); null otherwise
};

k8s::Json to_json(const Event& e);

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void event(const Event& e) = 0;
};

// Discards everything (tests, dry runs that print only a summary).
class NullReporter final : public Reporter {
 public:
  void event(const Event&) override {}
};

// Serialises calls from the step workers onto one reporter.
class LockedReporter final : public Reporter {
 public:
  explicit LockedReporter(Reporter& inner) : inner_(inner) {}
  void event(const Event& e) override {
    std::lock_guard lock(mu_);
    inner_.event(e);
  }

 private:
  Reporter& inner_;
  std::mutex mu_;
};

// RFC 3339 UTC with milliseconds: "2024-05-01T12:00:00.123Z".
std::string format_time(std::chrono::system_clock::time_point t);

}  // namespace vsctl::apply
