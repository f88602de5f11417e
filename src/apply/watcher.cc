#include "apply/watcher.h"

#include <algorithm>
#include <set>

#include "k8s/labels.h"

namespace vsctl::apply {

namespace {
enum KindIndex : std::size_t {
  kDeployment, kStatefulSet, kPod, kService, kSlice, kHpa, kJob, kReplicaSet, kClaim, kEvent, kCount
};

std::string label(const k8s::Json& o, std::string_view key) {
  const auto* l = k8s::find(o, "/metadata/labels");
  if (!l || !l->is_object()) return {};
  auto it = l->find(std::string(key));
  return it != l->end() && it->is_string() ? it->get<std::string>() : std::string();
}

// What a waiter and `vsctl status` read of a watched object, and nothing more: managed fields
// (often half an object) are dropped from every kind, and a Pod keeps of its spec only what
// readiness and the cause of a block need: the containers' names, images and readiness probes.
// Objects are kept for the whole apply, for every Pod and EndpointSlice of the namespace, so
// this bounds its memory.
void slim(k8s::Json& o, std::size_t kind) {
  if (auto m = o.find("metadata"); m != o.end() && m->is_object()) m->erase("managedFields");
  if (kind != kPod) return;
  auto spec = o.find("spec");
  if (spec == o.end() || !spec->is_object()) return;
  k8s::Json kept = k8s::Json::object();
  for (const char* list : {"containers", "initContainers"}) {
    auto cs = spec->find(list);
    if (cs == spec->end() || !cs->is_array()) continue;
    k8s::Json few = k8s::Json::array();
    for (const auto& c : *cs) {
      k8s::Json one = k8s::Json::object();
      if (c.is_object())
        for (const char* key : {"name", "image", "readinessProbe"})
          if (auto v = c.find(key); v != c.end()) one[key] = *v;
      few.push_back(std::move(one));
    }
    kept[list] = std::move(few);
  }
  *spec = std::move(kept);
}

// Events carry no labels: the namespace's Warning Events are watched, and kept only when they
// are about an object of the architecture (named after a workload or Job the watcher knows:
// its pods, ReplicaSets and claims are), at most this many, the oldest dropped first.
constexpr std::size_t kMaxEvents = 256;
const std::vector<std::string_view> kEventAbout = {"Pod", "ReplicaSet", "StatefulSet", "Deployment", "PersistentVolumeClaim", "Job"};

// Whether `name` is `owner` or made from it ("api" -> "api-5d4f", "data-db-0" holds "db").
bool named_after(std::string_view name, std::string_view owner) {
  if (name == owner) return true;
  auto at = name.find(owner);
  if (at == std::string_view::npos) return false;
  bool starts = at == 0 || name[at - 1] == '-';
  bool ends = at + owner.size() == name.size() || name[at + owner.size()] == '-';
  return starts && ends;
}
}  // namespace

Watcher::Watcher(kube::ClusterClient& client, std::string ns, std::string selector)
    : client_(client), ns_(std::move(ns)), selector_(std::move(selector)) {
  kinds_.resize(kCount);
  kinds_[kDeployment].gvk = {"apps", "v1", "Deployment"};
  kinds_[kStatefulSet].gvk = {"apps", "v1", "StatefulSet"};
  kinds_[kPod].gvk = {"", "v1", "Pod"};
  kinds_[kService].gvk = {"", "v1", "Service"};
  kinds_[kSlice].gvk = {"discovery.k8s.io", "v1", "EndpointSlice"};
  kinds_[kHpa].gvk = {"autoscaling", "v2", "HorizontalPodAutoscaler"};
  kinds_[kJob].gvk = {"batch", "v1", "Job"};
  kinds_[kReplicaSet].gvk = {"apps", "v1", "ReplicaSet"};
  kinds_[kClaim].gvk = {"", "v1", "PersistentVolumeClaim"};
  kinds_[kEvent].gvk = {"", "v1", "Event"};
  for (auto& k : kinds_) k.label_selector = selector_;
  for (std::size_t k : {kReplicaSet, kClaim, kEvent}) kinds_[k].optional = true;
  kinds_[kEvent].label_selector.clear();
  kinds_[kEvent].field_selector = "type=Warning";
}

bool Watcher::keep_event(const k8s::Json& e) const {
  std::string kind = k8s::string_at(e, "/involvedObject/kind");
  if (std::find(kEventAbout.begin(), kEventAbout.end(), kind) == kEventAbout.end()) return false;
  std::string name = k8s::string_at(e, "/involvedObject/name");
  for (std::size_t k : {kDeployment, kStatefulSet, kJob})
    for (const auto& [owner, _] : kinds_[k].objects)
      if (named_after(name, owner)) return true;
  return false;
}

void Watcher::keep(std::size_t k, const std::string& name, k8s::Json object) {
  auto& objs = kinds_[k].objects;
  if (k != kEvent) {
    objs[name] = std::move(object);
    return;
  }
  if (!keep_event(object)) return;
  if (objs.find(name) == objs.end()) event_order_.push_back(name);
  objs[name] = std::move(object);
  while (objs.size() > kMaxEvents && !event_order_.empty()) {
    objs.erase(event_order_.front());
    event_order_.pop_front();
  }
}

Watcher::~Watcher() { stop(); }

util::Result<void> Watcher::relist(std::size_t k) {
  kube::ListOptions lo;
  lo.namespace_ = ns_;
  lo.label_selector = kinds_[k].label_selector;
  lo.field_selector = kinds_[k].field_selector;
  lo.managed_fields = false;  // slim() drops them: not parsed at all, not even for a moment
  auto list = client_.list(kinds_[k].gvk, lo);
  if (!list) {
    // what only says why a service is blocked is not worth failing for: a user who may not
    // read Events (or a server without the kind) gets the states without those causes
    auto why = list.error().kind;
    if (kinds_[k].optional && (why == kube::ApiErrorKind::Forbidden || why == kube::ApiErrorKind::NotFound)) {
      std::lock_guard lock(mu_);
      kinds_[k].off = true;
      return {};
    }
    return tl::unexpected(kube::to_error(list.error()));
  }
  std::map<std::string, k8s::Json> objs;
  for (auto& o : list->items) {
    std::string name = k8s::string_at(o, "/metadata/name");  // before the move: json's operator= takes its argument by value
    slim(o, k);
    objs[name] = std::move(o);
  }
  {
    std::lock_guard lock(mu_);
    if (k == kEvent) {
      kinds_[k].objects.clear();
      event_order_.clear();
      for (auto& [name, o] : objs) keep(k, name, std::move(o));
    } else {
      kinds_[k].objects = std::move(objs);
    }
    kinds_[k].resource_version = list->resource_version;
    ++version_;
  }
  cv_.notify_all();
  return {};
}

void Watcher::failing(std::size_t k, const std::string& error) {
  bool first = false;
  {
    std::lock_guard lock(mu_);
    if (failing_.size() != kinds_.size()) failing_.assign(kinds_.size(), false);
    if (failing_[k]) return;
    first = std::none_of(failing_.begin(), failing_.end(), [](bool b) { return b; });
    failing_[k] = true;
    if (first) away_since_ = std::chrono::steady_clock::now();
  }
  if (first && on_outage_) on_outage_(true, error);
}

void Watcher::working(std::size_t k) {
  bool last = false;
  std::chrono::steady_clock::duration away{};
  {
    std::lock_guard lock(mu_);
    if (k >= failing_.size() || !failing_[k]) return;
    failing_[k] = false;
    last = std::none_of(failing_.begin(), failing_.end(), [](bool b) { return b; });
    away = std::chrono::steady_clock::now() - away_since_;
  }
  if (last && on_outage_)
    on_outage_(false, std::to_string(std::chrono::duration_cast<std::chrono::seconds>(away).count()) + "s");
}

util::Result<void> Watcher::start() {
  for (std::size_t k = 0; k < kinds_.size(); ++k) VSCTL_CHECK(relist(k));
  for (std::size_t k = 0; k < kinds_.size(); ++k)
    if (!kinds_[k].off) threads_.emplace_back([this, k] { loop(k); });
  return {};
}

void Watcher::stop() {
  stopping_ = true;
  cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void Watcher::loop(std::size_t k) {
  bool need_list = false;
  while (!stopping_) {
    if (need_list) {
      if (auto r = relist(k); !r) {
        {
          std::lock_guard lock(mu_);
          last_error_ = r.error().message;
        }
        failing(k, r.error().message);
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_.load(); });
        continue;
      }
      need_list = false;
      working(k);
    }
    kube::WatchOptions wo;
    wo.namespace_ = ns_;
    wo.label_selector = kinds_[k].label_selector;
    wo.field_selector = kinds_[k].field_selector;
    {
      std::lock_guard lock(mu_);
      wo.resource_version = kinds_[k].resource_version;
    }
    wo.deadline = std::chrono::steady_clock::now() + kWindow;
    wo.cancel = &stopping_;
    auto r = client_.watch(kinds_[k].gvk, wo, [&](const kube::WatchEvent& ev) {
      if (stopping_) return kube::WatchControl::Stop;
      std::string rv = k8s::string_at(ev.object, "/metadata/resourceVersion");
      k8s::Json object;
      if (ev.type != kube::WatchEventType::Bookmark && ev.type != kube::WatchEventType::Deleted) {
        object = ev.object;  // slimmed outside the lock
        slim(object, k);
      }
      {
        std::lock_guard lock(mu_);
        if (!rv.empty()) kinds_[k].resource_version = rv;
        if (ev.type != kube::WatchEventType::Bookmark) {
          std::string name = k8s::string_at(ev.object, "/metadata/name");
          if (ev.type == kube::WatchEventType::Deleted) kinds_[k].objects.erase(name);
          else keep(k, name, std::move(object));
          ++version_;
        }
      }
      cv_.notify_all();
      return kube::WatchControl::Continue;
    });
    if (!r) {
      bool outage = r.error().kind != kube::ApiErrorKind::Gone && kube::is_outage(r.error());
      {
        std::lock_guard lock(mu_);
        if (r.error().kind != kube::ApiErrorKind::Gone) last_error_ = kube::describe(r.error());
        need_list = true;
      }
      if (outage) failing(k, kube::describe(r.error()));
    } else {
      {
        std::lock_guard lock(mu_);
        if (!r->resource_version.empty()) kinds_[k].resource_version = r->resource_version;
        last_error_.clear();
      }
      working(k);
    }
  }
}

Watcher::Snapshot Watcher::service(const std::string& name) const {
  Snapshot s;
  std::lock_guard lock(mu_);
  auto pick = [&](std::size_t k) -> std::optional<k8s::Json> {
    auto it = kinds_[k].objects.find(name);
    if (it == kinds_[k].objects.end() || label(it->second, k8s::kLabelName) != name) return std::nullopt;
    return it->second;
  };
  s.workload = pick(kDeployment);
  if (!s.workload) s.workload = pick(kStatefulSet);
  s.service = pick(kService);
  s.autoscaler = pick(kHpa);
  for (const auto& [n, p] : kinds_[kPod].objects) {
    if (label(p, k8s::kLabelName) != name || !label(p, "vsctl.dev/hook").empty()) continue;
    if (std::string t = label(p, k8s::kLabelTrack); t == "canary" || t == "preview") continue;  // a rollout's (track())
    s.pods.push_back(p);
  }
  for (const auto& [n, sl] : kinds_[kSlice].objects)
    if (label(sl, "kubernetes.io/service-name") == name) s.slices.push_back(sl);
  if (!s.workload) return s;
  std::string uid = k8s::string_at(*s.workload, "/metadata/uid");
  for (const auto& [n, rs] : kinds_[kReplicaSet].objects)
    if (const auto* refs = k8s::find(rs, "/metadata/ownerReferences"); refs && refs->is_array())
      for (const auto& r : *refs)
        if (!uid.empty() && k8s::string_at(r, "/uid") == uid) s.replicasets.push_back(rs);
  for (const auto& [n, c] : kinds_[kClaim].objects)
    if (label(c, k8s::kLabelName) == name) s.claims.push_back(c);
  std::set<std::pair<std::string, std::string>> about = {{k8s::string_at(*s.workload, "/kind"), name}};
  for (const auto& p : s.pods) about.insert({"Pod", k8s::string_at(p, "/metadata/name")});
  for (const auto& rs : s.replicasets) about.insert({"ReplicaSet", k8s::string_at(rs, "/metadata/name")});
  for (const auto& c : s.claims) about.insert({"PersistentVolumeClaim", k8s::string_at(c, "/metadata/name")});
  for (const auto& [n, e] : kinds_[kEvent].objects)
    if (about.count({k8s::string_at(e, "/involvedObject/kind"), k8s::string_at(e, "/involvedObject/name")}))
      s.events.push_back(e);
  return s;
}

Watcher::Snapshot Watcher::track(const std::string& name, const std::string& track) const {
  Snapshot s;
  std::lock_guard lock(mu_);
  auto it = kinds_[kDeployment].objects.find(name + "-" + track);
  if (it == kinds_[kDeployment].objects.end() || label(it->second, k8s::kLabelName) != name) return s;
  s.workload = it->second;
  for (const auto& [n, p] : kinds_[kPod].objects)
    if (label(p, k8s::kLabelName) == name && label(p, k8s::kLabelTrack) == track) s.pods.push_back(p);
  std::string uid = k8s::string_at(*s.workload, "/metadata/uid");
  for (const auto& [n, rs] : kinds_[kReplicaSet].objects)
    if (const auto* refs = k8s::find(rs, "/metadata/ownerReferences"); refs && refs->is_array())
      for (const auto& r : *refs)
        if (!uid.empty() && k8s::string_at(r, "/uid") == uid) s.replicasets.push_back(rs);
  std::set<std::pair<std::string, std::string>> about = {{"Deployment", name + "-" + track}};
  for (const auto& p : s.pods) about.insert({"Pod", k8s::string_at(p, "/metadata/name")});
  for (const auto& rs : s.replicasets) about.insert({"ReplicaSet", k8s::string_at(rs, "/metadata/name")});
  for (const auto& [n, e] : kinds_[kEvent].objects)
    if (about.count({k8s::string_at(e, "/involvedObject/kind"), k8s::string_at(e, "/involvedObject/name")}))
      s.events.push_back(e);
  return s;
}

std::optional<k8s::Json> Watcher::job(const std::string& name) const {
  std::lock_guard lock(mu_);
  auto it = kinds_[kJob].objects.find(name);
  if (it == kinds_[kJob].objects.end()) return std::nullopt;
  return it->second;
}

Watcher::JobSnapshot Watcher::job_pods(const std::string& name) const {
  JobSnapshot s;
  std::lock_guard lock(mu_);
  std::set<std::pair<std::string, std::string>> about = {{"Job", name}};
  for (const auto& [n, p] : kinds_[kPod].objects)
    if (label(p, "batch.kubernetes.io/job-name") == name || label(p, "job-name") == name) {
      s.pods.push_back(p);
      about.insert({"Pod", n});
    }
  for (const auto& [n, e] : kinds_[kEvent].objects)
    if (about.count({k8s::string_at(e, "/involvedObject/kind"), k8s::string_at(e, "/involvedObject/name")}))
      s.events.push_back(e);
  return s;
}

std::uint64_t Watcher::version() const {
  std::lock_guard lock(mu_);
  return version_;
}

std::uint64_t Watcher::wait(std::uint64_t seen, std::chrono::steady_clock::time_point until) const {
  std::unique_lock lock(mu_);
  cv_.wait_until(lock, until, [&] { return version_ != seen || stopping_.load(); });
  return version_;
}

void Watcher::nudge() {
  {
    std::lock_guard lock(mu_);
    ++version_;
  }
  cv_.notify_all();
}

std::string Watcher::last_error() const {
  std::lock_guard lock(mu_);
  return last_error_;
}

}  // namespace vsctl::apply
