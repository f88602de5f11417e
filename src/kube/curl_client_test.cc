#include "kube/curl_client.h"

#include <doctest/doctest.h>

#include <atomic>

#include "testing/http_server.h"

using namespace vsctl::kube;
using namespace vsctl::testing;
using vsctl::k8s::Json;
using namespace std::chrono_literals;

namespace {

const char* kCoreDiscovery = R"({"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2",
 "items":[{"metadata":{},"versions":[{"version":"v1","resources":[
   {"resource":"configmaps","responseKind":{"group":"","version":"v1","kind":"ConfigMap"},"scope":"Namespaced","verbs":["get"]},
   {"resource":"secrets","responseKind":{"group":"","version":"v1","kind":"Secret"},"scope":"Namespaced","verbs":["get"]},
   {"resource":"namespaces","responseKind":{"group":"","version":"v1","kind":"Namespace"},"scope":"Cluster","verbs":["get"]}]}]}]})";
const char* kAppsDiscovery = R"({"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2",
 "items":[{"metadata":{"name":"apps"},"versions":[{"version":"v1","resources":[
   {"resource":"deployments","responseKind":{"group":"apps","version":"v1","kind":"Deployment"},"scope":"Namespaced","verbs":["get"],
    "subresources":[{"subresource":"status"}]}]}]},
  {"metadata":{"name":"coordination.k8s.io"},"versions":[{"version":"v1","resources":[
   {"resource":"leases","responseKind":{"group":"coordination.k8s.io","version":"v1","kind":"Lease"},"scope":"Namespaced","verbs":["get"]}]}]}]})";

// Discovery answers, then `next` for everything else.
TestHttpServer::Handler api(std::function<HttpReply(const HttpRequest&)> next) {
  return [next](const HttpRequest& r) {
    if (r.path == "/api") return json_reply(200, kCoreDiscovery);
    if (r.path == "/apis") return json_reply(200, kAppsDiscovery);
    return next(r);
  };
}

RestConfig config_for(const TestHttpServer& s) {
  RestConfig rc;
  rc.server = s.url();
  rc.source = "test";
  rc.context = "test";
  rc.namespace_ = "shop";
  rc.token = "test-token";
  return rc;
}

ClientOptions quiet() {
  ClientOptions o;
  o.log = [](std::string_view) {};
  o.retry.base_delay = 10ms;
  o.retry.max_delay = 50ms;
  return o;
}

Json configmap(const std::string& name) {
  return {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", name}, {"namespace", "shop"}}},
          {"data", {{"k", "v"}}}};
}

std::string status(int code, const std::string& reason, const std::string& message) {
  return Json{{"kind", "Status"}, {"apiVersion", "v1"}, {"status", "Failure"}, {"code", code},
              {"reason", reason}, {"message", message}}
      .dump();
}

}  // namespace

TEST_CASE("curl client: get sends the token, finds the path by discovery, 404 is empty") {
  TestHttpServer server(api([](const HttpRequest& r) {
    if (r.path == "/api/v1/namespaces/shop/configmaps/a") return json_reply(200, configmap("a").dump());
    return json_reply(404, status(404, "NotFound", "configmaps \"b\" not found"));
  }));
  CurlClient client(config_for(server), quiet());
  auto a = client.get({"", "v1", "ConfigMap", "", "a"});  // no namespace: the context's
  REQUIRE(a);
  REQUIRE(*a);
  CHECK(vsctl::k8s::string_at(**a, "/metadata/name") == "a");
  auto b = client.get({"", "v1", "ConfigMap", "shop", "b"});
  REQUIRE(b);
  CHECK(!*b);
  auto reqs = server.requests();
  CHECK(server.count("GET", "/api") == 1);  // discovery once per run
  CHECK(reqs.back().headers["authorization"] == "Bearer test-token");
  CHECK(reqs.front().headers["accept"].find("as=APIGroupDiscoveryList") != std::string::npos);
  auto unknown = client.get({"x.io", "v1", "Thing", "shop", "t"});
  REQUIRE(!unknown);
  CHECK(describe(unknown.error()).find("the API server has no resource for x.io/v1 Thing") != std::string::npos);
}

TEST_CASE("curl client: list follows continue tokens and fills in apiVersion and kind") {
  TestHttpServer server(api([](const HttpRequest& r) {
    if (r.query.find("continue=page2") != std::string::npos) {
      return json_reply(200, R"({"kind":"ConfigMapList","metadata":{"resourceVersion":"10"},"items":[{"metadata":{"name":"c"}}]})");
    }
    return json_reply(200, R"({"kind":"ConfigMapList","metadata":{"resourceVersion":"10","continue":"page2"},
                              "items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]})");
  }));
  CurlClient client(config_for(server), quiet());
  ListOptions lo;
  lo.namespace_ = "shop";
  lo.label_selector = "app.kubernetes.io/managed-by=vsctl";
  lo.page_size = 2;
  auto l = client.list({"", "v1", "ConfigMap"}, lo);
  REQUIRE(l);
  REQUIRE(l->items.size() == 3);
  CHECK(l->resource_version == "10");
  CHECK(vsctl::k8s::string_at(l->items[2], "/kind") == "ConfigMap");
  CHECK(vsctl::k8s::string_at(l->items[2], "/apiVersion") == "v1");
  auto reqs = server.requests();
  CHECK(reqs[2].query == "limit=2&labelSelector=app.kubernetes.io%2Fmanaged-by%3Dvsctl");
}

TEST_CASE("curl client: list_many sends every first page at once, a longer list follows its pages, errors stay in place") {
  std::atomic<int> in_flight{0}, peak{0};
  TestHttpServer server(api([&](const HttpRequest& r) {
    int now = ++in_flight;
    int p = peak.load();
    while (now > p && !peak.compare_exchange_weak(p, now)) {
    }
    std::this_thread::sleep_for(50ms);
    --in_flight;
    if (r.path == "/api/v1/namespaces/shop/secrets") return json_reply(403, status(403, "Forbidden", "secrets is forbidden"));
    if (r.path == "/apis/apps/v1/namespaces/shop/deployments")
      return json_reply(200, R"({"kind":"DeploymentList","metadata":{"resourceVersion":"5"},"items":[{"metadata":{"name":"d"}}]})");
    if (r.query.find("continue=page2") != std::string::npos)
      return json_reply(200, R"({"kind":"ConfigMapList","metadata":{"resourceVersion":"10"},"items":[{"metadata":{"name":"c"}}]})");
    return json_reply(200, R"({"kind":"ConfigMapList","metadata":{"resourceVersion":"10","continue":"page2"},
                              "items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]})");
  }));
  CurlClient client(config_for(server), quiet());
  std::vector<ClusterClient::ListQuery> queries(4);
  queries[0].gvk = {"", "v1", "ConfigMap"};
  queries[1].gvk = {"apps", "v1", "Deployment"};
  queries[2].gvk = {"", "v1", "Secret"};
  queries[3].gvk = {"x.io", "v1", "Thing"};  // not served
  for (auto& q : queries) q.opts.namespace_ = "shop";
  queries[0].opts.page_size = 2;
  auto lists = client.list_many(queries);
  REQUIRE(lists.size() == 4);
  REQUIRE(lists[0]);
  REQUIRE(lists[0]->items.size() == 3);
  CHECK(vsctl::k8s::string_at(lists[0]->items[2], "/metadata/name") == "c");
  CHECK(vsctl::k8s::string_at(lists[0]->items[2], "/kind") == "ConfigMap");
  CHECK(lists[0]->resource_version == "10");
  REQUIRE(lists[1]);
  REQUIRE(lists[1]->items.size() == 1);
  CHECK(vsctl::k8s::string_at(lists[1]->items[0], "/apiVersion") == "apps/v1");
  CHECK(lists[1]->resource_version == "5");
  REQUIRE(!lists[2]);
  CHECK(lists[2].error().kind == ApiErrorKind::Forbidden);
  REQUIRE(!lists[3]);
  CHECK(describe(lists[3].error()).find("no resource for x.io/v1 Thing") != std::string::npos);
  CHECK(peak >= 3);  // the three first pages went out together
  CHECK(server.count("GET", "/api/v1/namespaces/shop/configmaps") == 2);  // then the second page
}

TEST_CASE("curl client: a list may leave managedFields out of its items, and only those") {
  const char* body = R"({"kind":"ConfigMapList","metadata":{"resourceVersion":"7"},"items":[
    {"metadata":{"name":"a","managedFields":[{"manager":"kubectl","fieldsV1":{"f:data":{}}}],
                 "annotations":{"managedFields":"an annotation"}},
     "data":{"managedFields":"a key of the data"}}]})";
  TestHttpServer server(api([body](const HttpRequest&) { return json_reply(200, body); }));
  CurlClient client(config_for(server), quiet());
  ListOptions lo;
  lo.namespace_ = "shop";
  auto with = client.list({"", "v1", "ConfigMap"}, lo);
  REQUIRE(with);
  REQUIRE(with->items.size() == 1);
  CHECK(vsctl::k8s::find(with->items[0], "/metadata/managedFields") != nullptr);  // the default keeps them
  lo.managed_fields = false;
  auto without = client.list({"", "v1", "ConfigMap"}, lo);
  REQUIRE(without);
  REQUIRE(without->items.size() == 1);
  const Json& item = without->items[0];
  CHECK(vsctl::k8s::find(item, "/metadata/managedFields") == nullptr);
  CHECK(vsctl::k8s::string_at(item, "/metadata/name") == "a");
  CHECK(vsctl::k8s::string_at(item, "/metadata/annotations/managedFields") == "an annotation");
  CHECK(vsctl::k8s::string_at(item, "/data/managedFields") == "a key of the data");
  CHECK(without->resource_version == "7");
}

TEST_CASE("curl client: server-side apply request, 409 field manager conflict") {
  TestHttpServer server(api([](const HttpRequest& r) {
    if (r.query.find("force=true") != std::string::npos) return json_reply(200, r.body);
    return json_reply(409, R"({"kind":"Status","code":409,"reason":"Conflict","message":"Apply failed with 1 conflict: conflict with \"kubectl-edit\": .data.k",
      "details":{"causes":[{"reason":"FieldManagerConflict","message":"conflict with \"kubectl-edit\"","field":".data.k"}]}})");
  }));
  CurlClient client(config_for(server), quiet());
  Json obj = configmap("a");
  obj["metadata"]["managedFields"] = Json::array({Json::object()});
  obj["metadata"]["resourceVersion"] = "5";
  auto r = client.apply(obj, {});
  REQUIRE(!r);
  CHECK(r.error().kind == ApiErrorKind::FieldManagerConflict);
  ApplyOptions force;
  force.force = Force::Yes;
  force.dry_run = DryRun::All;
  auto ok = client.apply(obj, force);
  REQUIRE(ok);
  auto last = server.requests().back();
  CHECK(last.method == "PATCH");
  CHECK(last.path == "/api/v1/namespaces/shop/configmaps/a");
  CHECK(last.query == "fieldManager=vsctl&force=true&dryRun=All&fieldValidation=Strict");
  CHECK(last.headers["content-type"] == "application/apply-patch+yaml");
  CHECK(last.body.find("managedFields") == std::string::npos);
  CHECK(last.body.find("resourceVersion") == std::string::npos);
}

TEST_CASE("curl client: 429 and 5xx are retried, honouring Retry-After, within bounds") {
  std::atomic<int> calls{0};
  TestHttpServer server(api([&](const HttpRequest&) {
    int n = ++calls;
    if (n == 1) {
      HttpReply r = json_reply(429, status(429, "TooManyRequests", "too many requests"));
      r.headers.emplace_back("Retry-After", "1");
      return r;
    }
    if (n == 2) return json_reply(503, status(503, "ServiceUnavailable", "busy"));
    return json_reply(200, configmap("a").dump());
  }));
  CurlClient client(config_for(server), quiet());
  auto start = std::chrono::steady_clock::now();
  auto r = client.get({"", "v1", "ConfigMap", "shop", "a"});
  REQUIRE(r);
  CHECK(calls == 3);
  CHECK(std::chrono::steady_clock::now() - start >= 1s);  // Retry-After: 1

  // Always throttled: gives up after max_attempts.
  TestHttpServer always(api([](const HttpRequest&) { return json_reply(429, status(429, "TooManyRequests", "slow down")); }));
  auto o = quiet();
  o.retry.max_attempts = 4;
  CurlClient c2(config_for(always), o);
  auto t = c2.get({"", "v1", "ConfigMap", "shop", "a"});
  REQUIRE(!t);
  CHECK(t.error().kind == ApiErrorKind::Throttled);
  CHECK(always.count("GET", "/api/v1/namespaces/shop/configmaps/a") == 4);
  CHECK(t.error().message == "slow down (gave up after 4 attempts)");
  CHECK(to_error(t.error()).kind == vsctl::util::ErrorKind::Cluster);
}

TEST_CASE("curl client: a create whose answer is lost is read back, not repeated") {
  std::atomic<int> posts{0};
  TestHttpServer server(api([&](const HttpRequest& r) {
    if (r.method == "POST") {
      ++posts;
      HttpReply drop;
      drop.drop = true;  // the server created it, but the answer never arrives
      return drop;
    }
    if (r.method == "GET" && r.path == "/api/v1/namespaces/shop/configmaps/a") {
      return json_reply(200, configmap("a").dump());
    }
    return json_reply(404, status(404, "NotFound", "nope"));
  }));
  CurlClient client(config_for(server), quiet());
  auto r = client.create(configmap("a"), DryRun::No);
  REQUIRE_MESSAGE(r, (r ? "" : describe(r.error())));
  CHECK(posts == 1);
  CHECK(server.count("GET", "/api/v1/namespaces/shop/configmaps/a") == 1);

  // Not there after the loss: sent again.
  std::atomic<int> posts2{0};
  TestHttpServer s2(api([&](const HttpRequest& req) {
    if (req.method == "POST") {
      if (++posts2 == 1) {
        HttpReply drop;
        drop.drop = true;
        return drop;
      }
      return json_reply(201, req.body);
    }
    return json_reply(404, status(404, "NotFound", "nope"));
  }));
  CurlClient c2(config_for(s2), quiet());
  auto r2 = c2.create(configmap("a"), DryRun::No);
  REQUIRE(r2);
  CHECK(posts2 == 2);
}

TEST_CASE("curl client: an update whose answer is lost is not repeated when the object changed") {
  TestHttpServer server(api([&](const HttpRequest& r) {
    if (r.method == "PUT") {
      HttpReply drop;
      drop.drop = true;
      return drop;
    }
    Json live = configmap("a");
    live["metadata"]["resourceVersion"] = "8";
    return json_reply(200, live.dump());
  }));
  CurlClient client(config_for(server), quiet());
  Json obj = configmap("a");
  obj["metadata"]["resourceVersion"] = "7";
  auto r = client.update(obj, DryRun::No);
  REQUIRE(!r);
  CHECK(r.error().kind == ApiErrorKind::Conflict);
  CHECK(server.count("PUT", "/api/v1/namespaces/shop/configmaps/a") == 1);
}

TEST_CASE("curl client: delete, and a 404 after a lost delete counts as deleted") {
  std::atomic<int> deletes{0};
  TestHttpServer server(api([&](const HttpRequest& r) {
    if (r.method == "DELETE" && r.path.ends_with("/a")) {
      if (++deletes == 1) {
        HttpReply cut;
        cut.truncate = true;  // deleted, but the answer is cut short
        return cut;
      }
      return json_reply(404, status(404, "NotFound", "gone"));
    }
    if (r.method == "DELETE") return json_reply(404, status(404, "NotFound", "never there"));
    return json_reply(500, "");
  }));
  CurlClient client(config_for(server), quiet());
  DeleteOptions opts;
  opts.propagation = Propagation::Foreground;
  auto a = client.remove({"", "v1", "ConfigMap", "shop", "a"}, opts);
  REQUIRE(a);
  CHECK(*a);
  CHECK(server.requests()[2].body.find("\"propagationPolicy\":\"Foreground\"") != std::string::npos);
  auto b = client.remove({"", "v1", "ConfigMap", "shop", "b"}, {});
  REQUIRE(b);
  CHECK(!*b);
}

TEST_CASE("curl client: parallel applies, bounded, results in order") {
  std::atomic<int> in_flight{0}, peak{0};
  TestHttpServer server(api([&](const HttpRequest& r) {
    int now = ++in_flight;
    int p = peak.load();
    while (now > p && !peak.compare_exchange_weak(p, now)) {
    }
    std::this_thread::sleep_for(20ms);
    --in_flight;
    return json_reply(200, r.body);
  }));
  auto o = quiet();
  o.max_in_flight = 4;
  CurlClient client(config_for(server), o);
  std::vector<Json> objs;
  for (int i = 0; i < 20; ++i) objs.push_back(configmap("cm-" + std::to_string(i)));
  objs.push_back(Json{{"kind", "ConfigMap"}});  // invalid: reported in place
  auto results = client.apply_all(objs, {});
  REQUIRE(results.size() == 21);
  for (int i = 0; i < 20; ++i) {
    REQUIRE(results[static_cast<std::size_t>(i)]);
    CHECK(vsctl::k8s::string_at(*results[static_cast<std::size_t>(i)], "/metadata/name") == "cm-" + std::to_string(i));
  }
  CHECK(!results[20]);
  CHECK(results[20].error().kind == ApiErrorKind::Invalid);
  CHECK(peak <= 4);
  CHECK(peak >= 2);
}

TEST_CASE("curl client: client-side rate limit") {
  TestHttpServer server(api([](const HttpRequest& r) { return json_reply(200, r.body); }));
  auto o = quiet();
  o.qps = 20;
  o.burst = 2;
  CurlClient client(config_for(server), o);
  REQUIRE(client.discovery());  // 2 requests: the burst
  std::vector<Json> objs;
  for (int i = 0; i < 10; ++i) objs.push_back(configmap("cm-" + std::to_string(i)));
  auto start = std::chrono::steady_clock::now();
  auto results = client.apply_all(objs, {});
  CHECK(std::chrono::steady_clock::now() - start >= 400ms);  // 10 at 20/s
}

TEST_CASE("curl client: watch streams events until the handler stops, 410 says re-list") {
  TestHttpServer server(api([](const HttpRequest& r) {
    if (r.query.find("resourceVersion=1&") != std::string::npos) {
      HttpReply gone;
      gone.stream = {R"J({"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old resource version: 1 (50)"}})J" "\n"};
      return gone;
    }
    HttpReply s;
    s.stream = {"{\"type\":\"ADDED\",\"object\":{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"11\"}}}\n",
                "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"12\"}}}\n{\"type\":\"MODI",
                "FIED\",\"object\":{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"13\"}}}\n"};
    s.stream_gap = 10ms;
    s.hold_open = true;
    return s;
  }));
  CurlClient client(config_for(server), quiet());
  WatchOptions wo;
  wo.namespace_ = "shop";
  wo.resource_version = "10";
  wo.deadline = std::chrono::steady_clock::now() + 10s;
  std::vector<WatchEventType> seen;
  auto end = client.watch({"", "v1", "ConfigMap"}, wo, [&](const WatchEvent& e) {
    seen.push_back(e.type);
    return e.type == WatchEventType::Modified ? WatchControl::Stop : WatchControl::Continue;
  });
  REQUIRE(end);
  CHECK(end->reason == WatchEndReason::Stopped);
  CHECK(end->resource_version == "13");
  CHECK(seen == std::vector<WatchEventType>{WatchEventType::Added, WatchEventType::Modified});
  auto q = server.requests().back().query;
  CHECK(q.find("watch=1&allowWatchBookmarks=true&resourceVersion=10") == 0);

  // The deadline ends a quiet stream.
  wo.deadline = std::chrono::steady_clock::now() + 1500ms;
  auto timed = client.watch({"", "v1", "ConfigMap"}, wo, [](const WatchEvent&) { return WatchControl::Continue; });
  REQUIRE(timed);
  CHECK(timed->reason == WatchEndReason::Deadline);

  wo.resource_version = "1";
  wo.deadline = std::chrono::steady_clock::now() + 5s;
  auto gone = client.watch({"", "v1", "ConfigMap"}, wo, [](const WatchEvent&) { return WatchControl::Continue; });
  REQUIRE(!gone);
  CHECK(gone.error().kind == ApiErrorKind::Gone);
}

TEST_CASE("curl client: a closed port is a Cluster error, quickly") {
  TestHttpServer* dead = new TestHttpServer(api([](const HttpRequest&) { return json_reply(200, "{}"); }));
  RestConfig rc = config_for(*dead);
  delete dead;  // nothing listens there any more
  CurlClient client(rc, quiet());
  auto start = std::chrono::steady_clock::now();
  auto r = client.get({"", "v1", "ConfigMap", "shop", "a"});
  REQUIRE(!r);
  CHECK(r.error().kind == ApiErrorKind::Transport);
  CHECK(std::chrono::steady_clock::now() - start < 5s);
  auto u = to_error(r.error());
  CHECK(u.kind == vsctl::util::ErrorKind::Cluster);
  CHECK(u.message.find("cannot reach the API server " + rc.server) != std::string::npos);
  CHECK(u.message.find("is it running, and is this the right context? (context \"test\" in test)") != std::string::npos);
}

TEST_CASE("curl client: a 401 runs the exec plugin again once") {
  TestHttpServer server([](const HttpRequest& r) {
    if (r.headers.at("authorization") != "Bearer fresh") return json_reply(401, status(401, "Unauthorized", "Unauthorized"));
    if (r.path == "/api") return json_reply(200, kCoreDiscovery);
    return json_reply(200, kAppsDiscovery);
  });
  RestConfig rc = config_for(server);
  rc.token.clear();
  rc.exec = ExecConfig{"client.authentication.k8s.io/v1", "plugin", {}, {}, "", false};
  int runs = 0;
  CurlClient client(rc, quiet(), [&](const ExecConfig&, const RestConfig&, std::chrono::milliseconds) {
    ++runs;
    return vsctl::util::Result<ExecCredential>(ExecCredential{runs == 1 ? "stale" : "fresh", "", "", std::nullopt});
  });
  REQUIRE(client.discovery());
  CHECK(runs == 2);
}

TEST_CASE("curl client: no secret in any log line at any verbosity") {
  const std::string token = "SENTINEL-TOKEN-3f9a1c";
  const std::string key = "SENTINEL-CLIENT-KEY-77d2";
  const std::string secret_value = "SENTINEL-SECRET-DATA-b5e0";
  TestHttpServer server(api([&](const HttpRequest& r) {
    if (r.path.find("/secrets") != std::string::npos) {
      if (r.method == "GET" && r.path.ends_with("/secrets")) {
        return json_reply(200, R"({"kind":"SecretList","metadata":{"resourceVersion":"3"},"items":[{"metadata":{"name":"s"},"data":{"k":")" +
                                   secret_value + "\"}}]}");
      }
      return json_reply(200, r.body);  // echoes the Secret back
    }
    if (r.method == "POST") return json_reply(403, status(403, "Forbidden", "no"));
    return json_reply(401, status(401, "Unauthorized", "Unauthorized"));
  }));
  RestConfig rc = config_for(server);
  rc.token = token;
  rc.client_key_pem = "-----BEGIN PRIVATE KEY-----\n" + key + "\n-----END PRIVATE KEY-----\n";
  rc.client_cert_pem = "-----BEGIN CERTIFICATE-----\nCERT\n-----END CERTIFICATE-----\n";
  Json secret = {{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", {{"name", "s"}, {"namespace", "shop"}}},
                 {"data", {{"k", secret_value}}}, {"stringData", {{"p", secret_value}}}};
  for (int level = 0; level <= 10; ++level) {
    std::string log;
    auto o = quiet();
    o.verbosity = level;
    o.retry.max_attempts = 2;
    o.log = [&](std::string_view line) {
      log += line;
      log += '\n';
    };
    CurlClient client(rc, o);
    (void)client.apply(secret, {});
    (void)client.list({"", "v1", "Secret"}, {});
    (void)client.get({"", "v1", "ConfigMap", "shop", "a"});  // 401
    (void)client.create(configmap("x"), DryRun::No);        // 403
    auto r = client.create(secret, DryRun::No);
    CHECK(log.find(token) == std::string::npos);
    CHECK(log.find(key) == std::string::npos);
    CHECK(log.find(secret_value) == std::string::npos);
    if (level >= 6) CHECK(log.find("/api/v1/namespaces/shop/secrets") != std::string::npos);
    if (level >= 7) CHECK(log.find("Authorization: Bearer <redacted>") != std::string::npos);
    if (level >= 8) CHECK(log.find("\"k\":\"<redacted>\"") != std::string::npos);
    // Nor in errors.
    auto g = client.get({"", "v1", "ConfigMap", "shop", "a"});
    REQUIRE(!g);
    CHECK(describe(g.error()).find(token) == std::string::npos);
  }
}

TEST_CASE("curl client: discovery falls back to the legacy documents") {
  TestHttpServer server([](const HttpRequest& r) {
    if (r.path == "/api") return json_reply(200, R"({"kind":"APIVersions","versions":["v1"]})");
    if (r.path == "/apis") {
      return json_reply(200, R"({"kind":"APIGroupList","groups":[{"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}]},
                                 {"name":"metrics.k8s.io","versions":[{"groupVersion":"metrics.k8s.io/v1beta1","version":"v1beta1"}]}]})");
    }
    if (r.path == "/api/v1") {
      return json_reply(200, R"({"kind":"APIResourceList","groupVersion":"v1","resources":[
                                 {"name":"configmaps","namespaced":true,"kind":"ConfigMap","verbs":["get"]}]})");
    }
    if (r.path == "/apis/apps/v1") {
      return json_reply(200, R"({"kind":"APIResourceList","groupVersion":"apps/v1","resources":[
                                 {"name":"deployments","namespaced":true,"kind":"Deployment","verbs":["get"]},
                                 {"name":"deployments/status","namespaced":true,"kind":"Deployment","verbs":["get"]}]})");
    }
    return json_reply(404, status(404, "NotFound", "the server could not find the requested resource"));
  });
  std::string log;
  auto o = quiet();
  o.log = [&](std::string_view line) { log += std::string(line) + "\n"; };
  CurlClient client(config_for(server), o);
  auto d = client.discovery();
  REQUIRE(d);
  CHECK((*d)->size() == 2);
  const auto* dep = (*d)->find({"apps", "v1", "Deployment"});
  REQUIRE(dep);
  CHECK(dep->has_subresource("status"));
  CHECK((*d)->find({"", "v1", "ConfigMap"}));
  // An unavailable group does not stop the rest; it is reported.
  CHECK(log.find("warning: discovery of /apis/metrics.k8s.io/v1beta1 failed") != std::string::npos);
}
