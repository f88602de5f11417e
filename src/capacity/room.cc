#include "capacity/room.h"

#include <algorithm>
#include <cmath>

#include "k8s/quantity.h"

namespace vsctl::capacity {

namespace {

bool finished(const k8s::Json& pod) {
  std::string phase = k8s::string_at(pod, "/status/phase");
  return phase == "Succeeded" || phase == "Failed";
}

// The amounts of `r` for the resources `of` asks for (the pod count only when it binds).
Resources only(const Resources& r, const Resources& of) {
  Resources out;
  for (const auto& [k, v] : of)
    if (v > 0 && k != "pods") {
      auto it = r.find(k);
      out[k] = it == r.end() ? 0 : it->second;
    }
  return out;
}

std::int64_t amount(const Resources& r, const std::string& k) {
  auto it = r.find(k);
  return it == r.end() ? 0 : it->second;
}

bool fits_on(const Node& n, const Resources& req) {
  for (const auto& [k, v] : req)
    if (v > 0 && amount(n.used, k) + v > amount(n.allocatable, k)) return false;
  return true;
}

// How many pods of `req` an empty `n` holds.
std::int64_t per_node(const Node& n, const Resources& req) {
  std::int64_t best = -1;
  for (const auto& [k, v] : req)
    if (v > 0) {
      std::int64_t c = amount(n.allocatable, k) / v;
      best = best < 0 ? c : std::min(best, c);
    }
  return best < 0 ? 0 : best;
}

// The scheduler's default scoring prefers the least allocated node (cpu and memory alike).
double score(const Node& n, const Resources& req) {
  double s = 0;
  for (const char* k : {"cpu", "memory"}) {
    double alloc = static_cast<double>(amount(n.allocatable, k));
    if (alloc <= 0) continue;
    s += (alloc - static_cast<double>(amount(n.used, k) + amount(req, k))) / alloc;
  }
  return s;
}

std::string pod_name(const k8s::Json& p) {
  return k8s::string_at(p, "/metadata/namespace") + "/" + k8s::string_at(p, "/metadata/name");
}

std::string plural(std::int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

bool is_default_class(const k8s::Json& sc) {
  for (const char* a : {"/metadata/annotations/storageclass.kubernetes.io~1is-default-class",
                        "/metadata/annotations/storageclass.beta.kubernetes.io~1is-default-class"})
    if (k8s::string_at(sc, a) == "true") return true;
  return false;
}

}  // namespace

Resources quota_usage(const PodDemand& d) {
  Resources u{{"pods", 1000}, {"count/pods", 1000}};
  for (const auto& [k, v] : d.requests) {
    if (k == "pods") continue;
    u["requests." + k] = v;
    if (k == "cpu" || k == "memory" || k == "ephemeral-storage") u[k] = v;
  }
  for (const auto& [k, v] : d.limits) u["limits." + k] = v;
  return u;
}

Room::Room(const Objects& o, std::string ns) : ns_(std::move(ns)) {
  std::map<std::string, std::size_t> by_name;
  for (const auto& n : o.nodes) {
    by_name[k8s::string_at(n, "/metadata/name")] = nodes_.size();
    nodes_.push_back(read_node(n));
  }
  std::vector<const k8s::Json*> pending;
  for (const auto& p : o.pods) {
    const auto* spec = k8s::find(p, "/spec");
    if (finished(p) || !spec) continue;
    std::string node = k8s::string_at(p, "/spec/nodeName");
    if (node.empty()) {
      if (!k8s::find(p, "/metadata/deletionTimestamp")) pending.push_back(&p);
      continue;
    }
    if (auto it = by_name.find(node); it != by_name.end()) add(nodes_[it->second].used, pod_demand(*spec, {}).requests);
  }
  // Pods still waiting for a node take the room they fit in first (room a node added since they
  // were made is theirs, not the plan's).
  for (const auto* p : pending) {
    const auto& spec = *k8s::find(*p, "/spec");
    Resources req = pod_demand(spec, {}).requests;
    if (Node* n = best_node(spec, req)) {
      add(n->used, req);
      placed_[pod_name(*p)] = n->name;
    }
  }
  for (const auto& q : o.quotas) {
    // scoped quotas (BestEffort, PriorityClass, ...) charge only some pods: not judged here
    if (k8s::find(q, "/spec/scopes") || k8s::find(q, "/spec/scopeSelector")) continue;
    Quota quota;
    quota.name = k8s::string_at(q, "/metadata/name");
    const auto* hard = k8s::find(q, "/status/hard");
    quota.hard = read_list(hard ? hard : k8s::find(q, "/spec/hard"));
    quota.used = read_list(k8s::find(q, "/status/used"));
    quotas_.push_back(std::move(quota));
  }
  limit_ranges_.assign(o.limit_ranges.begin(), o.limit_ranges.end());
  for (const auto& sc : o.storage_classes)
    classes_[k8s::string_at(sc, "/metadata/name")] = {k8s::string_at(sc, "/provisioner"), is_default_class(sc)};
  for (const auto& pv : o.volumes) {
    Volume v;
    v.name = k8s::string_at(pv, "/metadata/name");
    v.storage_class = k8s::string_at(pv, "/spec/storageClassName");
    v.claim_ns = k8s::string_at(pv, "/spec/claimRef/namespace");
    v.claim_name = k8s::string_at(pv, "/spec/claimRef/name");
    v.size = amount(read_list(k8s::find(pv, "/spec/capacity")), "storage");
    if (const auto* m = k8s::find(pv, "/spec/accessModes"); m && m->is_array())
      for (const auto& x : *m)
        if (x.is_string()) v.modes.push_back(x.get<std::string>());
    v.free = k8s::string_at(pv, "/status/phase") == "Available";
    volumes_.push_back(std::move(v));
  }
  for (const auto& c : o.claims) claims_.insert(k8s::string_at(c, "/metadata/name"));
}

std::string Room::quota_refusal(const PodDemand& d) const {
  Resources usage = quota_usage(d);
  for (const auto& q : quotas_) {
    std::string where = "ResourceQuota " + ns_ + "/" + q.name;
    for (const auto& [k, hard] : q.hard) {
      // a quota on compute resources makes every container name them
      for (const char* r : {"cpu", "memory"}) {
        bool req = k == std::string("requests.") + r || k == r, lim = k == std::string("limits.") + r;
        if (req && std::find(d.unrequested.begin(), d.unrequested.end(), r) != d.unrequested.end())
          return where + " limits " + k + ", so every container must request " + r + "; this one does not (set resources." + r + ")";
        if (lim && std::find(d.unlimited.begin(), d.unlimited.end(), r) != d.unlimited.end())
          return where + " limits " + k + ", so every container must have a " + r + " limit; this one does not (set resources.limits." + r + ")";
      }
      auto u = usage.find(k);
      if (u == usage.end() || u->second == 0) continue;
      std::int64_t used = amount(q.used, k);
      if (used + u->second > hard)
        return where + ": " + k + " used " + k8s::format_quantity(k, used) + " of " + k8s::format_quantity(k, hard) +
               ", a pod needs " + k8s::format_quantity(k, u->second) + " more";
    }
  }
  return {};
}

Node* Room::best_node(const k8s::Json& spec, const Resources& req) {
  Node* best = nullptr;
  for (auto& n : nodes_) {
    if (ineligible(spec, n) || !fits_on(n, req)) continue;
    if (!best || score(n, req) > score(*best, req) || (score(n, req) == score(*best, req) && n.name < best->name)) best = &n;
  }
  return best;
}

Outcome Room::add_pods(const k8s::Json& spec, int count) {
  Outcome out;
  out.wanted = count;
  if (count <= 0) return out;
  PodDemand d = pod_demand(spec, limit_ranges_);
  if (!d.refused.empty()) {
    out.problems = d.refused;
    return out;
  }
  Resources usage = quota_usage(d);
  std::string refused;
  for (int i = 0; i < count; ++i) {
    if (refused = quota_refusal(d); !refused.empty()) break;
    for (auto& q : quotas_)
      for (const auto& [k, v] : usage)
        if (q.hard.count(k)) q.used[k] += v;
    ++out.created;
    Node* best = best_node(spec, d.requests);
    if (!best) continue;  // Pending, still charged to the quota
    add(best->used, d.requests);
    ++out.bound;
  }
  if (out.created < count)
    out.problems.push_back("the quota lets in " + std::to_string(out.created) + " of " + plural(count, "new pod", "new pods") +
                           ": " + refused);
  if (out.bound < out.created) out.problems.push_back(nodes_short(spec, d, out.created, out.bound));
  return out;
}

std::string Room::nodes_short(const k8s::Json& spec, const PodDemand& d, int wanted, int bound) const {
  std::string head = "needs room for " + plural(wanted, "pod", "pods") + " of " + describe(only(d.requests, d.requests));
  if (nodes_.empty()) return head + "; the cluster has no nodes";
  std::vector<const Node*> eligible;
  std::map<std::string, std::vector<std::string>> why;  // reason -> nodes
  for (const auto& n : nodes_)
    if (auto r = ineligible(spec, n)) why[*r].push_back(n.name);
    else eligible.push_back(&n);
  if (eligible.empty()) {
    std::string out = head + "; no node may run it:";
    bool first = true;
    for (auto& [reason, names] : why) {
      std::sort(names.begin(), names.end());
      out += std::string(first ? " " : "; ") + reason + ": ";
      for (std::size_t i = 0; i < names.size() && i < 3; ++i) out += (i ? ", " : "") + names[i];
      if (names.size() > 3) out += " and " + std::to_string(names.size() - 3) + " more";
      first = false;
    }
    return out;
  }
  const Node* like = nullptr;
  for (const auto* n : eligible)
    if (!like || per_node(*n, d.requests) > per_node(*like, d.requests)) like = n;
  std::int64_t per = per_node(*like, d.requests);
  std::string eligible_nodes = plural(static_cast<std::int64_t>(eligible.size()), "eligible node", "eligible nodes");
  if (per == 0)
    return head + "; none of the " + eligible_nodes + " could hold one even empty: the largest, " + like->name + ", has " +
           describe(only(like->allocatable, d.requests)) + " allocatable";
  std::string out = head + "; the " + eligible_nodes + (eligible.size() == 1 ? " has" : " have") + " room for " +
                    std::to_string(bound) + " (free after them: ";
  for (std::size_t i = 0; i < eligible.size() && i < 3; ++i) {
    Resources free = eligible[i]->allocatable;
    subtract(free, eligible[i]->used);
    out += (i ? "; " : "") + eligible[i]->name + " " + describe(only(free, d.requests));
  }
  if (eligible.size() > 3) out += "; " + std::to_string(eligible.size() - 3) + " more";
  out += ")";
  int short_by = wanted - bound;
  Resources missing;
  add(missing, only(d.requests, d.requests), short_by);
  std::int64_t more = (short_by + per - 1) / per;
  return out + "; short by " + plural(short_by, "pod", "pods") + " = " + describe(missing) + ", about " +
         plural(more, "more node", "more nodes") + " like " + like->name + " (" + describe(only(like->allocatable, d.requests)) +
         " allocatable)";
}

void Room::remove_pod(const k8s::Json& pod) {
  if (finished(pod)) return;
  const auto* spec = k8s::find(pod, "/spec");
  if (!spec) return;
  PodDemand d = pod_demand(*spec, {});
  std::string node = k8s::string_at(pod, "/spec/nodeName");
  if (auto it = placed_.find(pod_name(pod)); node.empty() && it != placed_.end()) node = it->second;
  for (auto& n : nodes_)
    if (n.name == node) subtract(n.used, d.requests);
  if (k8s::string_at(pod, "/metadata/namespace") != ns_) return;
  Resources usage = quota_usage(d);
  for (auto& q : quotas_)
    for (const auto& [k, v] : usage)
      if (q.hard.count(k)) q.used[k] -= v;
}

std::string Room::add_claim(const std::string& claim, const std::string& wanted_class, std::int64_t size,
                            const std::vector<std::string>& modes) {
  if (claims_.count(claim)) return {};
  std::string cls = wanted_class;
  if (cls.empty())
    for (const auto& [name, c] : classes_)
      if (c.is_default) cls = name;
  std::string what = "volume claim " + claim + " (" + k8s::format_quantity("storage", size) +
                     (cls.empty() ? std::string(", no storage class") : ", class " + cls) + ")";
  Resources usage{{"persistentvolumeclaims", 1000}, {"count/persistentvolumeclaims", 1000}, {"requests.storage", size}};
  if (!cls.empty()) {
    usage[cls + ".storageclass.storage.k8s.io/requests.storage"] = size;
    usage[cls + ".storageclass.storage.k8s.io/persistentvolumeclaims"] = 1000;
  }
  for (const auto& q : quotas_)
    for (const auto& [k, v] : usage)
      if (auto h = q.hard.find(k); h != q.hard.end() && amount(q.used, k) + v > h->second)
        return what + ": ResourceQuota " + ns_ + "/" + q.name + ": " + k + " used " + k8s::format_quantity(k, amount(q.used, k)) +
               " of " + k8s::format_quantity(k, h->second);
  for (auto& q : quotas_)
    for (const auto& [k, v] : usage)
      if (q.hard.count(k)) q.used[k] += v;
  claims_.insert(claim);
  auto c = classes_.find(cls);
  if (c != classes_.end() && c->second.provisioner != "kubernetes.io/no-provisioner") return {};  // provisioned on demand
  Volume* best = nullptr;
  int of_class = 0;
  std::int64_t largest = 0;
  for (auto& v : volumes_) {
    if (v.storage_class != cls || !v.free) continue;
    if (!v.claim_name.empty() && (v.claim_ns != ns_ || v.claim_name != claim)) continue;  // kept for another claim
    ++of_class;
    largest = std::max(largest, v.size);
    bool modes_ok = std::all_of(modes.begin(), modes.end(),
                                [&](const std::string& m) { return std::find(v.modes.begin(), v.modes.end(), m) != v.modes.end(); });
    if (v.size < size || !modes_ok) continue;
    if (!best || v.size < best->size) best = &v;
  }
  if (best) {
    best->free = false;
    return {};
  }
  if (c == classes_.end() && !cls.empty() && of_class == 0)
    return what + ": StorageClass " + cls + " does not exist and no free volume has that class";
  if (of_class == 0) return what + ": no free PersistentVolume of " + (cls.empty() ? "no class" : "class " + cls) + " and the class provisions none";
  return what + ": none of the " + std::to_string(of_class) + " free volumes of that class is large enough or allows the access modes (the largest is " +
         k8s::format_quantity("storage", largest) + ")";
}

}  // namespace vsctl::capacity
