#include "apply/hook_logs.h"

#include <doctest/doctest.h>

#include "testing/fake_cluster.h"

using namespace vsctl::apply;

TEST_CASE("hook logs: redacted, then the last lines") {
  CHECK(log_excerpt("") == "");
  CHECK(log_excerpt("migrating\npassword=hunter2\npanic: no table\n") == "migrating\npassword=<redacted>\npanic: no table");
  std::string many;
  for (int i = 1; i <= 30; ++i) many += "line " + std::to_string(i) + "\n";
  std::string e = log_excerpt(many);
  CHECK(e.starts_with("[...]\nline 11\n"));
  CHECK(e.ends_with("\nline 30"));
  CHECK(log_excerpt(many, 2) == "[...]\nline 29\nline 30");
}

TEST_CASE("hook logs: terminal escapes are shown, not sent") {
  CHECK(log_excerpt("ok\n\x1b]0;pwned\x07\x1b[2Jdone") == "ok\n\\x1b]0;pwned\\x07\\x1b[2Jdone");
}

TEST_CASE("hook logs: at most so many bytes, whole lines, and a last line too long cut to its end") {
  std::string big;
  for (int i = 0; i < 10; ++i) big += std::string(1000, static_cast<char>('a' + i)) + "\n";
  std::string e = log_excerpt(big);
  CHECK(e.size() <= kHookLogBytes + 6);
  CHECK(e.starts_with("[...]\n"));
  CHECK(e.ends_with(std::string(1000, 'j')));
  CHECK(e.find(std::string(1000, 'f')) == std::string::npos);  // only 4 whole lines fit in 4 KiB
  std::string one(10000, 'x');
  e = log_excerpt(one + "END");
  CHECK(e.size() == kHookLogBytes);
  CHECK(e.starts_with("[...]\n"));
  CHECK(e.ends_with("xEND"));
}

TEST_CASE("hook logs: read from the newest pod, or why they could not be") {
  vsctl::testing::FakeCluster fake;
  CHECK(read_hook_logs(fake, "shop", {}).error == "the job has no pod left");
  std::vector<vsctl::k8s::Json> pods = {
      {{"metadata", {{"name", "j-old"}, {"creationTimestamp", "2026-12-03T12:00:00Z"}}}},
      {{"metadata", {{"name", "j-new"}, {"creationTimestamp", "2026-12-03T12:00:05Z"}}}, {"spec", {{"containers", {{{"name", "hook"}}}}}}}};
  auto l = read_hook_logs(fake, "shop", pods);
  CHECK(l.excerpt.empty());
  CHECK(l.error == "its pod j-new is gone");
  std::string text;
  for (int i = 1; i <= 50; ++i) text += "step " + std::to_string(i) + "\n";
  fake.set_log("shop", "j-new", text + "DATABASE_URL=postgres://app:pa55@db/shop\npanic: no table\n");
  l = read_hook_logs(fake, "shop", pods);
  CHECK(l.error.empty());
  CHECK(l.excerpt.starts_with("step 33\n"));  // the server sent the last 20 lines
  CHECK(l.excerpt.ends_with("DATABASE_URL=postgres://app:<redacted>@db/shop\npanic: no table"));
  CHECK(fake.calls().back() == "log v1 Pod shop/j-new");
}
