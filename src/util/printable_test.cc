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

TEST_CASE("percent_encode: unreserved bytes and the kept ones stay, the rest is %XX") {
  CHECK(vsctl::util::percent_encode("a b/c%\xc3\xa9") == "a%20b%2Fc%25%C3%A9");
  CHECK(vsctl::util::percent_encode("k8s/my file#1?.yaml", "/") == "k8s/my%20file%231%3F.yaml");
}
