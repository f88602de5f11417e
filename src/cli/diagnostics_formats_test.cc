#include "cli/diagnostics_formats.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

namespace vsctl::cli {

TEST_CASE("diagnostics as GitHub workflow commands and SARIF") {
  util::Diagnostics d;
  d.error({"1a2b3c4:deploy/architecture.yaml", 12, 5}, "unsatisfied-range", "cart needs redis \">=7\", 50% off,\nok");
  d.warning({"architecture.yaml", 0, 0}, "dependency-cycle", "a -> b -> a");
  CHECK(format_github(d) ==
        "::error file=deploy/architecture.yaml,line=12,col=5,title=vsctl unsatisfied-range::cart needs redis \">=7\", "
        "50%25 off,%0Aok\n"
        "::warning file=architecture.yaml,title=vsctl dependency-cycle::a -> b -> a\n");
  auto sarif = nlohmann::json::parse(format_sarif(d, "0.1.0"));
  CHECK(sarif["version"] == "2.1.0");
  const auto& run = sarif["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "vsctl");
  CHECK(run["tool"]["driver"]["rules"].size() == 2);
  CHECK(run["results"][0]["ruleId"] == "unsatisfied-range");
  CHECK(run["results"][0]["level"] == "error");
  const auto& loc = run["results"][0]["locations"][0]["physicalLocation"];
  CHECK(loc["artifactLocation"]["uri"] == "deploy/architecture.yaml");
  CHECK(loc["region"]["startLine"] == 12);
  CHECK(loc["region"]["startColumn"] == 5);
  CHECK_FALSE(run["results"][1]["locations"][0]["physicalLocation"].contains("region"));
  CHECK(repo_path_of("k8s/a:b.yaml") == "k8s/a:b.yaml");
}

TEST_CASE("SARIF artifact URIs are percent-encoded paths") {
  util::Diagnostics d;
  d.error({"k8s/my file#1?%\xc3\xa9.yaml", 1, 1}, "x", "m");
  auto sarif = nlohmann::json::parse(format_sarif(d, "0.1.0"));
  CHECK(sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "k8s/my%20file%231%3F%25%C3%A9.yaml");
}

}  // namespace vsctl::cli
