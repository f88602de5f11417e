// Objects: apply, dry run, get, list, delete; field manager conflicts; create and update;
// leases with optimistic concurrency.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>

#include "e2e_env.h"

using namespace vsctl::kube;
using namespace vsctl::kube::e2e;
using vsctl::k8s::Json;
using vsctl::k8s::string_at;

TEST_SUITE("objects") {
  TEST_CASE("apply, dry run, get, list, delete round trips") {
    TestNamespace ns("objects");
    auto c = client_for(testbed().kubeconfig);
    vsctl::k8s::ObjectKey key{"", "v1", "ConfigMap", ns.name(), "one"};

    ApplyOptions dry;
    dry.dry_run = DryRun::All;
    auto preview = c->apply(configmap(ns.name(), "one", "a"), dry);
    REQUIRE_MESSAGE(preview, (preview ? "" : describe(preview.error())));
    CHECK(string_at(*preview, "/data/key") == "a");
    auto none = c->get(key);
    REQUIRE(none);
    CHECK(!*none);  // a dry run writes nothing; not found is an empty optional

    auto applied = c->apply(configmap(ns.name(), "one", "a"), {});
    REQUIRE(applied);
    auto live = c->get(key);
    REQUIRE(live);
    REQUIRE(*live);
    CHECK(string_at(**live, "/data/key") == "a");
    CHECK(string_at(**live, "/metadata/managedFields/0/manager") == "vsctl");

    // Strict field validation: an unknown field is refused, naming it.
    Json bad = configmap(ns.name(), "bad", "x");
    bad["spec"] = {{"nope", 1}};
    auto sent = c->requests_sent();
    auto strict = c->apply(bad, {});
    REQUIRE(!strict);
    MESSAGE(describe(strict.error()));
    CHECK(strict.error().kind == ApiErrorKind::Invalid);
    CHECK(describe(strict.error()).find(".spec: field not declared in schema") != std::string::npos);
    CHECK(c->requests_sent() == sent + 1);  // not retried

    // Many at once, in parallel.
    std::vector<Json> many;
    for (int i = 0; i < 120; ++i) many.push_back(configmap(ns.name(), "many-" + std::to_string(i), "v"));
    auto results = c->apply_all(many, {});
    for (const auto& r : results) REQUIRE_MESSAGE(r, (r ? "" : describe(r.error())));

    ListOptions lo;
    lo.namespace_ = ns.name();
    lo.label_selector = "app.kubernetes.io/managed-by=vsctl";
    lo.page_size = 50;  // three pages
    auto l = c->list({"", "v1", "ConfigMap"}, lo);
    REQUIRE(l);
    CHECK(l->items.size() == 121);
    CHECK(!l->resource_version.empty());
    CHECK(string_at(l->items.front(), "/kind") == "ConfigMap");
    CHECK(string_at(l->items.front(), "/data/key") == "v");

    // Metadata only: the server sends names and labels, no data, still in pages.
    lo.metadata_only = true;
    auto meta = c->list({"", "v1", "ConfigMap"}, lo);
    REQUIRE(meta);
    CHECK(meta->items.size() == 121);
    CHECK(string_at(meta->items.front(), "/kind") == "ConfigMap");
    CHECK(string_at(meta->items.front(), "/metadata/labels/app.kubernetes.io~1managed-by") == "vsctl");
    CHECK(!string_at(meta->items.front(), "/metadata/name").empty());
    CHECK(meta->items.front().find("data") == meta->items.front().end());
    lo.metadata_only = false;

    DeleteOptions dry_delete;
    dry_delete.dry_run = DryRun::All;
    auto kept = c->remove(key, dry_delete);
    REQUIRE(kept);
    CHECK(*kept);
    CHECK(**c->get(key) != nullptr);
    auto removed = c->remove(key, {});
    REQUIRE(removed);
    CHECK(*removed);
    auto again = c->remove(key, {});
    REQUIRE(again);
    CHECK(!*again);
    CHECK(!*c->get(key));
  }

  TEST_CASE("a field manager conflict, then force takes the field over") {
    TestNamespace ns("conflict");
    auto c = client_for(testbed().kubeconfig);
    ApplyOptions other;
    other.field_manager = "kubectl-edit";
    REQUIRE(c->apply(configmap(ns.name(), "shared", "theirs"), other));
    auto r = c->apply(configmap(ns.name(), "shared", "ours"), {});
    REQUIRE(!r);
    CHECK(r.error().kind == ApiErrorKind::FieldManagerConflict);
    REQUIRE(!r.error().causes.empty());
    CHECK(r.error().causes[0].field == ".data.key");
    MESSAGE(describe(r.error()));
    CHECK(describe(r.error()).find("kubectl-edit") != std::string::npos);
    ApplyOptions force;
    force.force = Force::Yes;
    auto forced = c->apply(configmap(ns.name(), "shared", "ours"), force);
    REQUIRE(forced);
    CHECK(string_at(*forced, "/data/key") == "ours");
  }

  TEST_CASE("create, update with resourceVersion, status reads") {
    TestNamespace ns("create");
    auto c = client_for(testbed().kubeconfig);
    auto created = c->create(configmap(ns.name(), "c", "1"), DryRun::No);
    REQUIRE(created);
    auto dup = c->create(configmap(ns.name(), "c", "1"), DryRun::No);
    REQUIRE(!dup);
    CHECK(dup.error().kind == ApiErrorKind::AlreadyExists);

    Json next = *created;
    next["data"]["key"] = "2";
    auto updated = c->update(next, DryRun::No);
    REQUIRE(updated);
    CHECK(string_at(*updated, "/data/key") == "2");
    auto stale = c->update(next, DryRun::No);  // the resourceVersion read before
    REQUIRE(!stale);
    CHECK(stale.error().kind == ApiErrorKind::Conflict);

    auto nsobj = c->get_status({"", "v1", "Namespace", "", ns.name()});
    REQUIRE(nsobj);
    REQUIRE(*nsobj);
    CHECK(string_at(**nsobj, "/status/phase") == "Active");
  }

  TEST_CASE("leases: create, renew with the resourceVersion read, lose a race with 409") {
    TestNamespace ns("lease");
    auto c = client_for(testbed().kubeconfig);
    CHECK(!*c->get_lease(ns.name(), "vsctl-lock"));
    Lease l;
    l.namespace_ = ns.name();
    l.name = "vsctl-lock";
    l.holder = "alice";
    l.duration_seconds = 30;
    l.acquire_time = l.renew_time = std::chrono::system_clock::now();
    auto mine = c->create_lease(l);
    REQUIRE_MESSAGE(mine, (mine ? "" : describe(mine.error())));
    auto other = c->create_lease(l);
    REQUIRE(!other);
    CHECK(other.error().kind == ApiErrorKind::AlreadyExists);

    Lease read = **c->get_lease(ns.name(), "vsctl-lock");
    CHECK(read.holder == "alice");
    CHECK(read.renew_time.has_value());
    Lease renew = read;
    renew.renew_time = std::chrono::system_clock::now();
    auto renewed = c->update_lease(renew);
    REQUIRE(renewed);
    Lease takeover = read;  // bob read before alice renewed
    takeover.holder = "bob";
    auto lost = c->update_lease(takeover);
    REQUIRE(!lost);
    CHECK(lost.error().kind == ApiErrorKind::Conflict);
  }

  TEST_CASE("list_many: many large lists at once, round after round, each answered without a stall") {
    // Every first page of a list_many goes out at once. Large answers interleaved on one
    // multiplexed HTTP/2 connection could stall a transfer until its attempt timed out with this
    // libcurl (about once in 150 status reads; with 120 rounds here, in most runs): reads sent
    // together each have a connection of their own. The client here has a short attempt timeout,
    // so a stall shows as a retry.
    TestNamespace ns("listmany");
    ClientOptions o;
    o.attempt_timeout = std::chrono::milliseconds(5'000);
    auto c = client_for(testbed().kubeconfig, o);
    std::vector<Json> many;
    std::uint64_t seed = 88172645463325252ull;  // values that do not compress (answers are gzipped)
    for (int i = 0; i < 150; ++i) {
      std::string value;
      for (int k = 0; k < 100; ++k) {
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        value += std::to_string(seed % 1000000007);
      }
      many.push_back(configmap(ns.name(), "big-" + std::to_string(i), value));
    }
    for (const auto& r : c->apply_all(many, {})) REQUIRE_MESSAGE(r, (r ? "" : describe(r.error())));
    std::vector<ClusterClient::ListQuery> queries(12);
    for (auto& q : queries) {
      q.gvk = {"", "v1", "ConfigMap"};
      q.opts.namespace_ = ns.name();
      q.opts.label_selector = "app.kubernetes.io/managed-by=vsctl";
      q.opts.managed_fields = false;
    }
    constexpr int kRounds = 120;
    auto before = c->requests_sent();
    auto start = std::chrono::steady_clock::now();
    for (int round = 0; round < kRounds; ++round) {
      auto lists = c->list_many(queries);
      for (auto& l : lists) {
        REQUIRE_MESSAGE(l, (l ? "" : describe(l.error())));
        REQUIRE(l->items.size() == 150);
      }
    }
    MESSAGE(kRounds << " rounds of " << queries.size() << " lists in "
                    << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count()
                    << " ms");
    CHECK(c->requests_sent() - before == static_cast<std::size_t>(kRounds) * queries.size());  // no retry
  }
}
