#include "cli/validate_markdown.h"

#include <doctest/doctest.h>

using namespace vsctl;
using namespace vsctl::cli;

namespace {

util::Diagnostic diag(util::Severity s, std::string message, int line = 3) {
  return {s, {"architecture.yaml", line, 5}, std::move(message), "test"};
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("a finding's service is the one its message starts with") {
  CHECK(service_of(diag(util::Severity::Error, "services.web.ports.port must be between 1 and 65535")) ==
        "web");
  CHECK(service_of(diag(util::Severity::Error, "services.api: unknown field")) == "api");
  CHECK(service_of(diag(util::Severity::Error, "environment \"staging\": services.db.version: bad")) == "db");
  CHECK(service_of(diag(util::Severity::Warning, "dependency cycle: a -> b -> a")) == "");
}

TEST_CASE(
    "validate in Markdown: invalid called out first, a table, a section per service, open where it errs") {
  util::Diagnostics d;
  d.add(diag(util::Severity::Error, "services.web.version: \"```\" is not a version", 4));
  d.add(diag(util::Severity::Warning, "services.api.dependsOn: a cycle", 6));
  d.add(diag(util::Severity::Error, "services.web.image: required", 3));
  manifest::SourceTexts texts;
  texts["architecture.yaml"] = "a\nb\nc: x\nversion: \"```\"\ne\nf\n";
  ValidateResult r{"architecture.yaml", true, 2, 1, "main", "compared with main (1a2b3c4)"};
  std::string md = validate_markdown(r, d, texts, {});
  auto invalid = md.find(
      "> **Invalid:** 2 errors: vsctl renders and applies nothing of this VersionSet until they are "
      "fixed.\n");
  auto table = md.find("| Result | Services | Environments | Errors | Warnings | Base |");
  REQUIRE(invalid != std::string::npos);
  REQUIRE(table != std::string::npos);
  CHECK(invalid < table);
  CHECK(md.find("| invalid | 2 | 1 | 2 | 1 | compared with main (1a2b3c4) |") != std::string::npos);
  CHECK(md.find("| web | 2 | 0 |\n| api | 0 | 1 |\n") != std::string::npos);
  CHECK(md.find("<details open><summary><b>web</b>: 2 errors</summary>\n\n````\n") != std::string::npos);
  CHECK(md.find("<details><summary><b>api</b>: 1 warning</summary>\n\n```\n") != std::string::npos);
  // the line echoed with its backticks stays inside its block: the fence is longer
  CHECK(count(md, "\n````\n") == 2);  // its opening and closing fences, nothing else
}

TEST_CASE("a valid VersionSet without findings is one table") {
  ValidateResult r{"architecture.yaml", true, 8, 2, "", ""};
  std::string md = validate_markdown(r, {}, {}, {});
  CHECK(md ==
        "### vsctl validate: architecture.yaml\n\n| Result | Services | Environments | Errors | Warnings |\n"
        "| --- | --- | --- | --- | --- |\n| valid | 8 | 2 | 0 | 0 |\n\nNo findings.\n");
}
