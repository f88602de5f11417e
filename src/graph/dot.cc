#include "graph/dot.h"

#include <set>
#include <utility>

#include "manifest/graph.h"

namespace vsctl::graph {

namespace {

using manifest::Importance;

// Line width by importance: critical services stand out, low ones are dashed.
std::string importance_style(Importance i) {
  switch (i) {
    case Importance::Critical: return "penwidth=3";
    case Importance::High: return "penwidth=2";
    case Importance::Normal: return "penwidth=1";
    case Importance::Low: return "penwidth=1, style=\"rounded,filled,dashed\"";
  }
  return "penwidth=1";
}

std::string node_line(const manifest::Service& s, const DotOptions& o, bool cyclic) {
  std::string label = s.name + "\n" + s.version + "\n" + manifest::to_string(s.importance) + ", " +
                      manifest::to_string(s.recovery);
  std::string fill = "white";
  std::string tooltip;
  if (o.live) {
    auto it = o.live->find(s.name);
    if (it == o.live->end()) {
      label += "\nnot deployed";
      fill = "gray95";
    } else {
      const LiveState& l = it->second;
      label += "\n" + std::string(health::to_string(l.state));
      if (!l.reason.empty()) label += ": " + l.reason;
      if (!l.version.empty() && l.version != s.version) label += "\nlive " + l.version;
      fill = state_color(l.state);
      if (!l.reason.empty()) tooltip = l.message;
    }
  }
  std::string attrs = "label=" + quote(label) + ", fillcolor=" + quote(fill) + ", " + importance_style(s.importance);
  if (!tooltip.empty()) attrs += ", tooltip=" + quote(tooltip);
  if (s.recovery == manifest::Recovery::Pet) attrs += ", shape=box3d";
  if (cyclic) attrs += ", color=red, fontcolor=red";
  return "  " + quote(s.name) + " [" + attrs + "];\n";
}

}  // namespace

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

const char* state_color(health::State s) {
  switch (s) {
    case health::State::Run: return "palegreen";
    case health::State::Ready: return "khaki1";
    case health::State::Provision:
    case health::State::Update:
    case health::State::Rollback:
    case health::State::Scale: return "lightskyblue";
    case health::State::Destroy: return "gray80";
    case health::State::Failed: return "salmon";
  }
  return "white";
}

std::string to_dot(const manifest::Architecture& a, const DotOptions& o) {
  manifest::Graph g = manifest::build_graph(a);
  // the group each service is in, for the services on a cycle
  std::map<std::string, std::size_t> cyclic_group;
  for (std::size_t i = 0; i < g.groups.size(); ++i)
    if (g.groups[i].cyclic)
      for (const auto& s : g.groups[i].services) cyclic_group[s] = i;

  std::string out = "digraph " + quote(a.name) + " {\n";
  std::string title = o.title.empty() ? a.name : o.title;
  for (const auto& c : g.cycles) {
    std::string path;
    for (const auto& s : c) path += (path.empty() ? "" : " -> ") + s;
    title += "\ncycle: " + path;
  }
  out += "  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", label=" + quote(title) + "];\n";
  out += "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  std::set<std::string> missing;
  for (const auto& s : a.services) out += node_line(s, o, cyclic_group.count(s.name) > 0);
  for (const auto& s : a.services) {
    for (const auto& d : s.depends_on) {
      const manifest::Service* target = a.find(d.service);
      std::string attrs = "label=" + quote(d.range_text);
      auto from = cyclic_group.find(s.name), to = cyclic_group.find(d.service);
      bool on_cycle = from != cyclic_group.end() && to != cyclic_group.end() && from->second == to->second;
      if (!target) {
        missing.insert(d.service);
        attrs += ", color=red, fontcolor=red, style=dashed";
      } else if (on_cycle) {
        attrs += ", color=red, fontcolor=red, penwidth=2";
      } else if (d.range) {
        if (!d.range->admits(target->version)) {
          attrs = "label=" + quote(d.range_text + "\nnot " + target->version) + ", color=orange, fontcolor=orange";
        }
      }
      out += "  " + quote(s.name) + " -> " + quote(d.service) + " [" + attrs + "];\n";
    }
  }
  for (const auto& m : missing)
    out += "  " + quote(m) + " [label=" + quote(m + "\nno such service") +
           ", style=\"rounded,dashed\", color=red, fontcolor=red];\n";
  return out + "}\n";
}

}  // namespace vsctl::graph
