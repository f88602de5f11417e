#pragma once
// Small pieces of the manifest checks' messages, shared by the readers and checks.
#include <string>

#include "util/diagnostic.h"

namespace vsctl::manifest {

// Did-you-mean costs a comparison with every candidate: offered for the first this many unknown
// names only, so a manifest full of them stays linear.
inline constexpr int kMaxSuggestions = 20;

// " (line N)" for a message that points at another place in the same source; "" when the line
// is unknown.
inline std::string line_note(const util::SourceLoc& l) {
  return l.line ? " (line " + std::to_string(l.line) + ")" : std::string();
}

}  // namespace vsctl::manifest
