#include "kube/api_error.h"

#include <doctest/doctest.h>

using namespace vsctl::kube;

TEST_CASE("api error: a 409 with FieldManagerConflict causes is a field manager conflict") {
  auto body = R"({"kind":"Status","apiVersion":"v1","status":"Failure",
    "message":"Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: .spec.replicas",
    "reason":"Conflict","details":{"causes":[{"reason":"FieldManagerConflict",
    "message":"conflict with \"kubectl-edit\" using apps/v1","field":".spec.replicas"}]},"code":409})";
  auto e = from_response(409, body, "patch", "/apis/apps/v1/namespaces/shop/deployments/cart");
  CHECK(e.kind == ApiErrorKind::FieldManagerConflict);
  CHECK(e.reason == "Conflict");
  REQUIRE(e.causes.size() == 1);
  CHECK(e.causes[0].field == ".spec.replicas");
  auto u = to_error(e);
  CHECK(u.kind == vsctl::util::ErrorKind::Cluster);
  CHECK(u.message ==
        "patch /apis/apps/v1/namespaces/shop/deployments/cart: field manager conflict (HTTP 409): "
        "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: .spec.replicas"
        "; another field manager owns these fields: apply with force to take them over");
}

TEST_CASE("api error: status kinds") {
  CHECK(from_response(409, R"({"kind":"Status","reason":"AlreadyExists","message":"x"})", "create", "/p").kind ==
        ApiErrorKind::AlreadyExists);
  CHECK(from_response(409, R"({"kind":"Status","reason":"Conflict","message":"x"})", "update", "/p").kind ==
        ApiErrorKind::Conflict);
  CHECK(from_response(422, "{}", "create", "/p").kind == ApiErrorKind::Invalid);
  CHECK(from_response(400, "", "create", "/p").kind == ApiErrorKind::BadRequest);
  CHECK(from_response(415, "", "create", "/p").kind == ApiErrorKind::BadRequest);
  CHECK(from_response(401, "", "get", "/p").kind == ApiErrorKind::Unauthorized);
  CHECK(from_response(404, "", "get", "/p").kind == ApiErrorKind::NotFound);
  CHECK(from_response(410, "", "watch", "/p").kind == ApiErrorKind::Gone);
  CHECK(from_response(429, "", "get", "/p").kind == ApiErrorKind::Throttled);
  CHECK(from_response(503, "", "get", "/p").kind == ApiErrorKind::ServerError);
  CHECK(from_response(504, "", "get", "/p").kind == ApiErrorKind::Timeout);
  CHECK(from_response(500, R"({"kind":"Status","reason":"Expired","code":410})", "list", "/p").kind ==
        ApiErrorKind::Gone);
  CHECK(is_retryable(ApiErrorKind::Throttled));
  CHECK(is_retryable(ApiErrorKind::Transport));
  CHECK(!is_retryable(ApiErrorKind::Invalid));
  CHECK(!is_retryable(ApiErrorKind::Forbidden));
}

TEST_CASE("api error: 403 names the verb and resource and keeps the server's message") {
  auto e = from_response(403, R"({"kind":"Status","reason":"Forbidden","code":403,
    "message":"configmaps is forbidden: User \"restricted\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"default\""})",
                         "list", "/api/v1/namespaces/default/configmaps");
  CHECK(e.kind == ApiErrorKind::Forbidden);
  CHECK(describe(e) ==
        "list /api/v1/namespaces/default/configmaps: forbidden (HTTP 403): configmaps is forbidden: "
        "User \"restricted\" cannot list resource \"configmaps\" in API group \"\" in the namespace "
        "\"default\"; the user may not list here: grant it with RBAC or use another context");
}

TEST_CASE("api error: invalid keeps causes the message does not repeat, and plain text bodies") {
  auto e = from_response(422, R"({"kind":"Status","reason":"Invalid","message":"ConfigMap \"x\" is invalid",
    "details":{"causes":[{"reason":"FieldValueInvalid","message":"Invalid value: \"A\": must be lowercase","field":"metadata.name"}]}})",
                         "create", "/api/v1/namespaces/d/configmaps");
  CHECK(describe(e).find("; metadata.name: Invalid value: \"A\": must be lowercase;") != std::string::npos);
  auto t = from_response(502, "Bad Gateway\n", "get", "/api");
  CHECK(t.message == "Bad Gateway");
}

TEST_CASE("api error: a 500 with the server's Status is an answer, no connection, 429 and 502-504 are an outage") {
  auto full = from_response(500, R"({"kind":"Status","status":"Failure","reason":"InternalError","code":500,
    "message":"Internal error occurred: failed to allocate a serviceIP: range is full"})",
                            "patch", "/api/v1/namespaces/shop/services/cart");
  CHECK(full.kind == ApiErrorKind::ServerError);
  CHECK_FALSE(is_outage(full));
  CHECK(describe(full).find("range is full; the API server refused this request for the reason above") != std::string::npos);
  CHECK(is_outage(from_response(500, "upstream connect error\n", "get", "/p")));  // not the server's own answer
  CHECK(is_outage(from_response(502, "", "get", "/p")));
  CHECK(is_outage(from_response(503, R"({"kind":"Status","code":503,"message":"etcd not ready"})", "get", "/p")));
  CHECK(is_outage(from_response(504, "", "get", "/p")));
  CHECK(is_outage(from_response(429, "", "get", "/p")));
  ApiError transport;  // no response at all
  CHECK(is_outage(transport));
  CHECK_FALSE(is_outage(from_response(403, "", "get", "/p")));
  CHECK_FALSE(is_outage(from_response(422, "", "get", "/p")));
}

TEST_CASE("api error: the advice for a 429 names only things that exist") {
  auto e = from_response(429, R"({"kind":"Status","code":429,"message":"Too many requests, please try again later."})", "get", "/p");
  CHECK(e.hint.find("--qps") == std::string::npos);
  CHECK(e.hint.find("API Priority and Fairness") != std::string::npos);
}
