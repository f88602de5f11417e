#include "util/paint.h"

namespace vsctl::util {

std::string paint(std::string_view text, Color c, bool enabled) {
  if (!enabled || c == Color::None) return std::string(text);
  const char* code = "";
  switch (c) {
    case Color::Red: code = "\x1b[31m"; break;
    case Color::Green: code = "\x1b[32m"; break;
    case Color::Yellow: code = "\x1b[33m"; break;
    case Color::Blue: code = "\x1b[34m"; break;
    case Color::Magenta: code = "\x1b[35m"; break;
    case Color::Cyan: code = "\x1b[36m"; break;
    case Color::Bold: code = "\x1b[1m"; break;
    case Color::Dim: code = "\x1b[2m"; break;
    case Color::None: break;
  }
  return std::string(code) + std::string(text) + "\x1b[0m";
}

}  // namespace vsctl::util
