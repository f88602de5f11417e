#include "util/diagnostic.h"

#include <doctest/doctest.h>

namespace vsctl::util {

TEST_CASE("format: source:line:col, the line and a caret under the column") {
  Diagnostic d{Severity::Error, {"a.yaml", 2, 5}, "bad value", "x"};
  CHECK(format(d, "first\nkey: value\n") == "a.yaml:2:5: error: bad value\n  key: value\n      ^\n");
  d.loc = {"a.yaml", 0, 0};
  CHECK(format(d, "first\n") == "a.yaml: error: bad value\n");
}

TEST_CASE("format: echoed lines cannot reach the terminal as control sequences") {
  Diagnostic d{Severity::Error, {"a.yaml", 1, 9}, "m", "x"};
  CHECK(format(d, "a: \x1b]0;pwned\x07\n") == "a.yaml:1:9: error: m\n  a: ?]0;pwned?\n          ^\n");
  CHECK(printable_line("nul\0here") == "nul");  // a string_view from a C string stops at NUL
  CHECK(printable_line(std::string_view("nul\0here", 8)) == "nul?here");
  CHECK(printable_line("caf\xe9!") == "caf?!");               // Latin-1, not UTF-8
  CHECK(printable_line("\xc2\x9b" "31m") == "?31m");           // C1 control (CSI)
  CHECK(printable_line("\xed\xa0\x80") == "???");              // a surrogate is not UTF-8
  CHECK(printable_line("tab\tcaf\xc3\xa9") == "tab\tcaf\xc3\xa9");
}

TEST_CASE("caret_padding: one blank per character, tabs kept") {
  CHECK(caret_padding("abc", 3) == "  ");
  CHECK(caret_padding("\tab", 3) == "\t ");
  CHECK(caret_padding("caf\xc3\xa9: x", 8) == "      ");  // byte column 8 is the 7th character
  CHECK(caret_padding("caf\xe9: x", 7) == "      ");      // a bad byte shows as one '?'
  CHECK(caret_padding("ab", 100) == "  ");
  CHECK(caret_padding("ab", 0).empty());
}

}  // namespace vsctl::util
