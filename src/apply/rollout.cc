#include "apply/rollout.h"

#include <algorithm>
#include <cmath>

#include "k8s/labels.h"

namespace vsctl::apply::rollout {

using manifest::Rollout;
using manifest::RolloutStep;

std::string track_of(const Rollout& r) { return r.strategy == Rollout::Strategy::BlueGreen ? "preview" : "canary"; }

std::string workload_name(const std::string& service, const std::string& track) { return service + "-" + track; }

k8s::Json track_workload(const k8s::Json& desired, const std::string& service, const std::string& track, int replicas) {
  k8s::Json w = desired;
  const std::string label(k8s::kLabelTrack);
  w["metadata"]["name"] = workload_name(service, track);
  w["spec"]["replicas"] = replicas;
  w["spec"]["selector"]["matchLabels"][label] = track;
  w["spec"]["template"]["metadata"]["labels"][label] = track;
  return w;
}

int canary_instances(int total, int weight, Rollout::Traffic traffic) {
  total = std::max(total, 1);
  weight = std::clamp(weight, 0, 100);
  int exact = static_cast<int>(std::ceil(total * weight / 100.0));
  if (traffic == Rollout::Traffic::Gateway) return std::max(1, exact);
  if (weight == 0) return 0;
  int nearest = static_cast<int>(std::lround(total * weight / 100.0));
  return std::clamp(nearest, 1, total);
}

int instance_share(int canary, int stable) {
  if (canary + stable <= 0) return 0;
  return static_cast<int>(std::lround(100.0 * canary / (canary + stable)));
}

std::pair<int, int> set_weights(k8s::Json& route, const std::string& stable, const std::string& canary, int weight) {
  std::pair<int, int> found{0, 0};
  auto* rules = route.contains("spec") ? &route["spec"] : nullptr;
  if (!rules || !rules->contains("rules") || !(*rules)["rules"].is_array()) return found;
  for (auto& rule : (*rules)["rules"]) {
    if (!rule.is_object() || !rule.contains("backendRefs") || !rule["backendRefs"].is_array()) continue;
    for (auto& ref : rule["backendRefs"]) {
      std::string name = k8s::string_at(ref, "/name");
      if (name == stable) {
        ref["weight"] = 100 - weight;
        ++found.first;
      } else if (name == canary) {
        ref["weight"] = weight;
        ++found.second;
      }
    }
  }
  return found;
}

std::optional<int> route_weight(const k8s::Json& route, const std::string& stable, const std::string& canary) {
  const auto* rules = k8s::find(route, "/spec/rules");
  if (!rules || !rules->is_array()) return std::nullopt;
  for (const auto& rule : *rules) {
    const auto* refs = k8s::find(rule, "/backendRefs");
    if (!refs || !refs->is_array()) continue;
    std::optional<long long> s, c;
    for (const auto& ref : *refs) {
      std::string name = k8s::string_at(ref, "/name");
      long long w = k8s::int_at(ref, "/weight").value_or(1);  // Gateway API: 1 when not given
      if (name == stable) s = w;
      if (name == canary) c = w;
    }
    if (s && c) return *s + *c == 0 ? 0 : static_cast<int>(std::lround(100.0 * static_cast<double>(*c) / static_cast<double>(*s + *c)));
  }
  return std::nullopt;
}

const char* to_string(AnalysisResult::Verdict v) {
  switch (v) {
    case AnalysisResult::Verdict::Passed: return "passed";
    case AnalysisResult::Verdict::Failed: return "failed";
    case AnalysisResult::Verdict::Inconclusive: break;
  }
  return "inconclusive";
}

k8s::Json to_json(const AnalysisResult& r) {
  k8s::Json j = {{"step", r.step}, {"kind", r.kind}, {"what", r.what}, {"verdict", to_string(r.verdict)},
                 {"message", r.message}, {"tries", r.tries}, {"at", r.at}};
  if (r.value) j["value"] = *r.value;
  return j;
}

AnalysisResult analysis_from_json(const k8s::Json& j) {
  AnalysisResult r;
  r.step = static_cast<int>(k8s::int_at(j, "/step").value_or(0));
  r.kind = k8s::string_at(j, "/kind");
  r.what = k8s::string_at(j, "/what");
  std::string v = k8s::string_at(j, "/verdict");
  r.verdict = v == "passed"   ? AnalysisResult::Verdict::Passed
              : v == "failed" ? AnalysisResult::Verdict::Failed
                              : AnalysisResult::Verdict::Inconclusive;
  if (const auto* val = k8s::find(j, "/value"); val && val->is_number()) r.value = val->get<double>();
  r.message = k8s::string_at(j, "/message");
  r.tries = static_cast<int>(k8s::int_at(j, "/tries").value_or(0));
  r.at = k8s::string_at(j, "/at");
  return r;
}

k8s::Json to_json(const Progress& p) {
  k8s::Json a = k8s::Json::array();
  for (const auto& r : p.analyses) a.push_back(to_json(r));
  k8s::Json j = {{"strategy", p.strategy}, {"traffic", p.traffic}, {"from", p.from},   {"to", p.to},
                 {"step", p.step},         {"steps", p.steps},     {"weight", p.weight}, {"total", p.total},
                 {"phase", p.phase},       {"message", p.message}, {"promoted", p.promoted},
                 {"analyses", std::move(a)}, {"updated", p.updated}};
  if (!p.route.empty()) j["route"] = p.route;
  return j;
}

std::optional<Progress> progress_from_json(const k8s::Json& j) {
  if (!j.is_object()) return std::nullopt;
  Progress p;
  p.strategy = k8s::string_at(j, "/strategy");
  p.traffic = k8s::string_at(j, "/traffic");
  p.route = k8s::string_at(j, "/route");
  p.from = k8s::string_at(j, "/from");
  p.to = k8s::string_at(j, "/to");
  p.step = static_cast<int>(k8s::int_at(j, "/step").value_or(0));
  p.steps = static_cast<int>(k8s::int_at(j, "/steps").value_or(0));
  p.weight = static_cast<int>(k8s::int_at(j, "/weight").value_or(0));
  p.total = static_cast<int>(k8s::int_at(j, "/total").value_or(0));
  p.phase = k8s::string_at(j, "/phase");
  p.message = k8s::string_at(j, "/message");
  if (const auto* b = k8s::find(j, "/promoted"); b && b->is_boolean()) p.promoted = b->get<bool>();
  if (const auto* a = k8s::find(j, "/analyses"); a && a->is_array())
    for (const auto& r : *a) p.analyses.push_back(analysis_from_json(r));
  p.updated = k8s::string_at(j, "/updated");
  if (p.strategy.empty()) return std::nullopt;
  return p;
}

std::string summary(const Progress& p) {
  std::string s = p.strategy == "blueGreen" ? "blueGreen preview" : p.strategy + " " + std::to_string(p.weight) + "%";
  if (p.steps > 0) s += " (step " + std::to_string(std::max(p.step, 1)) + "/" + std::to_string(p.steps) + ")";
  return s;
}

namespace {
std::string duration(int s) {
  if (s % 3600 == 0 && s >= 3600) return std::to_string(s / 3600) + "h";
  if (s % 60 == 0 && s >= 60) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}
}  // namespace

std::string describe(const RolloutStep& s) {
  switch (s.kind) {
    case RolloutStep::Kind::Weight: return "weight " + std::to_string(s.weight) + "%";
    case RolloutStep::Kind::Pause: return s.pause_s ? "pause " + duration(*s.pause_s) : "pause until promoted";
    case RolloutStep::Kind::Analysis: break;
  }
  switch (s.analysis.kind) {
    case manifest::Analysis::Kind::Prometheus: return "analysis prometheus";
    case manifest::Analysis::Kind::Http: return "analysis http";
    case manifest::Analysis::Kind::Job: break;
  }
  return "analysis job";
}

std::string describe_steps(const Rollout& r) {
  std::string out;
  for (const auto& s : r.steps) out += (out.empty() ? "" : " -> ") + describe(s);
  return out;
}

}  // namespace vsctl::apply::rollout
