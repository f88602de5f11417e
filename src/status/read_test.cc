#include "status/read.h"

#include <doctest/doctest.h>

#include "apply/record_store.h"
#include "apply/veto.h"
#include "testing/fake_cluster.h"

using vsctl::k8s::Json;
using namespace vsctl::status;

namespace {

Json header_secret(const std::string& ns, const std::string& arch, int revision) {
  return {{"apiVersion", "v1"},
          {"kind", "Secret"},
          {"type", "vsctl.dev/record.v1"},
          {"metadata",
           {{"name", "vsctl." + arch + ".v" + std::to_string(revision)},
            {"namespace", ns},
            {"labels", {{"vsctl.dev/record", arch}, {"vsctl.dev/revision", std::to_string(revision)}, {"vsctl.dev/part", "header"}}}}}};
}

Json workload(const std::string& ns, const std::string& arch, const std::string& name, const std::string& kind = "Deployment") {
  return {{"apiVersion", "apps/v1"},
          {"kind", kind},
          {"metadata",
           {{"name", name},
            {"namespace", ns},
            {"labels",
             {{"app.kubernetes.io/name", name}, {"app.kubernetes.io/part-of", arch}, {"app.kubernetes.io/managed-by", "vsctl"}}}}}};
}

vsctl::kube::ApiError api_error(vsctl::kube::ApiErrorKind kind, int status) {
  vsctl::kube::ApiError e;
  e.kind = kind;
  e.http_status = status;
  e.message = "refused by the test";
  return e;
}

}  // namespace

TEST_CASE("status read: architectures from records and workloads, one namespace only") {
  vsctl::testing::FakeCluster c;
  c.put(header_secret("shop", "shop", 1));
  c.put(header_secret("shop", "shop", 2));
  c.put(workload("shop", "payments", "ledger", "StatefulSet"));
  c.put(header_secret("other", "bank", 1));
  Json plain = workload("shop", "legacy", "old");
  plain["metadata"]["labels"].erase("app.kubernetes.io/managed-by");  // not vsctl's
  c.put(plain);
  auto found = architectures(c, "shop");
  REQUIRE(found);
  CHECK(*found == std::vector<std::string>{"payments", "shop"});
  auto none = architectures(c, "empty");
  REQUIRE(none);
  CHECK(none->empty());
}

TEST_CASE("status read: picking the architecture") {
  CHECK(*pick_architecture({"shop"}, "", "shop") == "shop");
  CHECK(*pick_architecture({"a", "b"}, "b", "ns") == "b");
  auto several = pick_architecture({"a", "b"}, "", "ns");
  REQUIRE_FALSE(several);
  CHECK(several.error().kind == vsctl::util::ErrorKind::Usage);
  CHECK(several.error().message.find("--architecture") != std::string::npos);
  auto none = pick_architecture({}, "", "ns");
  REQUIRE_FALSE(none);
  CHECK(none.error().message.find("-n NS") != std::string::npos);
  CHECK_FALSE(pick_architecture({"a"}, "z", "ns"));
}

TEST_CASE("status read: the live objects of one architecture") {
  vsctl::testing::FakeCluster c;
  c.put(workload("shop", "shop", "cart"));
  c.put(workload("shop", "payments", "ledger"));
  Json pod = {{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata", {{"name", "cart-1"}, {"namespace", "shop"}, {"labels", {{"app.kubernetes.io/part-of", "shop"}, {"app.kubernetes.io/name", "cart"}}}}}};
  c.put(pod);
  auto live = read_live(c, "shop", "shop");
  REQUIRE(live);
  REQUIRE(live->size() == 2);
  CHECK(vsctl::k8s::string_at((*live)[0], "/metadata/name") == "cart");
  CHECK(vsctl::k8s::string_at((*live)[1], "/kind") == "Pod");
  c.fail_next(vsctl::kube::Verb::List, api_error(vsctl::kube::ApiErrorKind::ServerError, 503));
  auto err = read_live(c, "shop", "shop");
  REQUIRE_FALSE(err);
  CHECK(err.error().kind == vsctl::util::ErrorKind::Cluster);
}

TEST_CASE("status read: records, vetoes and live objects in one read, as the stores read them") {
  vsctl::testing::FakeCluster c;
  for (const char* arch : {"shop", "shop", "other"}) {  // two records, and another architecture's
    vsctl::apply::RecordStore store(c, "shop", arch);
    vsctl::apply::Record r;
    r.architecture = arch;
    r.ns = "shop";
    r.outcome = vsctl::apply::Outcome::Succeeded;
    REQUIRE(store.begin(r));
    REQUIRE(store.complete(r));
  }
  c.put(workload("shop", "shop", "cart"));
  vsctl::apply::Veto v;
  v.service = "cart";
  v.version = "2.0.0";
  v.reason = "leaks memory";
  c.put(vsctl::apply::encode_vetoes("shop", "shop", {v}));
  c.put(vsctl::apply::encode_vetoes("other", "shop", {}));  // another architecture's vetoes
  auto snap = read_all(c, "shop", "shop");
  REQUIRE_MESSAGE(snap, (snap ? "" : snap.error().message));
  REQUIRE(snap->records.size() == 2);
  CHECK(snap->records[0].revision == 2);  // newest first
  REQUIRE(snap->vetoes.size() == 1);
  CHECK(snap->vetoes[0].service == "cart");
  CHECK(snap->vetoes[0].reason == "leaks memory");
  REQUIRE(snap->live.size() == 1);
  CHECK(vsctl::k8s::string_at(snap->live[0], "/metadata/name") == "cart");
  // the same as the stores and read_live give one by one
  vsctl::apply::RecordStore records(c, "shop", "shop");
  vsctl::apply::VetoStore vetoes(c, "shop", "shop");
  CHECK(records.list()->size() == snap->records.size());
  CHECK(vetoes.list()->size() == snap->vetoes.size());
  CHECK(read_live(c, "shop", "shop")->size() == snap->live.size());

  auto empty = read_all(c, "nowhere", "shop");
  REQUIRE(empty);
  CHECK(empty->records.empty());
  CHECK(empty->vetoes.empty());
  CHECK(empty->live.empty());

  c.fail_next(vsctl::kube::Verb::List, api_error(vsctl::kube::ApiErrorKind::ServerError, 503));
  auto err = read_all(c, "shop", "shop");
  REQUIRE_FALSE(err);
  CHECK(err.error().kind == vsctl::util::ErrorKind::Cluster);
}

TEST_CASE("status read: a kind read for causes only may be forbidden, a kind a state is judged from may not") {
  vsctl::testing::FakeCluster c;
  c.put(workload("shop", "shop", "cart"));
  auto forbidden = [](const char* kind) {
    return std::pair{api_error(vsctl::kube::ApiErrorKind::Forbidden, 403), vsctl::k8s::ObjectKey{"", "v1", kind, "shop", ""}};
  };
  for (const char* kind : {"Event", "PersistentVolumeClaim"}) {
    auto [e, key] = forbidden(kind);
    c.fail_next(vsctl::kube::Verb::List, e, key);
    auto live = read_all(c, "shop", "shop");
    REQUIRE_MESSAGE(live, kind);
    CHECK(live->live.size() == 1);
  }
  for (const char* kind : {"Pod", "Service"}) {
    auto [e, key] = forbidden(kind);
    c.fail_next(vsctl::kube::Verb::List, e, key);
    auto live = read_all(c, "shop", "shop");
    REQUIRE_FALSE_MESSAGE(live, kind);
    CHECK(live.error().message.find("forbidden") != std::string::npos);
  }
}
