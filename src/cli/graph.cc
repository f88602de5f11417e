// vsctl graph [REV] [-o dot|svg] [--live]: the dependency graph of a VersionSet, with live
// lifecycle states when asked for.
#include <iostream>

#include "cli/app.h"
#include "cli/cluster.h"
#include "cli/diagnostics_output.h"
#include "cli/git_workspace.h"
#include "cli/graph_svg.h"
#include "cli/signals.h"
#include "cli/output.h"
#include "graph/dot.h"
#include "graph/live.h"
#include "status/read.h"
#include "k8s/labels.h"

namespace vsctl::cli {

namespace {

struct GraphOptions {
  std::string rev;
  std::string output = "dot";
  bool live = false;
  bool force_context = false;
};

util::Result<std::map<std::string, graph::LiveState>> read_states(const Globals& g, const GraphOptions& o,
                                                                   manifest::Architecture view) {
  VSCTL_TRY(cluster, connect(g, view, o.force_context ? ContextCheck::Allow : ContextCheck::Refuse));
  if (Output::verbosity() > 0)
    std::cerr << "reading " << view.name << " from the cluster (context " << cluster.context << ", namespace "
              << view.ns << ")\n";
  // what status reads: the same kinds, and the Warning Events that say why a service is blocked
  VSCTL_TRY(live, status::read_live(*cluster.client, view.ns, view.name));
  return graph::live_states(view, live);
}

std::string title_of(const VersionSetSource& v) {
  const manifest::Architecture& a = *v.loaded.view;
  std::string t = a.name;
  if (!a.env.empty()) t += " (" + a.env + ")";
  if (v.commit) t += " @ " + v.commit->id.short_hex() + " " + v.commit->subject;
  else t += " @ working tree";
  return t;
}

util::Result<int> run_graph(const Globals& g, const GraphOptions& o) {
  VSCTL_TRY(v, load_versionset(g, o.rev, g.env));
  std::cerr << format_text(v.loaded.diags, v.loaded.texts, Output::stderr_color());
  if (!v.loaded.view) {
    std::cerr << v.source << ": invalid: " << count_summary(v.loaded.diags) << ": no graph to draw\n";
    return 3;
  }
  graph::DotOptions dopts{title_of(v), std::nullopt};
  if (o.live) {
    VSCTL_TRY(states, read_states(g, o, *v.loaded.view));
    dopts.live = std::move(states);
  }
  std::string dot = graph::to_dot(*v.loaded.view, dopts);
  if (o.output == "svg") {
    SvgLimits limits;
    limits.interrupted = &interrupt_flag();
    VSCTL_TRY(svg, dot_to_svg(dot, v.loaded.view->services.size(), limits));
    std::cout << svg;
  } else {
    std::cout << dot;
  }
  if (v.loaded.diags.has_errors()) {
    std::cerr << v.source << ": invalid: " << count_summary(v.loaded.diags)
              << " (drawn as far as it reads; run vsctl validate for the details)\n";
    return 3;
  }
  return 0;
}

}  // namespace

void add_graph(CLI::App& app, Globals& g, Registry& reg) {
  auto opts = std::make_shared<GraphOptions>();
  CLI::App* sub = app.add_subcommand("graph", "Draw the dependency graph of a VersionSet (Graphviz DOT or SVG)");
  sub->add_option("REV", opts->rev, "A git revision (default: the working tree)");
  sub->add_option("-o,--output", opts->output, "Output format: dot, or svg through Graphviz's dot")
      ->check(CLI::IsMember({"dot", "svg"}));
  sub->add_flag("--live", opts->live, "Fill each service with its lifecycle state in the cluster");
  sub->add_flag("--force-context", opts->force_context, "With --live: read a context other than the environment's");
  sub->footer(
      "Each service shows its version, importance and recovery mode (pets are drawn as boxes in 3D,\n"
      "critical services with a thick border, low ones dashed); each edge points from a service to\n"
      "a dependency and carries the range. Cycles are red and spelled out in the title; a range the\n"
      "dependency's version does not satisfy is orange; a dependency on a missing service is red\n"
      "and dashed. With --live: Run green, Ready yellow, changes under way blue, Failed red, not\n"
      "deployed grey. Exits 3 when the VersionSet is invalid (the graph is still drawn), 5 when\n"
      "--live cannot read the cluster.\n\n"
      "Examples:\n"
      "  vsctl graph | dot -Tpng > shop.png    through Graphviz yourself\n"
      "  vsctl graph HEAD~1 -o svg > shop.svg  a commit's graph as SVG\n"
      "  vsctl graph --live -o svg > live.svg  coloured by what runs in the cluster");
  reg.add(sub, [&g, opts] { return run_graph(g, *opts); });
}

}  // namespace vsctl::cli
