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

std::string Output::paint(std::string_view text, Color c, bool enabled) {
  if (!enabled || c == Color::None) return std::string(text);
  const char* code = "";
  switch (c) {
    case Color::Red: code = "\x1b[31m"; break;
    case Color::Green: code = "\x1b[32m"; break;
    case Color::Yellow: code = "\x1b[33m"; break;
    case Color::Blue: code = "\x1b[34m"; break;
    case Color::Cyan: code = "\x1b[36m"; break;
    case Color::Bold: code = "\x1b[1m"; break;
    case Color::Dim: code = "\x1b[2m"; break;
    case Color::None: break;
  }
  return std::string(code) + std::string(text) + "\x1b[0m";
}

}  // namespace vsctl::cli
