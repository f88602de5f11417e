#include "markdown/markdown.h"

#include <doctest/doctest.h>

using namespace vsctl;

namespace {

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("a code fence is longer than any run of backticks in the content") {
  CHECK(markdown::fence_for("plain") == "```");
  CHECK(markdown::fence_for("a ``` b") == "````");
  CHECK(markdown::fence_for("```\n`````\n``") == "``````");
  std::string hostile = "value: ```\n```\n</details>\n";
  std::string block = markdown::code_block(hostile, "yaml");
  CHECK(block == "````yaml\nvalue: ```\n```\n</details>\n````\n");
  // no line of the content is the closing fence
  CHECK(count(block, "\n````\n") == 1);
  CHECK(markdown::code_block("no final line break") == "```\nno final line break\n```\n");
}

TEST_CASE("table cells escape pipes, Markdown and HTML, and keep line breaks as <br>") {
  CHECK(markdown::cell("a|b") == "a\\|b");
  CHECK(markdown::cell("two\nlines") == "two<br>lines");
  CHECK(markdown::cell("<script>*x*_y_") == "\\<script>\\*x\\*\\_y\\_");
  CHECK(markdown::cell("`code` [link](x)") == "\\`code\\` \\[link\\](x)");
  CHECK(markdown::cell("2.2.0 -> 2.3.0") == "2.2.0 -> 2.3.0");
}

TEST_CASE("inline text escapes what starts a block only at its start") {
  CHECK(markdown::text("# not a heading") == "\\# not a heading");
  CHECK(markdown::text("- not a list - item") == "\\- not a list - item");
  CHECK(markdown::text("1. not a list") == "1\\. not a list");
  CHECK(markdown::text("> not a quote") == "\\> not a quote");
  CHECK(markdown::text("a\nb") == "a b");
  CHECK(markdown::text("back\\slash") == "back\\\\slash");
}

TEST_CASE("HTML text and inline code") {
  CHECK(markdown::html("<b>a & \"b\"</b>") == "&lt;b&gt;a &amp; &quot;b&quot;&lt;/b&gt;");
  CHECK(markdown::code("vsctl diff") == "`vsctl diff`");
  CHECK(markdown::code("a `b` c") == "``a `b` c``");
  CHECK(markdown::code("`edge`") == "`` `edge` ``");
  CHECK(markdown::code_cell("a|b `c`") == "`` a\\|b `c` ``");
}

TEST_CASE("a table has a header, a delimiter row and padded rows") {
  std::string t = markdown::table({"Service", "Change"}, {{"cart", "Update"}, {"redis"}});
  CHECK(t == "| Service | Change |\n| --- | --- |\n| cart | Update |\n| redis |  |\n");
}

TEST_CASE("a collapsible section leaves a blank line after its summary") {
  std::string d = markdown::details("<b>cart</b>", "body");
  CHECK(d == "<details><summary><b>cart</b></summary>\n\nbody\n\n</details>\n\n");
  CHECK(markdown::details("s", "b\n", true).rfind("<details open><summary>", 0) == 0);
}

TEST_CASE("a document within the cap is whole") {
  markdown::Document d{"top\n\n", {"one\n\n", "two\n\n"}};
  CHECK(markdown::render(d, {}) == "top\n\none\n\ntwo\n\n");
}

TEST_CASE("a document over the cap is cut between sections and says so") {
  markdown::Document d;
  d.top = "# Title\n\n| a |\n| --- |\n| b |\n";
  for (int i = 0; i < 10; ++i)
    d.sections.push_back("<details><summary>s" + std::to_string(i) + "</summary>\n\n" +
                         std::string(100, 'x') + "\n\n</details>\n\n");
  markdown::Cap cap;
  cap.limit = 600;
  cap.full = "`vsctl diff A B`";
  std::string out = markdown::render(d, cap);
  CHECK(out.size() <= 600);
  CHECK(out.rfind(d.top, 0) == 0);
  // whole sections only: every one opened is closed
  CHECK(count(out, "<details>") == count(out, "</details>"));
  std::size_t shown = count(out, "<details>");
  CHECK(shown > 0);
  CHECK(shown < 10);
  std::string left =
      std::to_string(10 - shown) + " of 10 services are not shown; `vsctl diff A B` shows them all.\n";
  CHECK(out.size() >= left.size());
  CHECK(out.substr(out.size() - left.size()) == left);
  CHECK(out.find("\n\n**Cut to fit 600 characters:** ") != std::string::npos);
}

TEST_CASE("a summary longer than the cap is cut at a line break, before any section") {
  markdown::Document d;
  for (int i = 0; i < 100; ++i) d.top += "| row " + std::to_string(i) + " |\n";
  d.sections = {"<details><summary>x</summary>\n\ny\n\n</details>\n\n"};
  markdown::Cap cap;
  cap.limit = 400;
  cap.noun = "files";
  std::string out = markdown::render(d, cap);
  CHECK(out.size() <= 400);
  CHECK(out.find("<details>") == std::string::npos);
  CHECK(
      out.find("|\n\n**Cut to fit 400 characters:** the summary is cut and 1 of 1 files are not shown.\n") !=
      std::string::npos);
  CHECK(markdown::render(d, {}).size() == d.top.size() + d.sections[0].size());
  CHECK(markdown::render(d, {65536, "services", ""}).find("65,536") == std::string::npos);
}
