#include "manifest/graph.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace vsctl::manifest {

namespace {

// Indices of dependencies of each service (services sorted by name, edges to existing ones).
std::vector<std::vector<std::size_t>> edges_of(const Architecture& a) {
  std::vector<std::vector<std::size_t>> out(a.services.size());
  for (std::size_t i = 0; i < a.services.size(); ++i) {
    for (const auto& d : a.services[i].depends_on) {
      auto it = std::lower_bound(a.services.begin(), a.services.end(), d.service,
                                 [](const Service& s, const std::string& k) { return s.name < k; });
      if (it != a.services.end() && it->name == d.service) out[i].push_back(static_cast<std::size_t>(it - a.services.begin()));
    }
  }
  return out;
}

// Tarjan's algorithm, iterative (no recursion depth limit on long chains).
std::vector<std::vector<std::size_t>> components(const std::vector<std::vector<std::size_t>>& edges) {
  const std::size_t n = edges.size();
  constexpr std::size_t kUnset = static_cast<std::size_t>(-1);
  std::vector<std::size_t> index(n, kUnset), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<std::size_t> stack;
  std::vector<std::vector<std::size_t>> out;
  std::size_t counter = 0;
  struct Frame {
    std::size_t v, next;
  };
  for (std::size_t root = 0; root < n; ++root) {
    if (index[root] != kUnset) continue;
    std::vector<Frame> call{{root, 0}};
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!call.empty()) {
      Frame& f = call.back();
      if (f.next < edges[f.v].size()) {
        std::size_t w = edges[f.v][f.next++];
        if (index[w] == kUnset) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = true;
          call.push_back({w, 0});
        } else if (on_stack[w]) {
          low[f.v] = std::min(low[f.v], index[w]);
        }
        continue;
      }
      std::size_t v = f.v;
      call.pop_back();
      if (!call.empty()) low[call.back().v] = std::min(low[call.back().v], low[v]);
      if (low[v] == index[v]) {
        std::vector<std::size_t> comp;
        std::size_t w = 0;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          comp.push_back(w);
        } while (w != v);
        std::sort(comp.begin(), comp.end());
        out.push_back(std::move(comp));
      }
    }
  }
  return out;  // Tarjan emits components dependencies-first (reverse topological of dependents)
}

// A shortest cycle through the component's first service, as names "a -> b -> a".
std::vector<std::string> cycle_path(const Architecture& a, const std::vector<std::vector<std::size_t>>& edges,
                                    const std::vector<std::size_t>& comp) {
  std::set<std::size_t> in(comp.begin(), comp.end());
  std::size_t start = comp.front();
  std::map<std::size_t, std::size_t> parent;
  std::vector<std::size_t> frontier{start};
  std::set<std::size_t> seen;
  while (!frontier.empty()) {
    std::vector<std::size_t> next;
    for (std::size_t v : frontier) {
      std::vector<std::size_t> outs = edges[v];
      std::sort(outs.begin(), outs.end());
      for (std::size_t w : outs) {
        if (!in.count(w)) continue;
        if (w == start) {
          std::vector<std::string> path{a.services[start].name};
          std::vector<std::string> back;
          for (std::size_t x = v; x != start; x = parent[x]) back.push_back(a.services[x].name);
          path.insert(path.end(), back.rbegin(), back.rend());
          path.push_back(a.services[start].name);
          return path;
        }
        if (seen.insert(w).second) {
          parent[w] = v;
          next.push_back(w);
        }
      }
    }
    frontier = std::move(next);
  }
  return {};
}

}  // namespace

int Graph::waves() const {
  int w = 0;
  for (const auto& g : groups) w = std::max(w, g.wave + 1);
  return w;
}

Graph build_graph(const Architecture& a) {
  auto edges = edges_of(a);
  auto comps = components(edges);
  std::vector<std::size_t> comp_of(a.services.size());
  for (std::size_t c = 0; c < comps.size(); ++c)
    for (std::size_t v : comps[c]) comp_of[v] = c;
  std::vector<int> wave(comps.size(), 0);
  for (std::size_t c = 0; c < comps.size(); ++c) {  // dependencies come first in `comps`
    for (std::size_t v : comps[c])
      for (std::size_t w : edges[v])
        if (comp_of[w] != c) wave[c] = std::max(wave[c], wave[comp_of[w]] + 1);
  }
  Graph g;
  for (std::size_t c = 0; c < comps.size(); ++c) {
    Group grp;
    for (std::size_t v : comps[c]) grp.services.push_back(a.services[v].name);
    grp.wave = wave[c];
    bool self = false;
    for (std::size_t w : edges[comps[c][0]]) self = self || w == comps[c][0];
    grp.cyclic = comps[c].size() > 1 || self;
    if (grp.cyclic) g.cycles.push_back(cycle_path(a, edges, comps[c]));
    g.groups.push_back(std::move(grp));
  }
  std::stable_sort(g.groups.begin(), g.groups.end(), [](const Group& x, const Group& y) {
    return x.wave != y.wave ? x.wave < y.wave : x.services.front() < y.services.front();
  });
  std::sort(g.cycles.begin(), g.cycles.end());
  return g;
}

std::vector<std::string> dependents_of(const Architecture& a, const std::string& name) {
  std::set<std::string> out;
  std::vector<std::string> todo{name};
  while (!todo.empty()) {
    std::string cur = todo.back();
    todo.pop_back();
    for (const auto& s : a.services)
      if (s.dependency(cur) && s.name != name && out.insert(s.name).second) todo.push_back(s.name);
  }
  return {out.begin(), out.end()};
}

}  // namespace vsctl::manifest
