#include "apply/events.h"

#include <cstdio>

namespace vsctl::apply {

const char* to_string(EventType t) {
  switch (t) {
    case EventType::RunStarted: return "RunStarted";
    case EventType::StepStarted: return "StepStarted";
    case EventType::State: return "State";
    case EventType::Hook: return "Hook";
    case EventType::StepFinished: return "StepFinished";
    case EventType::RunFinished: return "RunFinished";
    case EventType::Traffic: return "Traffic";
    case EventType::Analysis: return "Analysis";
    case EventType::Notice: return "Notice";
  }
  return "?";
}

std::string format_time(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  auto ms = time_point_cast<milliseconds>(t);
  auto days = floor<std::chrono::days>(ms);
  year_month_day ymd{days};
  hh_mm_ss<milliseconds> hms{ms - days};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03lldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                static_cast<long long>(hms.subseconds().count()));
  return buf;
}

k8s::Json to_json(const Event& e) {
  k8s::Json j = {{"time", format_time(e.time)}, {"type", to_string(e.type)}};
  if (!e.service.empty()) j["service"] = e.service;
  if (e.type == EventType::StepStarted || e.type == EventType::State || e.type == EventType::StepFinished ||
      e.type == EventType::Hook || e.type == EventType::Traffic || e.type == EventType::Analysis) {
    j["change"] = health::to_string(e.change);
    j["state"] = health::to_string(e.state);
    j["ready"] = e.ready;
    j["desired"] = e.desired;
  }
  if (e.wave >= 0) j["wave"] = e.wave + 1;
  if (!e.outcome.empty()) j["outcome"] = e.outcome;
  if (!e.reason.empty()) j["reason"] = e.reason;
  if (!e.message.empty()) j["message"] = e.message;
  if (!e.detail.is_null()) j["rollout"] = e.detail;
  j["elapsed"] = static_cast<double>(static_cast<long long>(e.elapsed_s * 10)) / 10;
  return j;
}

}  // namespace vsctl::apply
