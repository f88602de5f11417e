#include "cli/output.h"

#include <unistd.h>

#include <cstdlib>

namespace vsctl::cli {

namespace {
bool g_out_color = false;
bool g_err_color = false;
bool g_err_tty = false;
bool g_in_tty = false;
int g_verbosity = 0;
}  // namespace

void Output::init(bool no_color, int verbosity) {
  const char* nc = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  bool allowed = !no_color && !(nc && *nc) && !(term && std::string_view(term) == "dumb");
  g_err_tty = isatty(STDERR_FILENO) == 1;
  g_in_tty = isatty(STDIN_FILENO) == 1;
  g_out_color = allowed && isatty(STDOUT_FILENO) == 1;
  g_err_color = allowed && g_err_tty;
  g_verbosity = verbosity;
}

bool Output::stdout_color() { return g_out_color; }
bool Output::stderr_color() { return g_err_color; }
bool Output::stderr_is_terminal() { return g_err_tty; }
bool Output::stdin_is_terminal() { return g_in_tty; }
int Output::verbosity() { return g_verbosity; }

std::string Output::paint(std::string_view text, Color c, bool enabled) { return util::paint(text, c, enabled); }

}  // namespace vsctl::cli
