#include "apply/converge.h"

#include <doctest/doctest.h>

#include <mutex>
#include <thread>

#include "apply/abandoned.h"
#include "testing/fake_cluster.h"

using namespace vsctl;
using namespace vsctl::apply;
using namespace std::chrono_literals;
using k8s::Json;

namespace {

k8s::ObjectKey config_of(const std::string& service) { return {"", "v1", "ConfigMap", "shop", service}; }

Json config(const std::string& service) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", service}, {"namespace", "shop"}, {"labels", {{"app.kubernetes.io/part-of", "shop"}}}}},
          {"data", {{"k", "v"}}}};
}

// The fake cluster, one call at a time: a run's watcher, lock renewer and steps call from several
// threads. A watch that runs out of events waits a little before it returns (as a server's would).
class Serial final : public kube::ClusterClient {
  template <class F>
  auto locked(F f) -> decltype(f()) {
    std::lock_guard lock(mu_);
    return f();
  }

 public:
  explicit Serial(testing::FakeCluster& c) : c_(c) {}
  kube::ApiResult<std::shared_ptr<const kube::Discovery>> discovery() override { return locked([&] { return c_.discovery(); }); }
  std::string default_namespace() const override { return "shop"; }
  kube::ApiResult<std::optional<Json>> get(const k8s::ObjectKey& k) override { return locked([&] { return c_.get(k); }); }
  kube::ApiResult<kube::ObjectList> list(const k8s::GroupVersionKind& g, const kube::ListOptions& o) override {
    return locked([&] { return c_.list(g, o); });
  }
  kube::ApiResult<Json> apply(const Json& o, const kube::ApplyOptions& a) override { return locked([&] { return c_.apply(o, a); }); }
  kube::ApiResult<Json> create(const Json& o, kube::DryRun d) override { return locked([&] { return c_.create(o, d); }); }
  kube::ApiResult<Json> update(const Json& o, kube::DryRun d) override { return locked([&] { return c_.update(o, d); }); }
  kube::ApiResult<bool> remove(const k8s::ObjectKey& k, const kube::DeleteOptions& o) override {
    return locked([&] { return c_.remove(k, o); });
  }
  kube::ApiResult<kube::WatchEnd> watch(const k8s::GroupVersionKind& g, const kube::WatchOptions& o,
                                        const kube::WatchHandler& h) override {
    auto r = locked([&] { return c_.watch(g, o, h); });
    std::this_thread::sleep_for(20ms);
    return r;
  }

 private:
  testing::FakeCluster& c_;
  std::mutex mu_;
};

struct Collect final : Reporter {
  std::vector<Event> events;
  void event(const Event& e) override { events.push_back(e); }
  const Event* notice(const std::string& reason) const {
    for (const auto& e : events)
      if (e.type == EventType::Notice && e.reason == reason) return &e;
    return nullptr;
  }
};

Record wanted() {
  Record r;
  r.architecture = r.ns = "shop";
  r.who = "bob@ci";
  r.services["web"] = {{"version", "1.1.0"}};
  r.services["cart"] = {{"version", "2.0.0"}};
  return r;
}

ConvergeOptions options() {
  ConvergeOptions o;
  o.exec.concurrency = 1;
  o.lock.ns = o.lock.architecture = "shop";
  o.lock.holder = "bob@ci (apply, pid 2)";
  o.lock.operation = "apply";
  return o;
}

// web: an Update from 1.0.0 (applies its ConfigMap); cart: already at the wanted version.
Replan web_update() {
  return [] {
    Plan p;
    p.architecture = p.ns = "shop";
    Step s;
    s.service = "web";
    s.change = Change::Update;
    s.from_version = "1.0.0";
    s.to_version = "1.1.0";
    s.actions.push_back({ActionKind::Apply, config_of("web"), {}});
    p.waves.push_back({0, {s}});
    p.unchanged = {"cart"};
    p.digest = "d1";
    std::map<k8s::ObjectKey, Json> objects{{config_of("web"), config("web")}};
    return util::Result<std::pair<Plan, std::map<k8s::ObjectKey, Json>>>(std::make_pair(p, objects));
  };
}

// A run that was SIGKILLed: its record still in progress, its lease last renewed a minute ago.
void killed_run(testing::FakeCluster& c) {
  RecordStore store(c, "shop", "shop");
  Record r = wanted();
  r.who = "alice@laptop";
  r.changed.push_back({"cart", "Update", "1.9.0", "2.0.0", "d", "succeeded", ""});
  r.changed.push_back({"web", "Update", "1.0.0", "1.1.0", "d", "pending", ""});
  REQUIRE(store.begin(r));
  kube::Lease l;
  l.namespace_ = "shop";
  l.name = lock_name("shop");
  l.holder = "alice@laptop (apply, pid 7)";
  l.duration_seconds = 30;
  l.acquire_time = std::chrono::system_clock::now() - 80s;
  l.renew_time = std::chrono::system_clock::now() - 60s;
  c.put(kube::to_json(l));
}

}  // namespace

TEST_CASE("converge: a run takes over a dead holder's lock at once and closes its record as abandoned") {
  testing::FakeCluster c;
  killed_run(c);
  Collect rep;
  Serial serial(c);
  auto r = converge(serial, rep, web_update(), wanted(), options());
  REQUIRE(r);
  std::string steps;
  for (const auto& st : r->exec.steps) steps += st.service + " " + st.reason + " " + st.message + "; ";
  INFO(r->record.message, " | ", steps);
  CHECK(r->record.outcome == apply::Outcome::Succeeded);
  CHECK(r->record.revision == 2);
  CHECK(r->record.takeover.find("took over the expired lock of alice@laptop (apply, pid 7), holding it since ") == 0);
  CHECK(r->record.takeover.find("; closed revision 1 as abandoned") != std::string::npos);
  REQUIRE(rep.notice("LockTakenOver"));
  REQUIRE(rep.notice("RecordAbandoned"));
  CHECK(exit_code(*r) == 0);

  RecordStore store(c, "shop", "shop");
  auto stored = store.list(RecordStore::View::AsStored);
  REQUIRE(stored);
  REQUIRE(stored->size() == 2);
  const Record& old = stored->back();
  CHECK(old.revision == 1);
  CHECK(old.outcome == apply::Outcome::Abandoned);
  CHECK(old.message.find("abandoned: its run stopped without finishing; bob@ci took over its expired lock (alice@laptop") == 0);
  CHECK_FALSE(old.finished.empty());
  CHECK(old.changed[0].outcome == "succeeded");
  CHECK(old.changed[1].outcome == "abandoned");
  CHECK(old.changed[1].reason == "live at 1.0.0 when taken over");
  CHECK(stored->front().takeover == r->record.takeover);
}

TEST_CASE("converge: nothing to do under the lock writes no record and releases the lock") {
  testing::FakeCluster c;
  auto o = options();
  o.unchanged = [](const Plan&, const std::optional<Record>&) { return true; };
  Collect rep;
  Serial serial(c);
  auto r = converge(serial, rep, web_update(), wanted(), o);
  REQUIRE(r);
  CHECK(r->unchanged);
  CHECK(exit_code(*r) == 0);
  auto stored = RecordStore(c, "shop", "shop").list();
  REQUIRE(stored);
  CHECK(stored->empty());
  auto lease = c.get_lease("shop", lock_name("shop"));
  REQUIRE(lease);
  REQUIRE(*lease);
  CHECK((*lease)->holder.empty());
}

TEST_CASE("converge: exit codes: a step the API server refused is a cluster error (5), not a convergence failure (6)") {
  ConvergeResult r;
  r.record.outcome = apply::Outcome::Failed;
  StepResult a;
  a.status = StepStatus::Failed;
  a.reason = "ApplyFailed";
  r.exec.steps.push_back(a);
  CHECK(exit_code(r) == 5);
  StepResult b;
  b.status = StepStatus::Failed;
  b.reason = "CrashLoopBackOff";
  r.exec.steps.push_back(b);
  CHECK(exit_code(r) == 6);
  r.exec.steps = {a};
  r.exec.steps[0].reason = "ClusterUnavailable";
  CHECK(exit_code(r) == 5);
  r.record.outcome = apply::Outcome::Interrupted;
  CHECK(exit_code(r) == 130);
  ConvergeResult unwatched;  // a 429 that outlasted the retries at the first watch: nothing ran
  unwatched.record.outcome = apply::Outcome::Failed;
  unwatched.cluster_error = true;
  CHECK(exit_code(unwatched) == 5);
}
