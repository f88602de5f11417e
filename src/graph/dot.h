#pragma once
// The dependency graph of a VersionSet as Graphviz DOT: one node per service with its version,
// importance and recovery mode, one edge per dependency labelled with its range (dependent ->
// dependency), cycles in red with their paths spelled out, ranges the dependency's version does
// not satisfy and dependencies on services that do not exist flagged. With live states, each
// node is filled by its lifecycle state. Pure: text in, text out.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "health/state.h"
#include "manifest/model.h"

namespace vsctl::graph {

// What the cluster runs of one service.
struct LiveState {
  health::State state = health::State::Provision;
  std::string reason;   // why it failed, or what blocks it
  std::string version;  // the version running; empty when unknown
  std::string message = {};  // the cause in full ("container api: CrashLoopBackOff, last exit 1 ..."): the node's tooltip
};

struct DotOptions {
  std::string title;  // shown above the graph: "shop @ 1a2b3c4"
  // Live states by service; nullopt: not asked for (no colours). A service missing from the
  // map is not deployed.
  std::optional<std::map<std::string, LiveState>> live;
};

std::string to_dot(const manifest::Architecture& a, const DotOptions& o);

// `s` as a DOT double-quoted string.
std::string quote(std::string_view s);

// The fill colour of a lifecycle state (an X11 colour name Graphviz knows).
const char* state_color(health::State s);

}  // namespace vsctl::graph
