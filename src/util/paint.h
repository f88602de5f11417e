#pragma once
// Terminal colour: text wrapped in ANSI escape codes, or left as it is. Whether to colour is
// the caller's decision (a terminal, no NO_COLOR, no --no-color).
#include <string>
#include <string_view>

namespace vsctl::util {

enum class Color { None, Red, Green, Yellow, Blue, Magenta, Cyan, Bold, Dim };

// `text` in the escape codes of `c` when `enabled`.
std::string paint(std::string_view text, Color c, bool enabled);

}  // namespace vsctl::util
