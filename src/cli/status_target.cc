#include "cli/status_target.h"

#include <filesystem>
#include <iostream>

#include "cli/diagnostics_output.h"
#include "cli/output.h"
#include "cli/workspace.h"
#include "status/read.h"
#include "util/strings.h"

namespace vsctl::cli {

util::Result<StatusTarget> resolve_status_target(const Globals& g, const std::string& architecture) {
  manifest::Architecture view;
  bool from_manifest = false;
  VSCTL_TRY(ws, find_workspace(g));
  std::error_code ec;
  std::filesystem::path manifest = std::filesystem::path(ws.root) / ws.manifest_path;
  if (std::filesystem::exists(manifest, ec)) {
    auto loaded = load_worktree(ws, g.env);
    if (loaded && loaded->ok()) {
      view = *loaded->view;
      from_manifest = true;
    } else if (g.ns.empty()) {
      if (!loaded) return tl::unexpected(loaded.error());
      std::cerr << format_text(loaded->diags, loaded->texts, Output::stderr_color());
      return util::fail(util::ErrorKind::Invalid, "the manifest is invalid (" + count_summary(loaded->diags) +
                                                      "): fix it, or give -n NS to read the cluster alone");
    } else {
      std::cerr << "vsctl: the manifest " << ws.manifest_path << " does not load; reading namespace " << g.ns << " alone\n";
    }
  } else if (g.ns.empty()) {
    return util::fail(util::ErrorKind::Usage, "no manifest at " + manifest.string() +
                                                  ": run inside the repository (-C DIR), or give the namespace with -n NS");
  } else if (!g.env.empty()) {
    return util::fail(util::ErrorKind::Usage, "--env needs the manifest, and there is none at " + manifest.string());
  }
  VSCTL_TRY(cluster, connect(g, view, ContextCheck::Allow));
  StatusTarget t;
  t.ns = cluster.namespace_;
  t.from_manifest = from_manifest;
  t.cluster = std::move(cluster);
  if (from_manifest && (architecture.empty() || architecture == view.name)) {
    t.architecture = view.name;
    return t;
  }
  VSCTL_TRY(found, status::architectures(*t.cluster.client, t.ns));
  VSCTL_TRY(arch, status::pick_architecture(found, architecture, t.ns));
  t.architecture = arch;
  return t;
}

}  // namespace vsctl::cli
