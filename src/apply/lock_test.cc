#include "apply/lock.h"

#include <doctest/doctest.h>

#include "apply/abandoned.h"
#include "apply/record_store.h"
#include "testing/fake_cluster.h"

using namespace vsctl;
using namespace std::chrono_literals;
using SysClock = std::chrono::system_clock;

namespace {

// A lease another process holds, last renewed `age` ago.
kube::Lease held_by(const std::string& holder, std::chrono::seconds age, int duration_s = 30) {
  kube::Lease l;
  l.namespace_ = "shop";
  l.name = apply::lock_name("shop");
  l.holder = holder;
  l.duration_seconds = duration_s;
  l.acquire_time = SysClock::now() - age - 20s;
  l.renew_time = SysClock::now() - age;
  l.annotations = {{"vsctl.dev/operation", "apply"}};
  return l;
}

apply::LockOptions options(std::chrono::milliseconds wait = 0ms) {
  apply::LockOptions o;
  o.ns = "shop";
  o.architecture = "shop";
  o.holder = "bob@ci (apply, pid 2)";
  o.operation = "apply";
  o.wait = wait;
  return o;
}

}  // namespace

TEST_CASE("lock: a lease whose holder stopped renewing is taken over at once, without --wait-for-lock") {
  testing::FakeCluster c;
  c.put(kube::to_json(held_by("alice@laptop (apply, pid 7)", 45s)));
  apply::Lock lock(c, options());
  auto r = lock.acquire();
  REQUIRE(r);
  CHECK(lock.held());
  REQUIRE(lock.taken_over());
  CHECK(lock.taken_over()->holder == "alice@laptop (apply, pid 7)");
  CHECK(lock.taken_over()->operation == "apply");
  CHECK(lock.taken_over()->silent >= 44s);
  auto text = apply::describe(*lock.taken_over());
  CHECK(text.find("alice@laptop (apply, pid 7), holding it since ") == 0);
  CHECK(text.find("s ago; the lease lasts 30s)") != std::string::npos);
  auto now = c.get_lease("shop", apply::lock_name("shop"));
  REQUIRE(now);
  CHECK((*now)->holder == "bob@ci (apply, pid 2)");
  CHECK((*now)->transitions == 1);
}

TEST_CASE("lock: a live lease refuses at once, naming the holder and its last renewal") {
  testing::FakeCluster c;
  c.put(kube::to_json(held_by("alice@laptop (apply, pid 7)", 2s)));
  apply::Lock lock(c, options());
  auto r = lock.acquire();
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == util::ErrorKind::Locked);
  CHECK(r.error().message.find("is locked by alice@laptop (apply, pid 7) since ") != std::string::npos);
  CHECK(r.error().message.find(", last renewed 2s ago (Lease shop/vsctl-lock-shop, free once not renewed for 30s)") !=
        std::string::npos);
  CHECK_FALSE(lock.taken_over());
}

TEST_CASE("lock: renewals within the duration plus the clock allowance keep a lease live") {
  auto now = SysClock::now();
  CHECK_FALSE(apply::expired_by_renewal(held_by("a", 34s), now, 5s, 30));
  CHECK(apply::expired_by_renewal(held_by("a", 36s), now, 5s, 30));
  // stamped in the future (a clock ahead): never judged by renewal
  CHECK_FALSE(apply::expired_by_renewal(held_by("a", -120s), now, 5s, 30));
  kube::Lease none = held_by("a", 100s);
  none.renew_time.reset();
  CHECK_FALSE(apply::expired_by_renewal(none, now, 5s, 30));
}

TEST_CASE("lock: waiting in line says once whose lease it waits for") {
  testing::FakeCluster c;
  c.put(kube::to_json(held_by("alice@laptop (apply, pid 7)", 1s)));
  auto o = options(1200ms);
  std::vector<std::string> said;
  o.on_wait = [&](const std::string& m) { said.push_back(m); };
  apply::Lock lock(c, o);
  auto r = lock.acquire();
  REQUIRE_FALSE(r);
  REQUIRE(said.size() == 1);
  CHECK(said[0].find("waiting in line for the lock: locked by alice@laptop (apply, pid 7)") == 0);
}

TEST_CASE("records: an in-progress record whose run lost its lock is read as abandoned") {
  testing::FakeCluster c;
  apply::RecordStore store(c, "shop", "shop");
  apply::Record r;
  r.architecture = r.ns = "shop";
  r.who = "alice@laptop";
  r.changed.push_back({"cart", "Update", "1.0.0", "1.1.0", "d", "succeeded", ""});
  r.changed.push_back({"web", "Update", "1.0.0", "1.1.0", "d", "pending", ""});
  REQUIRE(store.begin(r));
  SUBCASE("the lease is live: still running") {
    c.put(kube::to_json(held_by("alice@laptop (apply, pid 7)", 3s)));
    auto l = store.list();
    REQUIRE(l);
    CHECK(l->front().outcome == apply::Outcome::InProgress);
  }
  SUBCASE("the lease expired: abandoned, the stored record untouched") {
    c.put(kube::to_json(held_by("alice@laptop (apply, pid 7)", 90s)));
    auto l = store.list();
    REQUIRE(l);
    CHECK(l->front().outcome == apply::Outcome::Abandoned);
    CHECK(l->front().message.find("abandoned: its run stopped without finishing: the lock of alice@laptop (apply, pid 7) expired") == 0);
    CHECK(l->front().changed[0].outcome == "succeeded");
    CHECK(l->front().changed[1].outcome == "abandoned");
    auto stored = store.list(apply::RecordStore::View::AsStored);
    REQUIRE(stored);
    CHECK(stored->front().outcome == apply::Outcome::InProgress);
  }
  SUBCASE("no lease at all: abandoned") {
    auto l = store.list();
    REQUIRE(l);
    CHECK(l->front().outcome == apply::Outcome::Abandoned);
    CHECK(l->front().message == "abandoned: its run stopped without finishing, and the lock is free");
  }
}

TEST_CASE("records: closing an abandoned record says what was live for each service it left pending") {
  apply::Record r;
  r.changed.push_back({"cart", "Update", "1.0.0", "1.1.0", "d", "succeeded", ""});
  r.changed.push_back({"web", "Update", "1.0.0", "1.1.0", "d", "pending", ""});
  r.changed.push_back({"db", "Provision", "", "2.0.0", "d", "pending", ""});
  std::map<std::string, std::string> live{{"web", "1.0.0"}, {"db", ""}};
  apply::mark_abandoned(r, "gone", "2026-01-01T00:00:00.000Z", &live);
  CHECK(r.outcome == apply::Outcome::Abandoned);
  CHECK(r.finished == "2026-01-01T00:00:00.000Z");
  CHECK(r.changed[0].outcome == "succeeded");
  CHECK(r.changed[1].outcome == "abandoned");
  CHECK(r.changed[1].reason == "live at 1.0.0 when taken over");
  CHECK(r.changed[2].reason == "not live when taken over");
}
