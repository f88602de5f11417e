#pragma once
// What status reads besides the live objects, and how one view is printed: shared by the
// one-shot status and --watch.
#include <optional>
#include <string>
#include <vector>

#include "apply/record.h"
#include "kube/cluster_client.h"
#include "status/registry.h"

namespace vsctl::cli {

util::Result<std::vector<status::Veto>> read_vetoes(kube::ClusterClient& client, const std::string& ns,
                                                    const std::string& architecture);
util::Result<std::optional<apply::Record>> read_latest(kube::ClusterClient& client, const std::string& ns,
                                                       const std::string& architecture);
// One view on stdout: the text (coloured when `color`) or a one-line JSON document; flushed.
void print_status(const status::Registry& reg, bool json, bool color);

}  // namespace vsctl::cli
