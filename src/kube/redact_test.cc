#include "kube/redact.h"

#include <doctest/doctest.h>

using namespace vsctl::kube;

TEST_CASE("redact: Authorization never shown") {
  CHECK(redact_header("Authorization", "Bearer s3cret") == "Authorization: Bearer <redacted>");
  CHECK(redact_header("authorization", "Basic abc") == "authorization: Basic <redacted>");
  CHECK(redact_header("Accept", "application/json") == "Accept: application/json");
}

TEST_CASE("redact: Secret data and stringData, in objects, lists and watch events") {
  auto s = redact_body(R"({"kind":"Secret","data":{"k":"c2VjcmV0"},"stringData":{"p":"plain"},
                          "metadata":{"name":"x","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"data\":{\"k\":\"c2VjcmV0\"}}"}}})");
  CHECK(s.find("c2VjcmV0") == std::string::npos);
  CHECK(s.find("plain") == std::string::npos);
  CHECK(s.find("\"k\":\"<redacted>\"") != std::string::npos);  // keys stay, values go

  auto list = redact_body(R"({"kind":"SecretList","items":[{"metadata":{"name":"a"},"data":{"k":"c2VjcmV0"}}]})");
  CHECK(list.find("c2VjcmV0") == std::string::npos);
  auto mixed = redact_body(R"({"kind":"List","items":[{"kind":"Secret","data":{"k":"c2VjcmV0"}},{"kind":"ConfigMap","data":{"k":"visible"}}]})");
  CHECK(mixed.find("c2VjcmV0") == std::string::npos);
  CHECK(mixed.find("visible") != std::string::npos);
  auto event = redact_body(R"({"type":"ADDED","object":{"kind":"Secret","data":{"k":"c2VjcmV0"}}})");
  CHECK(event.find("c2VjcmV0") == std::string::npos);
  auto lines = redact_body("{\"type\":\"ADDED\",\"object\":{\"kind\":\"Secret\",\"data\":{\"k\":\"c2VjcmV0\"}}}\n{\"type\":\"X\"}\n");
  CHECK(lines.find("c2VjcmV0") == std::string::npos);
}

TEST_CASE("redact: credential fields anywhere, text that is not JSON is not shown") {
  auto cred = redact_body(R"({"kind":"ExecCredential","status":{"token":"tok","clientKeyData":"KEY"}})");
  CHECK(cred.find("tok\"") == std::string::npos);
  CHECK(cred.find("KEY") == std::string::npos);
  CHECK(redact_body("token=abc") == "<9 bytes, not JSON, not shown>");
  CHECK(redact_body("") == "");
  auto long_body = redact_body(R"({"kind":"ConfigMap","data":{"k":")" + std::string(100, 'x') + "\"}}", 20);
  CHECK(long_body.size() < 60);
}

TEST_CASE("redact: text someone else wrote (a container's log)") {
  CHECK(redact_text("connecting with password=hunter2 to db") == "connecting with password=<redacted> to db");
  CHECK(redact_text("DB_PASSWORD: 's3cr3t'") == "DB_PASSWORD: '<redacted>'");
  CHECK(redact_text("api_key=abc123&x=1") == "api_key=<redacted>&x=1");
  CHECK(redact_text("Authorization: Bearer eyJhbGciOi.x.y") == "Authorization: Bearer <redacted>");
  CHECK(redact_text("dial postgres://app:pa55@db:5432/shop failed") == "dial postgres://app:<redacted>@db:5432/shop failed");
  CHECK(redact_text(R"({"level":"error","token":"abc","msg":"boom"})") == R"({"level":"error","msg":"boom","token":"<redacted>"})");
  CHECK(redact_text("line one\nsecret=x\nline three") == "line one\nsecret=<redacted>\nline three");
  CHECK(redact_text("panic: cannot connect to cart:7070") == "panic: cannot connect to cart:7070");
  CHECK(redact_text("tokens_used=5") == "tokens_used=5");
  CHECK(redact_text("curl -H \"Authorization: Basic dXNlcjpwYXNz\" x") == "curl -H \"Authorization: Basic <redacted>\" x");
  CHECK(redact_text("secret : 'abc', pass=p; other=1") == "secret : '<redacted>', pass=<redacted>; other=1");
  CHECK(redact_text("a basic example, a bearer of news") == "a basic example, a bearer of news");
}
