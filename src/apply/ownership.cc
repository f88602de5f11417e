#include "apply/ownership.h"

#include <algorithm>

#include "k8s/labels.h"

namespace vsctl::apply {

namespace {

struct Split {
  k8s::Json people = k8s::Json::object();
  k8s::Json kept = k8s::Json::object();  // controlled fields the desired object does not declare
};

struct Splitter {
  const diff::Policy& policy;
  const Owned& what;

  // Whether the desired object has the field at `pointer`; a path through a list item ("k:",
  // "i:", "v:") cannot be looked up and counts as not declared (left alone).
  bool declared(const std::string& pointer, bool through_list) const {
    if (!what.desired || through_list) return false;
    return k8s::find(*what.desired, pointer) != nullptr;
  }

  bool controlled(const std::string& pointer, bool through_list) const {
    for (const auto& r : policy.controlled)
      if (r.select.matches(what.key, what.service) && diff::pointer_matches(r.path, pointer))
        return !declared(pointer, through_list);
    return false;
  }

  Split split(const k8s::Json& node, const std::string& pointer, bool through_list) const {
    Split out;
    if (!node.is_object()) return out;
    for (const auto& [k, v] : node.items()) {
      if (k == ".") {
        out.people[k] = v;
        continue;
      }
      bool field = k.rfind("f:", 0) == 0;
      std::string p = pointer + "/" + k8s::pointer_token(field ? std::string_view(k).substr(2) : std::string_view(k));
      bool list = through_list || !field;
      if (controlled(p, list)) {
        out.kept[k] = v;
        continue;
      }
      if (!v.is_object() || v.empty()) {
        out.people[k] = v;
        continue;
      }
      Split sub = split(v, p, list);
      if (!sub.people.empty()) out.people[k] = std::move(sub.people);
      if (!sub.kept.empty()) out.kept[k] = std::move(sub.kept);
    }
    return out;
  }
};

bool is_people_entry(const k8s::Json& e, const diff::Policy& policy) {
  std::string m = k8s::string_at(e, "/manager");
  return !m.empty() && m != k8s::kFieldManager && policy.is_drift_manager(m) &&
         k8s::string_at(e, "/subresource") != "status";
}

}  // namespace

void merge_fields(k8s::Json& into, const k8s::Json& from) {
  if (!from.is_object()) return;
  if (!into.is_object()) into = k8s::Json::object();
  for (const auto& [k, v] : from.items()) {
    auto it = into.find(k);
    if (it == into.end()) into[k] = v;
    else merge_fields(*it, v);
  }
}

k8s::Json people_fields(const k8s::Json& fields, const diff::Policy& policy, const Owned& what) {
  return Splitter{policy, what}.split(fields, "", false).people;
}

std::vector<std::string> drift_managers(const k8s::Json& live, const diff::Policy& policy, const Owned& what) {
  std::vector<std::string> out;
  const auto* mf = k8s::find(live, "/metadata/managedFields");
  if (!mf || !mf->is_array()) return out;
  for (const auto& e : *mf) {
    if (!is_people_entry(e, policy)) continue;
    const auto* f = k8s::find(e, "/fieldsV1");
    if (!f || people_fields(*f, policy, what).empty()) continue;
    std::string m = k8s::string_at(e, "/manager");
    if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool people_own_only_replicas(const k8s::Json& live, const diff::Policy& policy, const Owned& what) {
  static const k8s::Json kReplicas = {{"f:spec", {{"f:replicas", k8s::Json::object()}}}};
  const auto* mf = k8s::find(live, "/metadata/managedFields");
  if (!mf || !mf->is_array()) return false;
  bool any = false;
  for (const auto& e : *mf) {
    if (!is_people_entry(e, policy)) continue;
    const auto* f = k8s::find(e, "/fieldsV1");
    if (!f) continue;
    auto fields = people_fields(*f, policy, what);
    if (fields.empty()) continue;
    if (fields != kReplicas) return false;
    any = true;
  }
  return any;
}

namespace {

// The element of `list` a fieldsV1 key names: "k:{json}" (fields that match), "i:N", "v:json".
std::optional<std::size_t> element(const k8s::Json& list, const std::string& key) {
  if (!list.is_array()) return std::nullopt;
  if (key.rfind("i:", 0) == 0) {
    std::size_t i = 0;
    for (char c : key.substr(2)) {
      if (c < '0' || c > '9') return std::nullopt;
      i = i * 10 + static_cast<std::size_t>(c - '0');
    }
    return i < list.size() ? std::optional<std::size_t>(i) : std::nullopt;
  }
  bool by_key = key.rfind("k:", 0) == 0, by_value = key.rfind("v:", 0) == 0;
  if (!by_key && !by_value) return std::nullopt;
  auto want = k8s::Json::parse(key.substr(2), nullptr, false);
  if (want.is_discarded()) return std::nullopt;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (by_value && list[i] == want) return i;
    if (by_key && want.is_object() && list[i].is_object()) {
      bool all = true;
      for (const auto& [f, v] : want.items()) all = all && list[i].contains(f) && list[i][f] == v;
      if (all) return i;
    }
  }
  return std::nullopt;
}

const k8s::Json* child(const k8s::Json* node, const std::string& key) {
  if (!node || !node->is_object()) return nullptr;
  auto it = node->find(key);
  return it == node->end() ? nullptr : &*it;
}

// Removes from `live` what `people` owns, `others` does not, and `desired` does not declare.
bool strip(const k8s::Json& people, const k8s::Json* others, k8s::Json& live, const k8s::Json* desired) {
  bool changed = false;
  for (const auto& [k, sub] : people.items()) {
    if (k == ".") continue;
    k8s::Json* live_child = nullptr;
    const k8s::Json* desired_child = nullptr;
    std::optional<std::size_t> index;
    if (k.rfind("f:", 0) == 0) {
      std::string name = k.substr(2);
      if (live.is_object() && live.contains(name)) live_child = &live[name];
      if (desired && desired->is_object() && desired->contains(name)) desired_child = &(*desired)[name];
    } else if ((index = element(live, k))) {
      live_child = &live[*index];
      if (desired)
        if (auto d = element(*desired, k)) desired_child = &(*desired)[*d];
    }
    if (!live_child) continue;
    const k8s::Json* others_child = child(others, k);
    bool owns_whole = sub.empty() || sub.contains(".");
    if (owns_whole && !desired_child && !others_child) {
      if (index) live.erase(*index);
      else live.erase(k.substr(2));
      changed = true;
    } else if (!sub.empty()) {
      changed = strip(sub, others_child, *live_child, desired_child) || changed;
    }
  }
  return changed;
}

}  // namespace

std::optional<k8s::Json> without_people_fields(const k8s::Json& live, const diff::Policy& policy, const Owned& what) {
  const auto* mf = k8s::find(live, "/metadata/managedFields");
  if (!mf || !mf->is_array()) return std::nullopt;
  k8s::Json people = k8s::Json::object(), others = k8s::Json::object();
  for (const auto& e : *mf) {
    const auto* f = k8s::find(e, "/fieldsV1");
    if (!f) continue;
    if (!is_people_entry(e, policy)) {
      merge_fields(others, *f);
      continue;
    }
    Split s = Splitter{policy, what}.split(*f, "", false);
    merge_fields(people, s.people);
    merge_fields(others, s.kept);  // controlled fields are left alone: as if someone else owned them
  }
  if (people.empty()) return std::nullopt;
  k8s::Json out = live;
  if (!strip(people, &others, out, what.desired)) return std::nullopt;
  return out;
}

}  // namespace vsctl::apply
