#pragma once
// The registry view of one architecture (vsctl status): every service with its desired version
// (from the newest record), the versions that run live, instances, lifecycle state with its
// reason, importance, recovery, drift from the record and vetoed versions; a header with the
// applied VersionSet. Pure: a function of objects already read, the record and the vetoes.
#include <optional>
#include <string>
#include <vector>

#include "apply/record.h"
#include "health/state.h"
#include "k8s/json.h"

namespace vsctl::status {

// A vetoed version (the ConfigMap vsctl.<architecture>.vetoes).
struct Veto {
  std::string service, version, reason, by, at;
};

struct Input {
  std::string architecture, ns;
  // The architecture's live objects: Deployments, StatefulSets, Pods, Services, EndpointSlices,
  // HorizontalPodAutoscalers, and ReplicaSets, PersistentVolumeClaims and Warning Events for the
  // cause of a block (others are ignored).
  std::vector<k8s::Json> live;
  std::optional<apply::Record> record;  // the newest record, without its objects
  std::vector<Veto> vetoes;
};

// Where a service is: in the record and live, only in the record, or only live.
enum class Presence { Live, Missing, Unrecorded };
const char* to_string(Presence p);

struct VersionCount {
  std::string version;
  int count = 0;
};

struct Row {
  std::string name;
  Presence presence = Presence::Live;
  std::string desired_version;        // from the record ("" when not recorded)
  std::string workload_version;       // the live workload's version label
  std::vector<VersionCount> versions; // live instances by version, most first
  int pods = 0;                       // live instances counted in `versions`
  int ready = 0, desired = 0;         // instances ready (of the workload's version) / wanted
  int min = 0, max = 0;               // instances the record asks for (live autoscaler's when unrecorded)
  health::State state = health::State::Provision;
  std::string reason, message;
  std::string importance, recovery;   // "" when unknown
  std::vector<std::string> drift;     // how it differs from the record
  std::vector<std::string> vetoed;    // vetoed versions it runs or wants
};

struct Header {
  std::string architecture, ns;
  std::optional<apply::Record> record;
  int services = 0, drifted = 0, missing = 0, unrecorded = 0, failed = 0, vetoed = 0;
};

struct Registry {
  Header header;
  std::vector<Row> rows;  // by name
  std::vector<Veto> vetoes;
};

Registry build(const Input& in);

// "1.4.2 (2/3), 1.4.1 (1/3)"; one version alone without counts; "-" without instances.
std::string format_versions(const Row& r);

}  // namespace vsctl::status
