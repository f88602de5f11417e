// Users and TLS: token, client certificate, exec plugin; wrong CA, wrong host name, 403.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>

#include "e2e_env.h"
#include "util/hash.h"

using namespace vsctl::kube;
using namespace vsctl::kube::e2e;

namespace {

std::string ca_data() {
  auto ca = read_file(testbed().ca_file, "test bed CA");
  REQUIRE(ca);
  return vsctl::util::base64_encode(*ca);
}

// A kubeconfig for the test bed's server with the given cluster and user fields.
std::string kubeconfig(const std::string& cluster_fields, const std::string& user_fields,
                       const std::string& server = "") {
  return "apiVersion: v1\nkind: Config\ncurrent-context: t\n"
         "contexts:\n- name: t\n  context: {cluster: c, user: u, namespace: default}\n"
         "clusters:\n- name: c\n  cluster:\n    server: " + (server.empty() ? testbed().server : server) + "\n" +
         cluster_fields + "users:\n- name: u\n  user:\n" + user_fields;
}

std::size_t namespaces_seen(CurlClient& c) {
  auto l = c.list({"", "v1", "Namespace"}, {});
  REQUIRE_MESSAGE(l, (l ? "" : describe(l.error())));
  return l->items.size();
}

}  // namespace

TEST_SUITE("auth") {
  TEST_CASE("token user: aggregated discovery in two requests, then a list") {
    auto c = client_for(testbed().kubeconfig);
    auto d = c->discovery();
    REQUIRE_MESSAGE(d, (d ? "" : describe(d.error())));
    CHECK(c->requests_sent() == 2);
    CHECK((*d)->size() > 40);
    const auto* dep = (*d)->find({"apps", "v1", "Deployment"});
    REQUIRE(dep);
    CHECK(dep->resource == "deployments");
    CHECK(dep->namespaced);
    CHECK(!(*d)->find({"", "v1", "Namespace"})->namespaced);
    CHECK((*d)->find({"coordination.k8s.io", "v1", "Lease"}));
    CHECK(namespaces_seen(*c) >= 4);
  }

  TEST_CASE("client certificate user") {
    auto c = client_for(testbed().kubeconfig_cert);
    CHECK(c->config().token.empty());
    CHECK(!c->config().client_key_pem.empty());
    CHECK(namespaces_seen(*c) >= 4);
  }

  TEST_CASE("exec plugin user: run once, cached, and its failures are clear") {
    std::string counter = temp_path("exec-runs");
    std::string plugin = temp_path("exec-plugin.sh");
    std::ofstream(plugin) << "#!/bin/sh\necho run >> '" << counter << "'\n"
                          << "cat <<EOF\n{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                             "\"status\":{\"token\":\""
                          << testbed().admin_token << "\",\"expirationTimestamp\":\"2999-01-01T00:00:00Z\"}}\nEOF\n";
    ::chmod(plugin.c_str(), 0755);
    auto c = client_from_text(kubeconfig("    certificate-authority-data: " + ca_data() + "\n",
                                         "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                                         "      command: " + plugin + "\n      interactiveMode: Never\n"));
    CHECK(namespaces_seen(*c) >= 4);
    CHECK(namespaces_seen(*c) >= 4);
    auto runs = read_file(counter, "counter");
    REQUIRE(runs);
    CHECK(*runs == "run\n");  // cached until expirationTimestamp

    auto missing = client_from_text(kubeconfig("    certificate-authority-data: " + ca_data() + "\n",
                                               "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                                               "      command: vsctl-e2e-no-such-plugin\n"
                                               "      installHint: see the docs\n"));
    auto r = missing->list({"", "v1", "Namespace"}, {});
    REQUIRE(!r);
    auto e = to_error(r.error());
    CHECK(e.kind == vsctl::util::ErrorKind::Cluster);
    CHECK(e.message.find("exec plugin \"vsctl-e2e-no-such-plugin\" was not found on PATH; see the docs") !=
          std::string::npos);
  }

  TEST_CASE("a wrong CA is a clear Cluster error naming the CA") {
    std::string wrong_ca = temp_path("wrong-ca.crt");
    auto made = run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 "
                    "-subj /CN=wrong-ca -keyout " + temp_path("wrong-ca.key") + " -out " + wrong_ca + " 2>&1");
    REQUIRE_MESSAGE(made.status == 0, made.out);
    auto c = client_from_text(kubeconfig("    certificate-authority: " + wrong_ca + "\n",
                                         "    token: " + testbed().admin_token + "\n"));
    auto start = std::chrono::steady_clock::now();
    auto r = c->list({"", "v1", "Namespace"}, {});
    REQUIRE(!r);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));  // not retried
    auto e = to_error(r.error());
    MESSAGE(e.message);
    CHECK(e.kind == vsctl::util::ErrorKind::Cluster);
    CHECK(e.message.find("is not trusted by the CA from " + wrong_ca) != std::string::npos);
    CHECK(e.message.find("check certificate-authority(-data) of cluster \"c\"") != std::string::npos);
  }

  TEST_CASE("tls-server-name: a name in the certificate works, another is a host name mismatch") {
    auto good = client_from_text(kubeconfig("    certificate-authority-data: " + ca_data() +
                                                "\n    tls-server-name: kubernetes.default.svc\n",
                                            "    token: " + testbed().admin_token + "\n"));
    CHECK(namespaces_seen(*good) >= 4);

    auto bad = client_from_text(kubeconfig("    certificate-authority-data: " + ca_data() +
                                               "\n    tls-server-name: wrong.example\n",
                                           "    token: " + testbed().admin_token + "\n"));
    auto r = bad->list({"", "v1", "Namespace"}, {});
    REQUIRE(!r);
    auto e = to_error(r.error());
    MESSAGE(e.message);
    CHECK(e.message.find("does not match the host name") != std::string::npos);
    CHECK(e.message.find("set tls-server-name for cluster \"c\"") != std::string::npos);
  }

  TEST_CASE("insecure-skip-tls-verify works only when asked, with a warning") {
    LogCapture log;
    ClientOptions o;
    o.log = log.sink();
    auto c = client_from_text(kubeconfig("    insecure-skip-tls-verify: true\n",
                                         "    token: " + testbed().admin_token + "\n"),
                              o);
    CHECK(namespaces_seen(*c) >= 4);
    CHECK(log.count("warning: insecure-skip-tls-verify is set for cluster \"c\"") == 1);
    // Without it and without a CA, the system's CAs do not know the test bed's.
    auto strict = client_from_text(kubeconfig("", "    token: " + testbed().admin_token + "\n"));
    auto r = strict->list({"", "v1", "Namespace"}, {});
    REQUIRE(!r);
    CHECK(describe(r.error()).find("is not trusted by the system's CAs") != std::string::npos);
  }

  TEST_CASE("a bad token is 401; the restricted user gets 403 naming the verb and resource") {
    auto bad = client_from_text(kubeconfig("    certificate-authority-data: " + ca_data() + "\n",
                                           "    token: not-a-valid-token\n"));
    auto u = bad->list({"", "v1", "Namespace"}, {});
    REQUIRE(!u);
    CHECK(u.error().kind == ApiErrorKind::Unauthorized);

    auto c = client_for(testbed().kubeconfig_restricted);
    ListOptions in_restricted;
    in_restricted.namespace_ = "restricted";
    CHECK(c->list({"", "v1", "ConfigMap"}, in_restricted));
    ListOptions in_default;
    in_default.namespace_ = "default";
    auto r = c->list({"", "v1", "ConfigMap"}, in_default);
    REQUIRE(!r);
    CHECK(r.error().kind == ApiErrorKind::Forbidden);
    auto e = to_error(r.error());
    MESSAGE(e.message);
    CHECK(e.kind == vsctl::util::ErrorKind::Cluster);
    CHECK(e.message.find("list /api/v1/namespaces/default/configmaps: forbidden (HTTP 403)") == 0);
    CHECK(e.message.find("cannot list resource \"configmaps\"") != std::string::npos);
    auto w = c->apply(configmap("default", "nope", "x"), {});
    REQUIRE(!w);
    CHECK(describe(w.error()).find("cannot patch resource \"configmaps\"") != std::string::npos);
  }
}
