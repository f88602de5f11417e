#pragma once
// The cluster side of a diff, through the ClusterClient interface only (no transport here):
// read what the cluster has of an architecture, dry-run what must be dry-run, compare.
//
// Requests: one LIST per kind with the architecture's label selector; a GET per desired object
// that the lists did not find (it may exist without vsctl's labels), skipped inside namespaces
// that do not exist; one server-side dry-run apply (vsctl's field manager, force, strict field
// validation) per object that needs one, all at once.
#include <span>
#include <string>
#include <vector>

#include "diff/compare.h"
#include "diff/pairing.h"
#include "diff/policy.h"
#include "k8s/object_key.h"
#include "kube/cluster_client.h"

namespace vsctl::diff {

struct LiveQuery {
  std::string architecture;  // metadata.name: the part-of label
  std::string namespace_;    // the view's namespace
  // Kinds to look for besides those of the desired objects and vsctl's own (Namespace,
  // Deployment, StatefulSet, Service, HorizontalPodAutoscaler, ConfigMap, Secret, ...): those
  // of a base VersionSet, for instance, so that objects it had are found for removal.
  std::vector<k8s::GroupVersionKind> kinds;
};

// "app.kubernetes.io/part-of=<architecture>,app.kubernetes.io/managed-by=vsctl".
std::string architecture_selector(std::string_view architecture);

struct Live {
  std::vector<k8s::Json> objects;  // labelled ones, then desired ones found without the labels
  std::size_t lists = 0, gets = 0;  // requests made, for -v
};

// What the cluster has: every object labelled as the architecture's, and the desired objects
// that exist without those labels. Objects created by controllers (with a controller owner
// reference) and hook Jobs are left out.
kube::ApiResult<Live> read_live(kube::ClusterClient& client, std::span<const Desired> desired, const LiveQuery& q);

struct CompareOptions {
  Policy policy = Policy::defaults();
  std::string architecture;
};

struct Compared {
  std::vector<ObjectDiff> objects;  // by service (the architecture's own first), then key
  std::size_t dry_runs = 0;         // dry-run applies sent
  std::size_t failed = 0;           // objects whose dry-run failed
  std::vector<std::string> why;     // per dry-run of a live object: "<object>: <reason>"
};

// Pairs desired with live, dry-runs the pairs that need it, compares each. Dry-run failures
// are kept on their object (ObjectDiff::error); a namespace that does not exist yet is not one.
// Secret values are left as they are: k8s::mask_secret() them before showing.
Compared compare_live(kube::ClusterClient& client, std::span<const Desired> desired, std::span<const k8s::Json> live,
                      const CompareOptions& opts);

}  // namespace vsctl::diff
