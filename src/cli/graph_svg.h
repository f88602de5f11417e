#pragma once
// DOT to SVG through Graphviz's `dot`, run as a process (Debian package graphviz).
#include <string>

#include "util/error.h"

namespace vsctl::cli {

// The SVG `dot -Tsvg` makes of `dot_text`; Io error naming the package when dot is missing,
// and dot's own message when it fails.
util::Result<std::string> dot_to_svg(const std::string& dot_text, const std::string& dot_program = "dot");

}  // namespace vsctl::cli
