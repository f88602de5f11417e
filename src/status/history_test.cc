#include "status/history.h"

#include <doctest/doctest.h>

#include "status/json.h"

using namespace vsctl::status;
using vsctl::apply::Record;
using vsctl::apply::RecordedServiceEntry;

TEST_CASE("status history: what a record changed, in a few words") {
  CHECK(describe_change({"api", "Update", "1.0.0", "1.1.0", "d", "succeeded", ""}) == "api 1.0.0->1.1.0");
  CHECK(describe_change({"api", "Rollback", "1.1.0", "1.0.0", "d", "succeeded", ""}) == "api 1.1.0->1.0.0");
  CHECK(describe_change({"db", "Provision", "", "16.2.0", "d", "succeeded", ""}) == "db +16.2.0");
  CHECK(describe_change({"web", "Destroy", "2.0.0", "", "", "succeeded", ""}) == "web -2.0.0");
  CHECK(describe_change({"web", "Scale", "2.0.0", "2.0.0", "d", "succeeded", ""}) == "web scale");
  CHECK(describe_change({"web", "Update", "2.0.0", "2.0.0", "d", "succeeded", ""}) == "web 2.0.0 (changed)");
  CHECK(describe_change({"api", "Update", "1.0.0", "1.2.0", "d", "failed", "CrashLoopBackOff"}) ==
        "api 1.0.0->1.2.0 (failed: CrashLoopBackOff)");
  Record r;
  CHECK(changed_summary(r) == "0");
  r.changed = {{"db", "Provision", "", "16.2.0", "d", "succeeded", ""}, {"api", "Provision", "", "1.0.0", "d", "skipped", ""}};
  CHECK(changed_summary(r) == "2: db +16.2.0, api +1.0.0 (skipped)");
}

TEST_CASE("status history: duration, commit and JSON") {
  Record r;
  r.revision = 3;
  r.started = "2024-05-01T12:00:00.123Z";
  r.finished = "2024-05-01T12:02:05.600Z";
  r.outcome = vsctl::apply::Outcome::Succeeded;
  r.commit = "1a2b3c4d5e6f7a8b9c0d";
  CHECK(duration(r) == "2m05s");
  CHECK(short_commit(r) == "1a2b3c4d5e6f");
  auto j = history_entry(r);
  CHECK(j["durationSeconds"].get<double>() == doctest::Approx(125.477));
  CHECK(j["revision"] == 3);
  r.outcome = vsctl::apply::Outcome::InProgress;
  CHECK(duration(r) == "-");
  CHECK(history_entry(r)["durationSeconds"].is_null());
  r.commit.clear();
  r.tree_digest = "9f86d081884c7d659a2f";
  CHECK(short_commit(r) == "tree 9f86d081884c");  // a named rollback of a clean repository: not dirty
  r.dirty = true;
  CHECK(short_commit(r) == "dirty 9f86d081884c");
  r.tree_digest.clear();
  CHECK(short_commit(r) == "-");
}

TEST_CASE("status history: a reason that repeats the outcome is said once") {
  CHECK(describe_change({"api", "Update", "1.0.0", "1.1.0", "d", "cancelled", "Cancelled"}) == "api 1.0.0->1.1.0 (cancelled)");
}
