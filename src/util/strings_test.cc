#include "util/strings.h"

#include <doctest/doctest.h>

#include "util/diagnostic.h"
#include "util/hash.h"

using namespace vsctl::util;

TEST_CASE("edit distance and did-you-mean") {
  CHECK(edit_distance("version", "verison") == 2);
  CHECK(edit_distance("abc", "abc") == 0);
  std::vector<std::string> fields{"version", "image", "instances"};
  CHECK(did_you_mean("verison", fields) == " (did you mean \"version\"?)");
  CHECK(did_you_mean("zzzzzzzz", fields).empty());
  std::vector<std::string> envs{"staging", "production", "preview"};
  CHECK(did_you_mean("prod", envs) == " (did you mean \"production\"?)");
  CHECK(did_you_mean("pr", envs).empty());   // too short to say
  CHECK(did_you_mean("pre", envs) == " (did you mean \"preview\"?)");  // within edit distance wins
  std::vector<std::string> two{"production", "producer"};
  CHECK(did_you_mean("produ", two).empty());  // abbreviates both: no guess
}

TEST_CASE("quote escapes control bytes") {
  CHECK(quote("a\"b") == "\"a\\\"b\"");
  CHECK(quote(std::string("a\0b", 3)) == "\"a\\x00b\"");
}

TEST_CASE("diagnostic format shows the line and a caret under the column") {
  Diagnostic d{Severity::Error, {"a.yaml", 2, 5}, "bad thing", "x"};
  CHECK(format(d, "one\ntwo: 3\n") == "a.yaml:2:5: error: bad thing\n  two: 3\n      ^\n");
  Diagnostic w{Severity::Warning, {"a.yaml", 0, 0}, "whole file", "x"};
  CHECK(format(w, "") == "a.yaml: warning: whole file\n");
}

TEST_CASE("hash, base64 and gzip round trips") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(base64_encode("hello") == "aGVsbG8=");
  CHECK(*base64_decode("aGVsbG8=") == "hello");
  CHECK(!base64_decode("a$=="));
  std::string big(100000, 'x');
  CHECK(*gunzip(gzip(big), 200000) == big);
  CHECK(!gunzip(gzip(big), 1000));
  CHECK(!gunzip("not gzip", 1000));
}
