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

TEST_CASE("format: a long line is shown as a window around the column") {
  std::string line = "k: " + std::string(1000, 'a') + "!" + std::string(1000, 'b');
  Diagnostic d{Severity::Error, {"a.yaml", 1, 1004}, "m", "x"};
  std::string out = format(d, line);
  std::string window = line.substr(1004 - 1 - kMaxEchoBytes / 3, kMaxEchoBytes);
  CHECK(out == "a.yaml:1:1004: error: m\n  ..." + window + "...\n     " + std::string(kMaxEchoBytes / 3, ' ') + "^\n");
  d.loc.col = 2;
  CHECK(format(d, line).find("\n  k: aaa") != std::string::npos);
  CHECK(format(d, line).size() < 2 * kMaxEchoBytes);
}

TEST_CASE("LineIndex finds the lines line_of finds") {
  std::string text = "one\r\ntwo\n\nfour";
  LineIndex index(text);
  for (int i = -1; i <= 6; ++i) CHECK(index.line(i) == line_of(text, i));
  Diagnostic d{Severity::Warning, {"a.yaml", 2, 2}, "m", "x"};
  CHECK(format(d, index) == format(d, text));
}

}  // namespace vsctl::util

TEST_CASE("columns are printed in characters, as editors count them, a bad byte is one") {
  CHECK(vsctl::util::character_column("abc", 3) == 3);
  CHECK(vsctl::util::character_column("crème: x", 8) == 7);  // 'x' follows a two-byte è
  CHECK(vsctl::util::character_column("\xff" "a", 2) == 2);
  CHECK(vsctl::util::character_column("ab", 5) == 5);         // past the end: as far past
  CHECK(vsctl::util::character_column("", 1) == 1);
}
