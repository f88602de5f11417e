#include "testing/fake_cluster.h"

#include <algorithm>
#include <cstdlib>

#include "util/strings.h"

namespace vsctl::testing {

using namespace kube;  // the double speaks the client's types throughout

namespace {

ApiError error_of(ApiErrorKind kind, int status, std::string reason, std::string message, Verb verb,
                  const std::string& path) {
  ApiError e;
  e.kind = kind;
  e.http_status = status;
  e.reason = std::move(reason);
  e.message = std::move(message);
  e.verb = to_string(verb);
  e.path = path;
  return e;
}

std::string path_of(const k8s::ObjectKey& k) { return "fake:" + k8s::to_string(k); }

// Desired fields over live ones: maps merge, everything else is replaced.
void merge(k8s::Json& live, const k8s::Json& desired) {
  if (!live.is_object() || !desired.is_object()) {
    live = desired;
    return;
  }
  for (const auto& [k, v] : desired.items()) {
    if (v.is_object() && live.contains(k) && live[k].is_object()) {
      merge(live[k], v);
    } else {
      live[k] = v;
    }
  }
}

k8s::Json without(const k8s::Json& o, std::initializer_list<const char*> keys) {
  k8s::Json c = o;
  for (const char* k : keys) c.erase(k);
  return c;
}

std::vector<std::string> split_terms(std::string_view s) {
  std::vector<std::string> out;
  int depth = 0;
  std::string cur;
  for (char c : s) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      out.push_back(std::string(util::trim(cur)));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!util::trim(cur).empty()) out.push_back(std::string(util::trim(cur)));
  return out;
}

bool matches_fields(const k8s::Json& o, std::string_view selector) {
  for (const auto& term : split_terms(selector)) {
    bool negate = term.find("!=") != std::string::npos;
    auto op = term.find(negate ? "!=" : "=");
    if (op == std::string::npos) continue;
    std::string field(util::trim(std::string_view(term).substr(0, op)));
    std::string value(util::trim(std::string_view(term).substr(op + (negate ? 2 : 1))));
    if (!value.empty() && value[0] == '=') value.erase(0, 1);
    std::string pointer = "/" + field;
    for (auto& c : pointer) c = c == '.' ? '/' : c;
    if ((k8s::string_at(o, pointer) == value) == negate) return false;
  }
  return true;
}

}  // namespace

bool matches_labels(const k8s::Json& object, std::string_view selector) {
  const k8s::Json* labels = k8s::find(object, "/metadata/labels");
  auto label = [&](const std::string& k) -> std::optional<std::string> {
    if (!labels || !labels->is_object()) return std::nullopt;
    auto it = labels->find(k);
    if (it == labels->end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  for (const auto& term : split_terms(selector)) {
    if (term.empty()) continue;
    auto set_op = [&](const std::string& word) -> std::optional<std::pair<std::string, std::vector<std::string>>> {
      auto at = term.find(" " + word + " ");
      if (at == std::string::npos) return std::nullopt;
      std::string key(util::trim(std::string_view(term).substr(0, at)));
      auto open = term.find('(', at), close = term.rfind(')');
      if (open == std::string::npos || close == std::string::npos) return std::nullopt;
      std::vector<std::string> values;
      for (auto& v : util::split(std::string_view(term).substr(open + 1, close - open - 1), ',')) {
        values.emplace_back(util::trim(v));
      }
      return std::make_pair(key, values);
    };
    if (auto in = set_op("notin")) {
      auto v = label(in->first);
      if (v && std::find(in->second.begin(), in->second.end(), *v) != in->second.end()) return false;
    } else if (auto in2 = set_op("in")) {
      auto v = label(in2->first);
      if (!v || std::find(in2->second.begin(), in2->second.end(), *v) == in2->second.end()) return false;
    } else if (auto ne = term.find("!="); ne != std::string::npos) {
      if (label(std::string(util::trim(std::string_view(term).substr(0, ne)))) ==
          std::string(util::trim(std::string_view(term).substr(ne + 2)))) {
        return false;
      }
    } else if (auto eq = term.find('='); eq != std::string::npos) {
      std::size_t vstart = term.compare(eq, 2, "==") == 0 ? eq + 2 : eq + 1;
      if (label(std::string(util::trim(std::string_view(term).substr(0, eq)))) !=
          std::string(util::trim(std::string_view(term).substr(vstart)))) {
        return false;
      }
    } else if (term[0] == '!') {
      if (label(std::string(util::trim(std::string_view(term).substr(1))))) return false;
    } else if (!label(term)) {
      return false;
    }
  }
  return true;
}

FakeCluster::FakeCluster() : discovery_(std::make_shared<Discovery>()) {
  struct K {
    const char *group, *version, *kind, *resource;
    bool namespaced;
  };
  static constexpr K kKinds[] = {
      {"", "v1", "Namespace", "namespaces", false},
      {"", "v1", "ConfigMap", "configmaps", true},
      {"", "v1", "Secret", "secrets", true},
      {"", "v1", "Service", "services", true},
      {"", "v1", "ServiceAccount", "serviceaccounts", true},
      {"", "v1", "Pod", "pods", true},
      {"", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true},
      {"apps", "v1", "Deployment", "deployments", true},
      {"apps", "v1", "StatefulSet", "statefulsets", true},
      {"apps", "v1", "DaemonSet", "daemonsets", true},
      {"apps", "v1", "ReplicaSet", "replicasets", true},
      {"batch", "v1", "Job", "jobs", true},
      {"batch", "v1", "CronJob", "cronjobs", true},
      {"autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true},
      {"policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true},
      {"networking.k8s.io", "v1", "Ingress", "ingresses", true},
      {"networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true},
      {"rbac.authorization.k8s.io", "v1", "Role", "roles", true},
      {"rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true},
      {"rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false},
      {"rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false},
      {"coordination.k8s.io", "v1", "Lease", "leases", true},
      {"discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true},
  };
  for (const auto& k : kKinds) {
    add_resource(ResourceInfo{k.group, k.version, k.kind, k.resource, k.namespaced, {}, {"status"}});
  }
}

void FakeCluster::add_resource(ResourceInfo r) { discovery_->add(std::move(r)); }

ApiResult<std::shared_ptr<const Discovery>> FakeCluster::discovery() {
  return std::shared_ptr<const Discovery>(discovery_);
}

std::optional<k8s::Json> FakeCluster::object(const k8s::ObjectKey& key) const {
  auto k = normalize(key, Verb::Get);
  if (!k) return std::nullopt;
  auto it = objects_.find(*k);
  if (it == objects_.end()) return std::nullopt;
  return it->second;
}

ApiResult<k8s::ObjectKey> FakeCluster::normalize(k8s::ObjectKey key, Verb verb) const {
  const auto* r = discovery_->find(key.gvk());
  if (!r) {
    return api_fail(error_of(ApiErrorKind::NotFound, 0, "", "the API server has no resource for " +
                                                                k8s::to_string(key.gvk()),
                             verb, path_of(key)));
  }
  if (!r->namespaced) key.namespace_.clear();
  else if (key.namespace_.empty()) key.namespace_ = namespace_;
  return key;
}

ApiResult<k8s::ObjectKey> FakeCluster::key_for(const k8s::Json& object, Verb verb) const {
  auto k = k8s::key_of(object);
  if (!k) return api_fail(error_of(ApiErrorKind::Invalid, 422, "Invalid", k.error().message, verb, ""));
  return normalize(*k, verb);
}

std::optional<ApiError> FakeCluster::injected(Verb verb, const k8s::ObjectKey& key) {
  for (auto it = injected_.begin(); it != injected_.end(); ++it) {
    if (it->verb == verb && (!it->key || *it->key == key)) {
      ApiError e = it->error;
      injected_.erase(it);
      if (e.verb.empty()) e.verb = to_string(verb);
      if (e.path.empty()) e.path = path_of(key);
      return e;
    }
  }
  return std::nullopt;
}

void FakeCluster::record(Verb verb, const k8s::ObjectKey& key, DryRun dry_run) {
  std::string who = key.namespace_.empty() ? key.name : key.namespace_ + "/" + key.name;
  std::lock_guard lock(calls_mu_);
  calls_.push_back(std::string(to_string(verb)) + " " + key.api_version() + " " + key.kind +
                   (who.empty() ? "" : " " + who) + (dry_run == DryRun::All ? " (dry run)" : ""));
}

void FakeCluster::put(k8s::Json object) {
  auto k = key_for(object, Verb::Create);
  if (!k) return;
  auto it = objects_.find(*k);
  store(*k, std::move(object), it == objects_.end() ? WatchEventType::Added : WatchEventType::Modified);
}

void FakeCluster::fail_next(Verb verb, ApiError error, std::optional<k8s::ObjectKey> key) {
  injected_.push_back(Injected{verb, std::move(error), std::move(key)});
}

k8s::Json FakeCluster::store(const k8s::ObjectKey& key, k8s::Json object, WatchEventType type) {
  auto& meta = object["metadata"];
  meta["name"] = key.name;
  if (!key.namespace_.empty()) meta["namespace"] = key.namespace_;
  auto it = objects_.find(key);
  long long generation = 1;
  if (it != objects_.end()) {
    const auto& old = it->second;
    meta["uid"] = k8s::string_at(old, "/metadata/uid");
    generation = k8s::int_at(old, "/metadata/generation").value_or(1);
    if (without(old, {"metadata", "status"}) != without(object, {"metadata", "status"})) ++generation;
  } else if (!meta.contains("uid")) {
    meta["uid"] = "fake-uid-" + std::to_string(++uid_);
  }
  meta["generation"] = generation;
  meta["resourceVersion"] = std::to_string(++revision_);
  meta.erase("managedFields");
  objects_[key] = object;
  events_.push_back(Event{revision_, type, object});
  return object;
}

ApiResult<std::optional<k8s::Json>> FakeCluster::get(const k8s::ObjectKey& key) {
  auto k = normalize(key, Verb::Get);
  if (!k) return api_fail(k.error());
  record(Verb::Get, *k, DryRun::No);
  if (auto e = injected(Verb::Get, *k)) return api_fail(*e);
  auto it = objects_.find(*k);
  if (it == objects_.end()) return std::optional<k8s::Json>();
  return std::optional<k8s::Json>(it->second);
}

ApiResult<ObjectList> FakeCluster::list(const k8s::GroupVersionKind& gvk, const ListOptions& opts) {
  k8s::ObjectKey probe{gvk.group, gvk.version, gvk.kind, opts.namespace_, ""};
  auto k = normalize(probe, Verb::List);
  if (!k) return api_fail(k.error());
  if (opts.namespace_.empty()) k->namespace_.clear();
  record(Verb::List, *k, DryRun::No);
  if (auto e = injected(Verb::List, *k)) return api_fail(*e);
  ObjectList out;
  out.resource_version = std::to_string(revision_);
  for (const auto& [key, obj] : objects_) {
    if (key.gvk() != gvk) continue;
    if (!k->namespace_.empty() && key.namespace_ != k->namespace_) continue;
    if (!matches_labels(obj, opts.label_selector) || !matches_fields(obj, opts.field_selector)) continue;
    out.items.push_back(obj);
  }
  return out;
}

ApiResult<k8s::Json> FakeCluster::apply(const k8s::Json& object, const ApplyOptions& opts) {
  auto k = key_for(object, Verb::Patch);
  if (!k) return api_fail(k.error());
  record(Verb::Patch, *k, opts.dry_run);
  if (auto e = injected(Verb::Patch, *k)) return api_fail(*e);
  auto it = objects_.find(*k);
  k8s::Json result = it == objects_.end() ? k8s::Json::object() : it->second;
  k8s::Json desired = object;
  if (auto m = desired.find("metadata"); m != desired.end() && m->is_object()) {
    m->erase("resourceVersion");
    m->erase("managedFields");
  }
  merge(result, desired);
  if (opts.dry_run == DryRun::All) return result;
  return store(*k, std::move(result), it == objects_.end() ? WatchEventType::Added : WatchEventType::Modified);
}

ApiResult<k8s::Json> FakeCluster::create(const k8s::Json& object, DryRun dry_run) {
  auto k = key_for(object, Verb::Create);
  if (!k) return api_fail(k.error());
  record(Verb::Create, *k, dry_run);
  if (auto e = injected(Verb::Create, *k)) return api_fail(*e);
  if (objects_.count(*k)) {
    return api_fail(error_of(ApiErrorKind::AlreadyExists, 409, "AlreadyExists",
                             k8s::to_string(*k) + " already exists", Verb::Create, path_of(*k)));
  }
  if (dry_run == DryRun::All) return object;
  return store(*k, object, WatchEventType::Added);
}

ApiResult<k8s::Json> FakeCluster::update(const k8s::Json& object, DryRun dry_run) {
  auto k = key_for(object, Verb::Update);
  if (!k) return api_fail(k.error());
  record(Verb::Update, *k, dry_run);
  if (auto e = injected(Verb::Update, *k)) return api_fail(*e);
  auto it = objects_.find(*k);
  if (it == objects_.end()) {
    return api_fail(error_of(ApiErrorKind::NotFound, 404, "NotFound", k8s::to_string(*k) + " not found",
                             Verb::Update, path_of(*k)));
  }
  std::string rv = k8s::string_at(object, "/metadata/resourceVersion");
  if (!rv.empty() && rv != k8s::string_at(it->second, "/metadata/resourceVersion")) {
    return api_fail(error_of(ApiErrorKind::Conflict, 409, "Conflict",
                             "the object has been modified; please apply your changes to the latest version",
                             Verb::Update, path_of(*k)));
  }
  if (dry_run == DryRun::All) return object;
  return store(*k, object, WatchEventType::Modified);
}

ApiResult<bool> FakeCluster::remove(const k8s::ObjectKey& key, const DeleteOptions& opts) {
  auto k = normalize(key, Verb::Delete);
  if (!k) return api_fail(k.error());
  record(Verb::Delete, *k, opts.dry_run);
  if (auto e = injected(Verb::Delete, *k)) return api_fail(*e);
  auto it = objects_.find(*k);
  if (it == objects_.end()) return false;
  if (opts.dry_run == DryRun::All) return true;
  k8s::Json last = it->second;
  objects_.erase(it);
  last["metadata"]["resourceVersion"] = std::to_string(++revision_);
  events_.push_back(Event{revision_, WatchEventType::Deleted, std::move(last)});
  return true;
}

ApiResult<WatchEnd> FakeCluster::watch(const k8s::GroupVersionKind& gvk, const WatchOptions& opts,
                                       const WatchHandler& handler) {
  k8s::ObjectKey probe{gvk.group, gvk.version, gvk.kind, opts.namespace_, ""};
  auto k = normalize(probe, Verb::Watch);
  if (!k) return api_fail(k.error());
  if (opts.namespace_.empty()) k->namespace_.clear();
  record(Verb::Watch, *k, DryRun::No);
  if (auto e = injected(Verb::Watch, *k)) return api_fail(*e);
  long long from = opts.resource_version.empty() ? revision_ : std::atoll(opts.resource_version.c_str());
  if (from < compacted_) {
    return api_fail(error_of(ApiErrorKind::Gone, 410, "Expired",
                             "too old resource version: " + opts.resource_version, Verb::Watch, path_of(*k)));
  }
  WatchEnd end;
  end.resource_version = std::to_string(from);
  std::size_t next = 0;
  while (true) {
    for (; next < events_.size(); ++next) {
      const Event& ev = events_[next];
      if (ev.revision <= from) continue;
      end.resource_version = std::to_string(ev.revision);
      auto key = k8s::key_of(ev.object);
      if (!key || key->gvk() != gvk) continue;
      if (!k->namespace_.empty() && key->namespace_ != k->namespace_) continue;
      if (!matches_labels(ev.object, opts.label_selector) || !matches_fields(ev.object, opts.field_selector)) continue;
      if (handler(WatchEvent{ev.type, ev.object}) == WatchControl::Stop) {
        ++next;
        end.reason = WatchEndReason::Stopped;
        return end;
      }
    }
    if (!watch_hook_ || !watch_hook_(*this)) break;
  }
  end.reason = WatchEndReason::Deadline;
  return end;
}

ApiResult<std::string> FakeCluster::pod_log(const std::string& ns, const std::string& pod, const std::string&, int tail_lines,
                                           int limit_bytes) {
  {
    std::lock_guard lock(calls_mu_);
    calls_.push_back("log v1 Pod " + ns + "/" + pod);
  }
  auto it = logs_.find(ns + "/" + pod);
  if (it == logs_.end()) {
    ApiError e;
    e.kind = ApiErrorKind::NotFound;
    e.http_status = 404;
    e.verb = "get";
    e.path = "/api/v1/namespaces/" + ns + "/pods/" + pod + "/log";
    e.message = "pods \"" + pod + "\" not found";
    return api_fail(std::move(e));
  }
  std::string text = it->second;
  if (tail_lines > 0) {
    std::size_t pos = text.size();
    if (pos > 0 && text[pos - 1] == '\n') --pos;
    for (int n = 0; n < tail_lines && pos != std::string::npos && pos > 0; ++n) pos = text.rfind('\n', pos - 1);
    if (pos != std::string::npos && pos > 0) text = text.substr(pos + 1);
  }
  if (limit_bytes > 0 && text.size() > static_cast<std::size_t>(limit_bytes)) text.resize(static_cast<std::size_t>(limit_bytes));
  return text;
}

}  // namespace vsctl::testing
