// vsctl diff REV1 REV2 --objects: the Kubernetes objects two VersionSets render to, compared
// object by object without a cluster, normalised and masked as the live diff is.
#include <iostream>

#include "cli/convergence.h"
#include "cli/diagnostics_output.h"
#include "cli/diff_revisions.h"
#include "cli/output.h"
#include "cli/workspace.h"
#include "diff/rendered.h"
#include "diff/report.h"
#include "diff/report_markdown.h"
#include "diff/summary.h"
#include "k8s/secret.h"
#include "render/render.h"

namespace vsctl::cli {

namespace {

std::string environment_of(const manifest::Architecture& view) {
  return view.name + (view.env.empty() ? "" : " (environment " + view.env + ")");
}

std::string no_differences(const std::vector<diff::ObjectDiff>& objects,
                           const std::vector<diff::ServiceSummary>& services) {
  std::size_t n = 0;
  for (const auto& s : services) n += s.service.empty() ? 0 : 1;
  return "No differences: the " + std::to_string(objects.size()) +
         (objects.size() == 1 ? " object" : " objects") + " of " + std::to_string(n) +
         (n == 1 ? " service are" : " services are") + " the same.";
}

}  // namespace

util::Result<int> run_objects_diff(const Globals& g, const RevisionsDiffOptions& o, const VersionSetSource& a,
                                   const VersionSetSource& b) {
  auto ra = render::render(*a.loaded.view);
  auto rb = render::render(*b.loaded.view);
  for (auto* r : {&ra, &rb}) {
    const VersionSetSource& v = r == &ra ? a : b;
    r->diags.sort_unique();
    std::cerr << format_text(r->diags, v.loaded.texts, Output::stderr_color());
    if (r->diags.has_errors()) {
      std::cerr << v.source << ": does not render (" << count_summary(r->diags) << "): nothing compared\n";
      return 3;
    }
  }
  // the repository's policy: fields it never compares are left out here too
  VSCTL_TRY(ws, find_workspace(g));
  VSCTL_TRY(policy, repository_policy(ws));
  auto from = diff::desired_of(ra);
  auto to = diff::desired_of(rb);
  auto objects = diff::compare_rendered(from, to, policy);
  if (o.secrets == versionset::SecretValues::Masked)
    for (auto& d : objects) k8s::mask_secret(d.key, d.before, d.after);
  auto services = diff::summarize(objects);
  bool differs =
      std::any_of(objects.begin(), objects.end(), [](const diff::ObjectDiff& d) { return d.differs(); });

  std::string from_label = revision_label(o.rev1, a), to_label = revision_label(o.rev2, b);
  std::string what = environment_of(*b.loaded.view);
  if (o.output == "json") {
    auto view = diff::view_json(services, objects, o.rev1, o.rev2);
    nlohmann::json out = {{"from", revision_json(o.rev1, a)},
                          {"to", revision_json(o.rev2, b)},
                          {"architecture", b.loaded.view->name},
                          {"environment", b.loaded.view->env},
                          {"differences", differs},
                          {"services", std::move(view["services"])},
                          {"objects", std::move(view["objects"])}};
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else if (o.output == "markdown") {
    markdown::Document doc =
        diff::view_markdown(services, objects, o.rev1, o.rev2, no_differences(objects, services));
    doc.top = "### vsctl diff " + markdown::text(from_label + " -> " + to_label) + "\n\nThe objects of " +
              markdown::text(what) + ", as rendered.\n\n" + doc.top;
    markdown::Cap cap;
    cap.full = full_command(g, o);
    std::cout << markdown::render(doc, cap);
  } else {
    const bool color = Output::stdout_color();
    std::cout << "diff " << from_label << " -> " << to_label << ": the objects of " << what << "\n\n";
    if (!differs)
      std::cout << no_differences(objects, services) << "\n";
    else
      std::cout << diff::summary_text(services, objects, color)
                << diff::sections_text(services, objects, color, o.rev1, o.rev2);
  }
  return differs ? 1 : 0;
}

}  // namespace vsctl::cli
