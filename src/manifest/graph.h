#pragma once
// The dependency graph of a view: strongly connected components (services on a cycle converge
// together as one group) in dependency order, and the waves a planner runs. Deterministic:
// ties broken by name. Edges to services that do not exist are ignored here (check reports them).
#include <string>
#include <vector>

#include "manifest/model.h"

namespace vsctl::manifest {

struct Group {
  std::vector<std::string> services;  // sorted by name; more than one: a cycle
  bool cyclic = false;                // also true for a service that depends on itself
  int wave = 0;                       // 0: depends on nothing outside itself
};

struct Graph {
  std::vector<Group> groups;  // dependencies before dependents; within a wave by first name
  // Cycles as paths "a -> b -> a", one per cyclic group.
  std::vector<std::vector<std::string>> cycles;
  int waves() const;
};

Graph build_graph(const Architecture& a);

// Every service that depends on `name`, directly or transitively (not including `name`).
std::vector<std::string> dependents_of(const Architecture& a, const std::string& name);

}  // namespace vsctl::manifest
