#pragma once
// Reads what the cluster has that a plan compares against: one LIST per kind and namespace
// (the desired objects' kinds, vsctl's workload kinds, and the kinds the last record stored),
// without a label selector for the desired kinds so that unowned objects with vsctl's names are
// found too. Objects that controllers made (with a controller owner reference) are left out.
#include <span>
#include <string>
#include <vector>

#include "k8s/json.h"
#include "kube/cluster_client.h"
#include "render/render.h"
#include "util/error.h"

namespace vsctl::apply {

struct LiveRead {
  std::vector<k8s::Json> objects;
  std::size_t lists = 0;
};

util::Result<LiveRead> read_live(kube::ClusterClient& client, std::span<const render::Object> desired,
                                 std::span<const k8s::Json> recorded, const std::string& ns,
                                 const std::string& architecture);

// "app.kubernetes.io/part-of=<architecture>"
std::string part_of_selector(std::string_view architecture);

}  // namespace vsctl::apply
