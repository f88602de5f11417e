#pragma once
// The architecture manifest as typed values: one view of it (the base, or an environment merged
// over it). Every field of the spec; positions kept where later checks need to point.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "semver/range.h"
#include "util/diagnostic.h"

namespace vsctl::manifest {

using Json = nlohmann::json;
using util::SourceLoc;

enum class Importance { Critical, High, Normal, Low };
enum class Recovery { Cattle, Pet };

const char* to_string(Importance i);
const char* to_string(Recovery r);

struct EnvVar {
  enum class Source { Value, Secret, ConfigMap };
  std::string name;
  Source source = Source::Value;
  std::string value;     // Source::Value
  std::string ref_name;  // Secret / ConfigMap name
  std::string ref_key;
  bool optional = false;
};

struct EnvFrom {
  enum class Source { ConfigMap, Secret };
  Source source = Source::ConfigMap;
  std::string name;
  std::string prefix;
  bool optional = false;
};

struct Resources {
  std::string cpu, memory;              // requests, as written
  std::string limit_cpu, limit_memory;  // limits, as written
};

struct Port {
  std::string name;
  int port = 0;
  int target = 0;  // container port; the same as `port` when not given
  std::string protocol = "TCP";
};

struct Probe {
  enum class Kind { None, Http, Tcp, Exec };
  Kind kind = Kind::None;
  std::string path;  // Http
  int port = 0;      // Http / Tcp
  std::vector<std::string> command;  // Exec
};

struct Health {
  Probe readiness;
  std::optional<Probe> liveness;
  int initial_delay_s = 0;
  int period_s = 10;
  int timeout_s = 1;
  int failure_threshold = 3;
};

struct Toleration {
  std::string key, op, value, effect;
  std::optional<long long> seconds;
};

struct Placement {
  std::map<std::string, std::string> node_selector;
  std::vector<Toleration> tolerations;
  Json affinity;  // passed through as Kubernetes affinity, null when absent
};

struct Volume {
  std::string name, mount, size, storage_class;
  bool read_only = false;
};

struct Dependency {
  std::string service;
  std::string range_text;
  std::optional<semver::Range> range;  // empty when the text is not a valid range
  SourceLoc loc;                        // the range's position
  SourceLoc key_loc;                    // the service name's position
};

struct Patch {
  std::string kind;
  std::string name;  // empty: every object of the kind
  Json patch;        // RFC 7386 merge patch
  SourceLoc loc;
};

struct Hook {
  bool set = false;
  std::string image, version;
  std::vector<std::string> command, args;
  std::vector<EnvVar> env;
  int timeout_s = 300;
  int backoff_limit = 0;
};

// Where a field of an object from an objects file is written: its JSON pointer
// ("/metadata/namespace", "/metadata/labels/app.kubernetes.io~1name") and its key's line and
// column in the object's file.
struct FieldLoc {
  std::string pointer;
  int line = 0, col = 0;
};

struct ObjectFile {
  std::string path;  // as written, relative to the manifest's directory
  SourceLoc loc;
  std::vector<Json> objects;   // filled by load_objects
  std::vector<SourceLoc> locs;  // where each object starts in its file; empty when not read from one
  // per object, where the fields its diagnostics name are written (see objects.h); may be empty
  std::vector<std::shared_ptr<const std::vector<FieldLoc>>> fields;
};

// A cluster-scoped object a service declares it owns, by kind and name.
struct ClusterObject {
  std::string kind;
  std::string name;
  friend bool operator==(const ClusterObject&, const ClusterObject&) = default;
};

// What a service's objects may be besides namespaced objects in the view's namespace: each
// cluster-scoped object by kind and name, and other namespaces. Empty unless the manifest says.
struct Allow {
  std::vector<ClusterObject> cluster_objects;
  std::vector<std::string> namespaces;
  SourceLoc loc;  // of `allow`, when written

  bool empty() const { return cluster_objects.empty() && namespaces.empty(); }
  bool cluster_object(std::string_view kind, std::string_view name) const;
  bool cluster_kind(std::string_view kind) const;  // some object of this kind is declared
  bool ns(std::string_view ns) const;
};

// One analysis gate of a rollout: a check that must pass before the rollout goes on. A bound
// that is not met fails the gate at once; an inconclusive answer (no sample, not a number, a
// server away, a status outside 2xx) is tried again every `interval_s`, `tries` times in all,
// and then fails it.
struct Analysis {
  enum class Kind { Prometheus, Http, Job };
  Kind kind = Kind::Prometheus;
  // Prometheus: the server's address (http://host:port) and an instant PromQL query whose one
  // sample (or scalar) must be below and/or above the bounds given.
  std::string address, query;
  // Http: a GET of `url` whose JSON answer, at the JSON pointer `pointer` ("" is the whole
  // document), must equal `equals` (when set) and be below/above the bounds given.
  std::string url, pointer;
  Json equals;  // null when not given
  std::optional<double> below, above;
  // Job: a Job of this image and command that must complete within timeout_s.
  std::string image, version;
  std::vector<std::string> command, args;
  int timeout_s = 120;
  int tries = 3;
  int interval_s = 5;
  SourceLoc loc;
};

// One step of a rollout: move traffic to `weight` percent of the new version, wait, or check.
struct RolloutStep {
  enum class Kind { Weight, Pause, Analysis };
  Kind kind = Kind::Weight;
  int weight = 0;                // Weight: 0..100, the share of requests the new version gets
  std::optional<int> pause_s;    // Pause: seconds; absent: until `vsctl rollout promote`
  Analysis analysis;             // Analysis
  SourceLoc loc;
};

// How a new version of a service takes traffic. Rolling: the workload's own rolling update.
// Canary: a second workload of the new version (<service>-canary) gets the steps' weights,
// through the Gateway API HTTPRoute named `route` (backends <service>-stable and
// <service>-canary) or, without one, by instance counts. BlueGreen: the new version runs in
// full beside the old (<service>-preview, with its own Service), the steps (pauses and
// analyses) run against it, then the service's Service switches to it.
struct Rollout {
  enum class Strategy { Rolling, Canary, BlueGreen };
  enum class Traffic { Replicas, Gateway };
  Strategy strategy = Strategy::Rolling;
  Traffic traffic = Traffic::Replicas;
  std::string route;  // Gateway: the HTTPRoute's name, in the architecture's namespace
  std::vector<RolloutStep> steps;
  SourceLoc loc;        // of `rollout`, when written
  SourceLoc route_loc;  // of traffic.gateway.route, when written

  bool progressive() const { return strategy != Strategy::Rolling; }
};

const char* to_string(Rollout::Strategy s);  // "rolling", "canary", "blueGreen"

struct Service {
  std::string name;
  SourceLoc loc;
  std::string image;
  std::string version;
  SourceLoc version_loc;
  Importance importance = Importance::Normal;
  Recovery recovery = Recovery::Cattle;
  int min = 1, max = 1;
  SourceLoc instances_loc;
  std::optional<int> autoscale_cpu;  // percent, when min < max
  std::vector<std::string> command, args;
  Resources resources;
  std::vector<EnvVar> env;
  std::vector<EnvFrom> env_from;
  std::vector<Port> ports;
  std::optional<Health> health;
  Placement placement;
  std::vector<Volume> storage;
  std::vector<Dependency> depends_on;  // sorted by service name
  std::vector<ObjectFile> objects;
  std::vector<Patch> patches;
  Allow allow;
  Hook pre_update, post_update;
  std::vector<std::string> image_pull_secrets;
  Rollout rollout;

  bool autoscaled() const { return min < max; }
  // The image reference with the version as tag, unless the image already has a tag or digest.
  std::string image_ref() const;
  const Dependency* dependency(std::string_view service) const;
};

// `image` with `version` as its tag, unless it already carries a tag or a digest.
std::string image_with_tag(const std::string& image, const std::string& version);

struct Environment {
  std::string name;
  std::string context;
  std::string ns;
  SourceLoc loc;
};

// One stage of spec.promotion: the environments a VersionSet reaches together, once the stage
// before has run it, every service Running, for `soak_ms`, and (when approval is manual) once a
// person confirms.
struct PromotionStage {
  enum class Approval { Auto, Manual };
  std::string name;
  SourceLoc loc;
  std::vector<std::string> environments;  // as written, or the stage's own name when not given
  bool environments_written = false;
  long long soak_ms = 0;  // from after.soak; 0 when not given
  Approval approval = Approval::Auto;
};

const char* to_string(PromotionStage::Approval a);

// The ordered promotion stages of spec.promotion; empty when the manifest has none.
struct Promotion {
  std::vector<PromotionStage> stages;
  SourceLoc loc;

  bool empty() const { return stages.empty(); }
  // The stage that holds `env`, or nullptr.
  const PromotionStage* stage_of(std::string_view env) const;
};

struct Architecture {
  std::string name;       // metadata.name
  std::string ns;         // the namespace of this view
  std::string env;        // the environment of this view, empty for the base
  std::string context;    // the kubeconfig context the environment names, if any
  std::string source;     // source name of the manifest
  std::vector<Service> services;  // sorted by name
  std::vector<Environment> environments;
  Promotion promotion;  // the base manifest's, the same in every view

  const Service* find(std::string_view name) const;
  Service* find(std::string_view name);
};

}  // namespace vsctl::manifest
