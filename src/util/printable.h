#pragma once
// Text from inputs (commit messages, paths, manifest lines) made safe to print on a terminal or
// into a CI log: control characters (ESC, BEL, CR, and newline unless kept) and DEL become \xNN,
// so no input can move the cursor, clear the screen, set a title or start a line of its own that
// a CI runner would read as a workflow command. Printable UTF-8 is kept as it is.
#include <string>
#include <string_view>

namespace vsctl::util {

enum class Newlines { Escape, Keep };
std::string printable(std::string_view s, Newlines newlines = Newlines::Escape);

// RFC 3986 percent-encoding: every byte but the unreserved ones (letters, digits, - . _ ~) and
// those in `keep` becomes %XX. A query value keeps nothing more; a URI path keeps "/".
std::string percent_encode(std::string_view s, std::string_view keep = {});

}  // namespace vsctl::util
