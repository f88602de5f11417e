#include "util/printable.h"

#include <cstdio>

namespace vsctl::util {

std::string printable(std::string_view s, Newlines newlines) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    bool control = c < 0x20 || c == 0x7f;
    if (!control || c == '\t' || (c == '\n' && newlines == Newlines::Keep)) {
      out += static_cast<char>(c);
      continue;
    }
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", c);
    out += buf;
  }
  return out;
}

}  // namespace vsctl::util
