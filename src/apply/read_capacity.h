#pragma once
// Reads what the capacity check needs: the nodes, every namespace's unfinished pods, the
// namespace's ResourceQuotas, LimitRanges and PersistentVolumeClaims, the StorageClasses and the
// PersistentVolumes. One LIST each. A user who may not list nodes or pods cluster-wide gets
// the plan without the check, and is told why.
#include <string>
#include <vector>

#include "capacity/room.h"
#include "k8s/json.h"
#include "kube/cluster_client.h"
#include "util/error.h"

namespace vsctl::apply {

struct CapacityRead {
  std::vector<k8s::Json> nodes, pods, quotas, limit_ranges, storage_classes, volumes, claims;
  std::string skipped;  // why the check cannot be made ("listing nodes is forbidden: ..."), else ""
  std::size_t lists = 0;
  capacity::Objects objects() const {
    return {nodes, pods, quotas, limit_ranges, storage_classes, volumes, claims};
  }
};

util::Result<CapacityRead> read_capacity(kube::ClusterClient& client, const std::string& ns);

}  // namespace vsctl::apply
