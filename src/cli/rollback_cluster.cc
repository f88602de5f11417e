#include "cli/rollback_cluster.h"

#include <set>
#include <vector>

#include "apply/record.h"
#include "apply/veto.h"
#include "util/strings.h"

namespace vsctl::cli {

namespace {

// The architectures whose records live in `ns`.
util::Result<std::set<std::string>> recorded_architectures(kube::ClusterClient& client, const std::string& ns) {
  kube::ListOptions lo;
  lo.namespace_ = ns;
  lo.label_selector = std::string(apply::kLabelRecord) + "," + std::string(apply::kLabelPart) + "=header";
  auto l = client.list({"", "v1", "Secret"}, lo);
  if (!l) {
    if (l.error().kind == kube::ApiErrorKind::NotFound) return std::set<std::string>{};
    return tl::unexpected(kube::to_error(l.error()));
  }
  std::set<std::string> out;
  for (const auto& s : l->items)
    if (auto* v = k8s::find(s, "/metadata/labels/vsctl.dev~1record"); v && v->is_string()) out.insert(v->get<std::string>());
  return out;
}

}  // namespace

util::Result<ArchitectureAt> find_architecture(const Globals& g, ContextCheck check) {
  ArchitectureAt a;
  if (auto ws = find_workspace(g)) {
    if (auto loaded = load_worktree(*ws, g.env); loaded && loaded->view) {
      a.view = *loaded->view;
      a.ws = *ws;
    }
  }
  VSCTL_TRY(cluster, connect(g, a.view, check));
  a.cluster = std::move(cluster);
  if (!a.view.name.empty()) return a;

  // no manifest: the records in the namespace say which architecture lives there
  if (a.view.ns.empty()) a.view.ns = a.cluster.client->default_namespace();
  if (a.view.ns.empty()) a.view.ns = "default";
  a.cluster.namespace_ = a.view.ns;
  VSCTL_TRY(names, recorded_architectures(*a.cluster.client, a.view.ns));
  if (names.empty())
    return util::fail(util::ErrorKind::Usage, "no manifest here and no vsctl records in namespace " + util::quote(a.view.ns) +
                                                  ": run in the repository (or -C DIR), or name the namespace with -n");
  if (names.size() > 1)
    return util::fail(util::ErrorKind::Usage, "namespace " + util::quote(a.view.ns) + " holds the records of several architectures (" +
                                                  util::join(std::vector<std::string>(names.begin(), names.end()), ", ") +
                                                  "): run in the repository of the one meant (or -C DIR, -f FILE)");
  a.view.name = *names.begin();
  return a;
}

}  // namespace vsctl::cli
