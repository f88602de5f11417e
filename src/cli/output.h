#pragma once
// Where output goes: results to stdout, progress and diagnostics to stderr; colour only on a
// terminal, never with NO_COLOR or --no-color.
#include <string>
#include <string_view>

#include "util/paint.h"

namespace vsctl::cli {

using util::Color;

class Output {
 public:
  static void init(bool no_color, int verbosity);
  static bool stdout_color();
  static bool stderr_color();
  static bool stderr_is_terminal();
  static bool stdin_is_terminal();
  static int verbosity();
  // `text` wrapped in the escape codes of `c` when `enabled`.
  static std::string paint(std::string_view text, Color c, bool enabled);
};

}  // namespace vsctl::cli
