#include "cli/convergence.h"

#include <iostream>

#include "cli/diagnostics_output.h"
#include "cli/output.h"
#include "manifest/document.h"
#include "util/strings.h"

namespace vsctl::cli {

util::Result<diff::Policy> repository_policy(const Workspace& ws) {
  VSCTL_TRY(text, read_optional_file(ws, engine::kPolicyFile, manifest::kMaxManifestBytes));
  return engine::policy_from(engine::kPolicyFile, text);
}

util::Result<Target> load_target(const Globals& g, const std::string& rev, int timeout_s, ContextCheck check) {
  Target t;
  VSCTL_TRY(ws, find_workspace(g));
  t.ws = ws;
  VSCTL_TRY(policy, repository_policy(ws));
  // a revision is read from git (libgit2), whatever the working tree holds
  VSCTL_TRY(loaded, load_source(g, rev, g.env));
  if (loaded.view && !g.ns.empty()) loaded.view->ns = g.ns;  // -n: where the objects render into
  auto show = [](const util::Diagnostics& d, const manifest::SourceTexts& texts) {
    std::cerr << format_text(d, texts, Output::stderr_color());
  };
  VSCTL_TRY(desired, engine::from_manifest(std::move(loaded), std::move(policy), timeout_s, show));
  t.desired = std::move(desired);
  VSCTL_TRY(cluster, connect(g, t.desired.view, check));
  t.cluster = std::move(cluster);
  return t;
}

util::Result<std::chrono::milliseconds> parse_duration(const std::string& text, const std::string& flag) {
  using namespace std::chrono;
  milliseconds total{0};
  std::size_t i = 0;
  bool any = false;
  while (i < text.size()) {
    std::size_t j = i;
    while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '.')) ++j;
    if (j == i) break;
    double v = std::atof(text.substr(i, j - i).c_str());
    std::size_t k = j;
    while (k < text.size() && std::isalpha(static_cast<unsigned char>(text[k]))) ++k;
    std::string unit = text.substr(j, k - j);
    double ms = unit == "ms" ? 1 : unit == "s" || unit.empty() ? 1000 : unit == "m" ? 60000 : unit == "h" ? 3600000 : -1;
    if (ms < 0) break;
    total += milliseconds(static_cast<long long>(v * ms));
    any = true;
    i = k;
  }
  if (!any || i != text.size())
    return util::fail(util::ErrorKind::Usage, flag + ": " + util::quote(text) + " is not a duration (e.g. 90s, 5m, 1h30m)");
  return total;
}

}  // namespace vsctl::cli
