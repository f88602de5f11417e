#include "util/printable.h"

#include <doctest/doctest.h>

using vsctl::util::Newlines;
using vsctl::util::printable;

TEST_CASE("printable: control characters are escaped, printable UTF-8 and tabs kept") {
  CHECK(printable("fix \x1b]0;pwned\x07 title") == "fix \\x1b]0;pwned\\x07 title");
  CHECK(printable("clear\x1b[2J") == "clear\\x1b[2J");
  CHECK(printable("a\nb\r") == "a\\x0ab\\x0d");
  CHECK(printable("a\nb", Newlines::Keep) == "a\nb");
  CHECK(printable("caf\xc3\xa9\tdel\x7f") == "caf\xc3\xa9\tdel\\x7f");
}
