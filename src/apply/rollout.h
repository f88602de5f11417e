#pragma once
// The parts of a progressive rollout (manifest::Rollout) that are plain data: the second
// workload's name and body, how many instances a weight means, an HTTPRoute's weights, and the
// progress a run publishes on that workload for `vsctl rollout status`, `promote` and `abort`.
#include <optional>
#include <string>
#include <vector>

#include "k8s/json.h"
#include "manifest/model.h"

namespace vsctl::apply::rollout {

// On the canary/preview Deployment: the run's progress (JSON, see Progress), and a request a
// person made with `vsctl rollout promote|abort` ("promote", "abort").
inline constexpr std::string_view kAnnotationProgress = "vsctl.dev/rollout";
inline constexpr std::string_view kAnnotationRequest = "vsctl.dev/rollout-request";
inline constexpr std::string_view kFieldManagerProgress = "vsctl-rollout";
inline constexpr std::string_view kFieldManagerRequest = "vsctl-rollout-request";

// "canary" for canary, "preview" for blue-green.
std::string track_of(const manifest::Rollout& r);
// "<service>-canary" / "<service>-preview": the second workload of a rollout.
std::string workload_name(const std::string& service, const std::string& track);

// The second workload: the desired Deployment of the new version, renamed, its pods and
// selector on `track`, with `replicas` instances.
k8s::Json track_workload(const k8s::Json& desired, const std::string& service, const std::string& track, int replicas);

// Instances of the canary for `weight` percent of `total`: with a route, enough to take the
// weight (at least one); by instance counts, the nearest share (at least one above 0%, at most
// total). The stable workload keeps total - canary in the second case.
int canary_instances(int total, int weight, manifest::Rollout::Traffic traffic);
// The share of requests `canary` of `canary + stable` instances get, in percent.
int instance_share(int canary, int stable);

// Sets the weights of every backendRef of `route` named `stable` or `canary` (100 - weight,
// weight). Returns how many refs of each it found: {stable, canary}.
std::pair<int, int> set_weights(k8s::Json& route, const std::string& stable, const std::string& canary, int weight);
// The weight the route gives `canary` (of the stable and canary refs of its first rule that
// has both); nullopt when it has none.
std::optional<int> route_weight(const k8s::Json& route, const std::string& stable, const std::string& canary);

// One analysis as run: what it checked, the verdict, the value, how many tries.
struct AnalysisResult {
  enum class Verdict { Passed, Failed, Inconclusive };
  int step = 0;        // 1-based index among the rollout's steps
  std::string kind;    // prometheus, http, job
  std::string what;    // the query, the URL, the Job's name
  Verdict verdict = Verdict::Inconclusive;
  std::optional<double> value;
  std::string message;  // "0.2 is not below 0.01", "no sample", "Prometheus unreachable: ..."
  int tries = 0;
  std::string at;  // RFC 3339
};
const char* to_string(AnalysisResult::Verdict v);  // passed, failed, inconclusive
k8s::Json to_json(const AnalysisResult& r);
AnalysisResult analysis_from_json(const k8s::Json& j);

// What a run publishes on the second workload, and what the record keeps of a rollout.
struct Progress {
  std::string strategy;        // canary, blueGreen
  std::string traffic;         // "replicas" or "gateway <route>"
  std::string route;           // the HTTPRoute, when gateway
  std::string from, to;        // versions
  int step = 0, steps = 0;     // the step running (1-based; 0 before the first)
  int weight = 0;              // the new version's share now
  int total = 0;               // the service's instances
  std::string phase;           // Starting, Weight, Paused, Analysis, Promoting, Completed, Aborted
  std::string message;         // what it waits for, or why it aborted
  bool promoted = false;       // `vsctl rollout promote` was seen: pauses are skipped
  std::vector<AnalysisResult> analyses;
  std::string updated;         // RFC 3339; refreshed while the run waits
};
k8s::Json to_json(const Progress& p);
std::optional<Progress> progress_from_json(const k8s::Json& j);
// "canary 10% (step 2/5)", "blueGreen preview (step 1/2)"
std::string summary(const Progress& p);

// A step of the manifest in a few words: "weight 10%", "pause 2m", "pause until promoted",
// "analysis prometheus", and all of them joined with " -> ".
std::string describe(const manifest::RolloutStep& s);
std::string describe_steps(const manifest::Rollout& r);

}  // namespace vsctl::apply::rollout
