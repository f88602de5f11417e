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

std::string percent_encode(std::string_view s, std::string_view keep) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                      c == '_' || c == '~';
    if (unreserved || keep.find(static_cast<char>(c)) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace vsctl::util
