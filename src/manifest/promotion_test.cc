#include "manifest/promotion.h"

#include <string>

#include <doctest/doctest.h>

#include "manifest/document.h"
#include "manifest/reader.h"
#include "manifest/view.h"

using namespace vsctl;
using namespace vsctl::manifest;

namespace {

std::string with_promotion(const std::string& promotion) {
  return R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata:
  name: shop
spec:
  services:
    web: { image: example.com/web, version: 1.0.0 }
  environments:
    staging:
    production-eu:
    production-us:
)" + promotion;
}

struct Parsed {
  util::Diagnostics diags;
  Document doc;
};

Parsed parse(const std::string& text) {
  Parsed p;
  p.doc = parse_document("architecture.yaml", text, p.diags);
  return p;
}

std::vector<std::string> messages(const util::Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& i : d.items()) out.push_back(i.message);
  return out;
}

}  // namespace

TEST_CASE("parse_duration_ms: numbers with units, in milliseconds") {
  CHECK(parse_duration_ms("30m") == 30 * 60'000);
  CHECK(parse_duration_ms("1h30m") == 90 * 60'000);
  CHECK(parse_duration_ms("90s") == 90'000);
  CHECK(parse_duration_ms("250ms") == 250);
  CHECK(parse_duration_ms("1m30s500ms") == 90'500);
  CHECK(parse_duration_ms("0s") == 0);
  CHECK_FALSE(parse_duration_ms(""));
  CHECK_FALSE(parse_duration_ms("30"));      // a bare number has no unit
  CHECK_FALSE(parse_duration_ms("30d"));     // no days
  CHECK_FALSE(parse_duration_ms("m"));       // a unit without a number
  CHECK_FALSE(parse_duration_ms("1.5h"));
  CHECK_FALSE(parse_duration_ms("-5m"));
  CHECK_FALSE(parse_duration_ms("5 m"));
  CHECK_FALSE(parse_duration_ms("100000001s"));          // one number at most 100,000,000
  CHECK_FALSE(parse_duration_ms("99999999999999999999s"));  // does not wrap to something small
}

TEST_CASE("parse_duration_s still takes whole seconds and rounds units up") {
  CHECK(parse_duration_s("30") == 30);
  CHECK(parse_duration_s("1h30m") == 5400);
  CHECK(parse_duration_s("250ms") == 1);
  CHECK_FALSE(parse_duration_s("5x"));
}

TEST_CASE("promotion stages are read in order, with their defaults") {
  auto p = parse(with_promotion(R"(  promotion:
    - stage: staging
    - stage: production
      environments: [ production-eu, production-us ]
      after: { soak: 1h30m }
      approval: manual
)"));
  CHECK(messages(p.diags).empty());
  REQUIRE(p.doc.promotion.stages.size() == 2);
  const auto& s = p.doc.promotion.stages[0];
  CHECK(s.name == "staging");
  CHECK(s.environments == std::vector<std::string>{"staging"});
  CHECK_FALSE(s.environments_written);
  CHECK(s.soak_ms == 0);
  CHECK(s.approval == PromotionStage::Approval::Auto);
  CHECK(s.loc.line == 13);
  const auto& t = p.doc.promotion.stages[1];
  CHECK(t.name == "production");
  CHECK(t.environments == std::vector<std::string>{"production-eu", "production-us"});
  CHECK(t.environments_written);
  CHECK(t.soak_ms == 90 * 60'000);
  CHECK(t.approval == PromotionStage::Approval::Manual);
  CHECK(std::string(to_string(t.approval)) == "manual");
  CHECK(p.doc.promotion.stage_of("production-us") == &t);
  CHECK(p.doc.promotion.stage_of("staging") == &s);
  CHECK(p.doc.promotion.stage_of("nowhere") == nullptr);
}

TEST_CASE("no spec.promotion: no stages") {
  auto p = parse(with_promotion(""));
  CHECK(messages(p.diags).empty());
  CHECK(p.doc.promotion.empty());
}

TEST_CASE("promotion checks: each problem one located error") {
  SUBCASE("an unknown environment, with a suggestion") {
    auto p = parse(with_promotion("  promotion:\n    - stage: prod\n      environments: [ production-ue ]\n"));
    REQUIRE(p.diags.items().size() == 1);
    CHECK(p.diags.items()[0].loc.line == 14);
    CHECK(p.diags.items()[0].message ==
          "stage \"prod\" names environment \"production-ue\", which spec.environments does not have (it has: "
          "staging, production-eu, production-us) (did you mean \"production-us\"?)");
  }
  SUBCASE("an environment in two stages") {
    auto p = parse(with_promotion("  promotion:\n    - stage: staging\n    - stage: all\n      environments: [ staging ]\n"));
    CHECK(messages(p.diags) == std::vector<std::string>{
                                   "environment \"staging\" is in stage \"staging\" (line 13) already; an environment "
                                   "belongs to one stage"});
  }
  SUBCASE("after on the first stage") {
    auto p = parse(with_promotion("  promotion:\n    - stage: staging\n      after: { soak: 5m }\n"));
    REQUIRE(p.diags.items().size() == 1);
    CHECK(p.diags.items()[0].code == "after-on-first-stage");
  }
  SUBCASE("a soak without a unit") {
    auto p = parse(with_promotion("  promotion:\n    - stage: staging\n    - stage: production-eu\n      after: { soak: 30 }\n"));
    REQUIRE(p.diags.items().size() == 1);
    CHECK(p.diags.items()[0].code == "bad-duration");
  }
  SUBCASE("a soak longer than 30 days") {
    auto p = parse(with_promotion("  promotion:\n    - stage: staging\n    - stage: production-eu\n      after: { soak: 721h }\n"));
    REQUIRE(p.diags.items().size() == 1);
    CHECK(p.diags.items()[0].code == "bad-duration");
  }
  SUBCASE("a soak of exactly 30 days") {
    auto p = parse(with_promotion("  promotion:\n    - stage: staging\n    - stage: production-eu\n      after: { soak: 720h }\n"));
    CHECK(messages(p.diags).empty());
    CHECK(p.doc.promotion.stages[1].soak_ms == kMaxSoakMs);
  }
  SUBCASE("an empty list of stages") {
    auto p = parse(with_promotion("  promotion: []\n"));
    REQUIRE(p.diags.items().size() == 1);
    CHECK(p.diags.items()[0].code == "empty-promotion");
  }
}

TEST_CASE("every view carries the base manifest's stages") {
  auto p = parse(with_promotion("  promotion:\n    - stage: staging\n    - stage: production-eu\n      after: { soak: 90s }\n"));
  REQUIRE(p.doc.usable);
  for (std::string_view env : {"", "staging", "production-us"}) {
    auto view = build_view(p.doc, env, p.diags);
    REQUIRE(view);
    REQUIRE(view->promotion.stages.size() == 2);
    CHECK(view->promotion.stages[1].soak_ms == 90'000);
  }
  CHECK(messages(p.diags).empty());
}

TEST_CASE("unknown environments: the list and the nearest name for the first 20 only") {
  std::string text = "  promotion:\n";
  for (int i = 0; i < 25; ++i) text += "    - stage: s" + std::to_string(i) + "\n";
  auto p = parse(with_promotion(text));
  REQUIRE(p.diags.items().size() == 25);
  CHECK(p.diags.items()[19].message.find("(it has: ") != std::string::npos);
  CHECK(p.diags.items()[20].message ==
        "stage \"s20\" lists no environments, so it means the environment \"s20\", which spec.environments does not "
        "have; name its environments with \"environments\"");
}
