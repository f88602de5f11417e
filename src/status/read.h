#pragma once
// What status and history read from the cluster, through ClusterClient: the architectures a
// namespace holds, an architecture's live objects (one LIST per kind, sent at once), its records and vetoes.
#include <span>
#include <string>
#include <vector>

#include "apply/record.h"
#include "apply/veto.h"
#include "k8s/json.h"
#include "kube/cluster_client.h"
#include "status/registry.h"
#include "util/error.h"

namespace vsctl::status {

// The architectures found in `ns`: named by record Secrets (vsctl.dev/record) and by workloads
// vsctl manages (app.kubernetes.io/part-of). Sorted, without duplicates.
util::Result<std::vector<std::string>> architectures(kube::ClusterClient& client, const std::string& ns);

// Picks the architecture: `wanted` when given (it must be there, unless nothing is), the only
// one found, or a Usage error naming them all and --architecture.
util::Result<std::string> pick_architecture(const std::vector<std::string>& found, const std::string& wanted,
                                            const std::string& ns);

// Deployments, StatefulSets, Pods, Services, EndpointSlices, HorizontalPodAutoscalers,
// ReplicaSets and PersistentVolumeClaims labelled part-of `architecture` in `ns`, and the
// namespace's Warning Events about pods, ReplicaSets, workloads and claims (the kinds the
// Watcher watches: what a state and the cause of a block are judged from).
util::Result<std::vector<k8s::Json>> read_live(kube::ClusterClient& client, const std::string& ns,
                                              const std::string& architecture);

// What status and the fleet view read, all in one round trip (ClusterClient::list_many): every
// record's header (newest first, as RecordStore::list gives them), the vetoes (as
// VetoStore::list) and the live objects (as read_live).
struct Snapshot {
  std::vector<apply::Record> records;
  std::vector<apply::Veto> vetoes;
  std::vector<k8s::Json> live;
};
util::Result<Snapshot> read_all(kube::ClusterClient& client, const std::string& ns, const std::string& architecture);

// The vetoes as the registry view shows them.
std::vector<Veto> vetoes_of(std::span<const apply::Veto> vetoes);

}  // namespace vsctl::status
