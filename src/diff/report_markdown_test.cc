#include "diff/report_markdown.h"

#include <doctest/doctest.h>

#include "k8s/secret.h"

using namespace vsctl;

namespace {

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) ++n;
  return n;
}

k8s::Json config_map(const std::string& name, const std::string& value) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}, {"namespace", "shop"}}},
          {"data", {{"value", value}}}};
}

diff::ObjectDiff object(std::string service, std::string kind, std::string name, diff::Action a,
                        k8s::Json before, k8s::Json after) {
  diff::ObjectDiff d;
  d.service = std::move(service);
  d.key = {"", "v1", std::move(kind), "shop", std::move(name)};
  d.action = a;
  d.before = std::move(before);
  d.after = std::move(after);
  d.changed = {"/data/value"};
  return d;
}

diff::Report report() {
  diff::Report r;
  r.architecture = "shop";
  r.environment = "staging";
  r.namespace_ = "shop";
  r.context = "kind-shop";
  r.revision = "HEAD";
  r.objects.push_back(object("cart", "ConfigMap", "cart", diff::Action::Update, config_map("cart", "a"),
                             config_map("cart", "```\n</details>\n````")));
  k8s::Json secret = {{"apiVersion", "v1"},
                      {"kind", "Secret"},
                      {"metadata", {{"name", "db"}, {"namespace", "shop"}}},
                      {"stringData", {{"password", "hunter2"}}}};
  r.objects.push_back(object("redis", "Secret", "db", diff::Action::Remove, secret, nullptr));
  for (auto& d : r.objects) k8s::mask_secret(d.key, d.before, d.after);
  r.services = diff::summarize(r.objects);
  return r;
}

}  // namespace

TEST_CASE("the live diff in Markdown: destroyed services first, a table, a section per service") {
  std::string md = diff::report_markdown(report(), {});
  CHECK(md.rfind("### vsctl diff: shop (environment staging)\n\nHEAD against the cluster, namespace shop, "
                 "context kind-shop\n\n",
                 0) == 0);
  auto destroyed = md.find("> **Destroyed:** redis: its objects are deleted");
  auto table = md.find("| Service | Change | Detail |\n| --- | --- | --- |\n| cart | Update |");
  REQUIRE(destroyed != std::string::npos);
  REQUIRE(table != std::string::npos);
  CHECK(destroyed < table);
  CHECK(md.find("| redis | Destroy | 1 object |") != std::string::npos);
  CHECK(count(md, "<details><summary>") == 2);
  CHECK(md.find("<details><summary><b>cart</b>: Update</summary>\n\n`````diff\n") != std::string::npos);
  // the hostile value cannot close the block or the section: five backticks fence it
  CHECK(count(md, "\n`````\n") == 1);
  CHECK(md.find("hunter2") == std::string::npos);
  CHECK(md.find("-  password: \"***\"\n") != std::string::npos);
}

TEST_CASE("the live diff in Markdown with --base: the change and the drift, each with its sections") {
  diff::Report r = report();
  r.base = "main";
  r.change.objects = r.objects;
  r.change.services = r.services;
  std::string md = diff::report_markdown(r, {});
  auto change = md.find("#### Changes from main\n\n");
  auto drift =
      md.find("#### Drift already in the cluster\n\nNone: the cluster is as main would leave it.\n\n");
  REQUIRE(change != std::string::npos);
  REQUIRE(drift != std::string::npos);
  CHECK(change < drift);
  CHECK(drift < md.find("<details>"));
}

TEST_CASE("a live diff without differences is one line") {
  diff::Report r;
  r.architecture = "shop";
  r.namespace_ = "shop";
  std::string md = diff::report_markdown(r, {});
  CHECK(md ==
        "### vsctl diff: shop\n\nthe working tree against the cluster, namespace shop\n\nNo differences: the "
        "cluster matches.\n\n");
}
