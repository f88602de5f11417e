#include "yaml/parse.h"

#include <doctest/doctest.h>

#include "yaml/emit.h"
#include "yaml/json.h"

using namespace vsctl;
using namespace vsctl::yaml;

namespace {
std::string first_error(const Parsed& p) {
  for (const auto& d : p.diags.items())
    if (d.severity == util::Severity::Error)
      return d.loc.source + ":" + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " + d.message;
  return "";
}
}  // namespace

TEST_CASE("scalars keep their text and position") {
  auto p = parse("a.yaml", "x:\n  version: 1.10\n  q: \"2\"\n");
  REQUIRE(p.ok());
  REQUIRE(p.documents.size() == 1);
  const Node* x = p.documents[0]->get("x");
  REQUIRE(x);
  const Node* v = x->get("version");
  CHECK(v->value == "1.10");
  CHECK(v->plain);
  CHECK(v->line == 2);
  CHECK(v->col == 12);
  CHECK_FALSE(x->get("q")->plain);
}

TEST_CASE("duplicate keys are errors that point at the second key") {
  auto p = parse("a.yaml", "a: 1\nb: 2\na: 3\n");
  CHECK_FALSE(p.ok());
  CHECK_FALSE(p.fatal);
  CHECK(first_error(p) == "a.yaml:3:1: duplicate key \"a\" (first at line 1)");
}

TEST_CASE("merge keys are refused") {
  auto p = parse("a.yaml", "base: &b {x: 1}\nsvc:\n  <<: *b\n");
  CHECK(first_error(p).find("a.yaml:3:3: merge keys (<<) are not supported") == 0);
}

TEST_CASE("syntax errors carry 1-based positions and stop the parse") {
  auto p = parse("a.yaml", "a: [1, 2\n");
  CHECK(p.fatal);
  CHECK(first_error(p).rfind("a.yaml:", 0) == 0);
  CHECK(first_error(p).find("YAML syntax") != std::string::npos);
}

TEST_CASE("hostile input is bounded") {
  SUBCASE("NUL byte") {
    auto p = parse("a.yaml", std::string("a: 1\nb: \0x\n", 11));
    CHECK(first_error(p) == "a.yaml:2:4: NUL byte in the text: is this a binary file?");
  }
  SUBCASE("invalid UTF-8") {
    auto p = parse("a.yaml", "a: \xff\xfe\n");
    CHECK(first_error(p) == "a.yaml:1:4: invalid UTF-8: YAML must be UTF-8 text");
  }
  SUBCASE("too large") {
    Limits l;
    l.max_bytes = 10;
    auto p = parse("a.yaml", "aaaaaaaaaaaaaaaaaaaa: 1\n", l);
    CHECK(p.fatal);
  }
  SUBCASE("deep nesting") {
    std::string deep(5000, '[');
    auto p = parse("a.yaml", deep);
    CHECK(p.fatal);
    CHECK(first_error(p).find("nesting deeper than 100 levels") != std::string::npos);
  }
  SUBCASE("billion laughs stays cheap to parse and is bounded to walk") {
    std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    char prev = 'a';
    for (char c = 'b'; c <= 'k'; ++c) {
      text += std::string(1, c) + ": &" + c + " [";
      for (int i = 0; i < 10; ++i) text += std::string(i ? ", *" : "*") + prev;
      text += "]\n";
      prev = c;
    }
    auto p = parse("a.yaml", text);
    REQUIRE(p.ok());
    std::size_t budget = 100000;
    auto j = to_json(*p.documents[0], "a.yaml", budget);
    CHECK_FALSE(j);
  }
  SUBCASE("cyclic alias") {
    auto p = parse("a.yaml", "a: &a [1, *a]\n");
    CHECK(p.fatal);
  }
}

TEST_CASE("core schema resolution and emit round trip") {
  auto p = parse("a.yaml", "i: 42\nf: 1.5\nb: true\nn: ~\ns: '42'\nv: 1.10\nhex: 0x1f\nt: hello world\n");
  REQUIRE(p.ok());
  std::size_t budget = 1000;
  auto j = to_json(*p.documents[0], "a.yaml", budget);
  REQUIRE(j);
  CHECK((*j)["i"] == 42);
  CHECK((*j)["f"] == 1.5);
  CHECK((*j)["b"] == true);
  CHECK((*j)["n"].is_null());
  CHECK((*j)["s"] == "42");
  CHECK((*j)["hex"] == 31);
  Json obj = {{"a", "1"}, {"b", {{"c", Json::array({Json{{"x", "y"}, {"z", true}}, "plain"})}}},
              {"e", Json::object()}, {"s", "a: b"}, {"no", "no"}};
  CHECK(emit(obj) == "a: \"1\"\nb:\n  c:\n  - x: \"y\"\n    z: true\n  - plain\ne: {}\n\"no\": \"no\"\ns: \"a: b\"\n");
  auto back = parse("b.yaml", emit(obj));
  REQUIRE(back.ok());
  budget = 1000;
  CHECK(*to_json(*back.documents[0], "b.yaml", budget) == obj);
}

TEST_CASE("multiple documents") {
  auto p = parse("a.yaml", "a: 1\n---\n---\nb: 2\n");
  REQUIRE(p.ok());
  CHECK(p.documents.size() == 2);
}

TEST_CASE("a token yaml-cpp cannot place is a syntax error, not endless empty documents") {
  for (const char* text : {",", "#web\n , mm\n", "- a\n, b\n"}) {
    CAPTURE(text);
    auto p = parse("a.yaml", text);
    CHECK(p.fatal);
    CHECK(first_error(p).find("YAML syntax: unexpected \",\"") != std::string::npos);
    CHECK(p.arena->size() < 100);
  }
  CHECK(first_error(parse("a.yaml", "#web\n , mm\n")) == "a.yaml:2:2: YAML syntax: unexpected \",\"");
}

TEST_CASE("empty documents count towards the document limit") {
  std::string text;
  for (int i = 0; i < 20; ++i) text += "---\n";
  Limits limits;
  limits.max_documents = 10;
  auto p = parse("a.yaml", text, limits);
  CHECK(first_error(p) == "a.yaml:0:0: more than 10 YAML documents");
  CHECK(parse("a.yaml", text).ok());
}

TEST_CASE("a quoted scalar that is never closed is an error, not the rest of the file") {
  CHECK(first_error(parse("a.yaml", "a: \"hello\nb: 1\n")) ==
        "a.yaml:1:4: YAML syntax: this quoted scalar is never closed (a missing \")");
  CHECK(first_error(parse("a.yaml", "a: 'it''s\n")) == "a.yaml:1:4: YAML syntax: this quoted scalar is never closed (a missing ')");
  CHECK(first_error(parse("a.yaml", "a: !!str &x \"open\\\"\n")).find("never closed") != std::string::npos);
  for (const char* ok : {"a: \"x\\\"y\"\n", "a: 'it''s'\n", "a: !!str &x \"hi\"\nb: *x\n", "- \"a\n  b\"\n", "a: |\n  \"\n",
                         "a: \"\"\n", "a: ''\n", "\"k\": v\n"}) {
    CAPTURE(ok);
    CHECK(parse("a.yaml", ok).ok());
  }
}

TEST_CASE("explicit core-schema tags type the scalar: !!float 5 is a number, !!str 5 a string") {
  auto p = parse("a.yaml", "f: !!float 5\ni: !!int \"7\"\nb: !!bool true\nn: !!null null\ns: !!str 5\n");
  REQUIRE(p.ok());
  std::size_t budget = 100;
  auto j = to_json(*p.documents[0], "a.yaml", budget);
  REQUIRE(j);
  CHECK((*j)["f"].is_number_float());
  CHECK((*j)["f"].get<double>() == 5.0);
  CHECK((*j)["i"] == 7);
  CHECK((*j)["b"] == true);
  CHECK((*j)["n"].is_null());
  CHECK((*j)["s"] == "5");
}
