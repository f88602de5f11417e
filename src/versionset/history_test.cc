#include "versionset/history.h"

#include <doctest/doctest.h>

#include "versionset/changes.h"
#include "versionset/fake_source_test.h"
#include "versionset/rollback_input.h"

namespace vsctl::versionset {

namespace {

std::string manifest(const std::string& cart, const std::string& redis, const std::string& objects = "") {
  return "apiVersion: vsctl.dev/v1\nkind: Architecture\nmetadata:\n  name: shop\nspec:\n  services:\n"
         "    cart:\n      image: reg/cart\n      version: " + cart + "\n      dependsOn: { redis: \">=7\" }\n" + objects +
         "    redis:\n      image: redis\n      version: " + redis + "\n";
}

}  // namespace

TEST_CASE("HistoryReader keeps the commits that change the manifest or its objects files, newest first") {
  testing::FakeSource src;
  src.commit_files({{"README", "hi"}}, "start");
  src.commit_files({{"README", "hi"}, {"architecture.yaml", manifest("2.2.0", "7.2.4")}}, "add manifest");
  src.commit_files({{"README", "changed"}, {"architecture.yaml", manifest("2.2.0", "7.2.4")}}, "docs only");
  src.commit_files({{"README", "changed"}, {"architecture.yaml", manifest("2.3.0", "7.2.4", "      objects: [ k8s/x.yaml ]\n")},
                    {"k8s/x.yaml", "a"}},
                   "cart 2.3.0");
  src.commit_files({{"README", "changed"}, {"architecture.yaml", manifest("2.3.0", "7.2.4", "      objects: [ k8s/x.yaml ]\n")},
                    {"k8s/x.yaml", "b"}},
                   "cart objects");
  Oid tip = src.commit_files({{"README", "again"}, {"architecture.yaml", manifest("2.3.0", "7.2.4", "      objects: [ k8s/x.yaml ]\n")},
                              {"k8s/x.yaml", "b"}},
                             "docs again");
  Store store;
  HistoryReader reader(src, store, "architecture.yaml", "");
  auto h = reader.first_parent(tip);
  REQUIRE(h);
  CHECK(h->commits == 6);
  REQUIRE(h->entries.size() == 3);
  CHECK(h->entries[0].commit->info.subject == "cart objects");
  CHECK(h->entries[1].commit->info.subject == "cart 2.3.0");
  CHECK(h->entries[2].commit->info.subject == "add manifest");

  auto changes = summary_changes(store.records, h->entries[1].commit, h->entries[1].summary, h->entries[0].commit,
                                 h->entries[0].summary);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].service == "cart");
  CHECK(changes[0].kind == Change::Update);
  CHECK(changes[0].fields == std::vector<std::string>{"objects"});

  changes = summary_changes(store.records, h->entries[2].commit, h->entries[2].summary, h->entries[1].commit,
                            h->entries[1].summary);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].kind == Change::Update);
  CHECK(changes[0].from == "2.2.0");
  CHECK(changes[0].to == "2.3.0");
  CHECK(changes[0].fields == std::vector<std::string>{"version", "objects"});

  // a second walk from the store reads nothing from the source
  std::size_t commits = src.commit_reads, blobs = src.blob_reads;
  HistoryReader again(src, store, "architecture.yaml", "");
  auto h2 = again.first_parent(tip);
  REQUIRE(h2);
  CHECK(h2->entries.size() == 3);
  CHECK(h2->new_commits == 0);
  CHECK(src.commit_reads == commits);
  CHECK(src.blob_reads == blobs);

  // changes are computed once and kept with the commit
  auto ch = again.changes(*h2, 1);
  REQUIRE(ch);
  REQUIRE((*ch)->services.size() == 1);
  CHECK((*ch)->services[0].kind == Change::Update);
  CHECK(store.commits.at(h2->entries[1].commit->info.id).changes);

  // and survive encoding
  Store decoded;
  REQUIRE(decode_commits(encode_commits("k", store), "k", decoded));
  REQUIRE(decode_summaries(encode_summaries("k", store), "k", decoded));
  CHECK(decoded.commits.size() == 6);
  CHECK(decoded.blobs.size() == store.blobs.size());
  CHECK(decoded.commits.at(h2->entries[1].commit->info.id).changes->services[0].to == "2.3.0");
  CHECK_FALSE(decode_commits(encode_commits("k", store), "other key", decoded));
  std::string data = encode_summaries("k", store);
  CHECK_FALSE(decode_summaries(data.substr(0, data.size() - 3), "k", decoded));
  // a warm walk that skips summaries reads no manifest at all
  Store cold_summaries;
  REQUIRE(decode_commits(encode_commits("k", store), "k", cold_summaries));
  blobs = src.blob_reads;
  HistoryReader skip(src, cold_summaries, "architecture.yaml", "");
  auto h3 = skip.first_parent(tip, Summaries::Skip);
  REQUIRE(h3);
  CHECK(h3->entries.size() == 3);
  REQUIRE(skip.changes(*h3, 1));
  CHECK(src.blob_reads == blobs);
}

TEST_CASE("rollback candidates come from the VersionSets only, not from commits that leave the manifest alone") {
  testing::FakeSource src;
  src.commit_files({{"architecture.yaml", manifest("2.1.0", "7.0.0")}}, "one");
  src.commit_files({{"architecture.yaml", manifest("2.1.0", "7.0.0")}, {"README", "x"}}, "docs");
  src.commit_files({{"architecture.yaml", manifest("2.2.0", "7.0.0")}}, "two");
  src.commit_files({{"architecture.yaml", manifest("2.2.0", "7.0.0")}, {"README", "y"}}, "docs");
  Oid tip = src.commit_files({{"architecture.yaml", manifest("2.2.0", "7.2.4")}, {"README", "y"}}, "three");
  Store store;
  HistoryReader reader(src, store, "architecture.yaml", "");
  auto h = reader.first_parent(tip);
  REQUIRE(h);
  REQUIRE(h->entries.size() == 3);
  auto versions = service_versions(store.records, h->entries);
  REQUIRE(versions.size() == 2);
  CHECK(versions[0].service == "cart");
  CHECK(versions[0].current.version == "2.2.0");
  REQUIRE(versions[0].earlier.size() == 1);
  CHECK(versions[0].earlier[0].version == "2.1.0");
  CHECK(versions[0].earlier[0].age == 2);
  CHECK(previous_version(store.records, h->entries, "cart") == "2.1.0");
  CHECK(previous_version(store.records, h->entries, "redis") == "7.0.0");
}

}  // namespace vsctl::versionset
