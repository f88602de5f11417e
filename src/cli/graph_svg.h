#pragma once
// DOT to SVG through Graphviz's `dot`, run as a process (Debian package graphviz), bounded:
// the graph is fed on a pipe (no temporary file to leave behind), the run has a deadline and is
// stopped with SIGINT/SIGTERM, and graphs too large for dot to lay out in reasonable time are
// refused before it starts.
#include <atomic>
#include <chrono>
#include <string>

#include "util/error.h"

namespace vsctl::cli {

struct SvgLimits {
  std::size_t max_nodes = 2000;                  // services drawn; dot's layout grows much faster
  std::chrono::milliseconds deadline{60'000};    // dot is killed after this
  const std::atomic<bool>* interrupted = nullptr;  // SIGINT/SIGTERM: dot is killed, Interrupted
};

// The SVG `dot -Tsvg` makes of `dot_text` (`nodes` services); Io error naming the package when
// dot is missing, dot's own message when it fails, and what to do instead when a bound is hit.
util::Result<std::string> dot_to_svg(const std::string& dot_text, std::size_t nodes, const SvgLimits& limits = {},
                                     const std::string& dot_program = "dot");

}  // namespace vsctl::cli
