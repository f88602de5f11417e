#include "diff/compare.h"

#include <algorithm>

#include "diff/fields.h"
#include "diff/normalize.h"
#include "k8s/labels.h"

namespace vsctl::diff {

namespace {

using Path = std::vector<std::string>;

std::string label(const k8s::Json& obj, std::string_view key) {
  const k8s::Json* labels = k8s::find(obj, "/metadata/labels");
  if (!labels || !labels->is_object()) return "";
  auto it = labels->find(std::string(key));
  return it != labels->end() && it->is_string() ? it->get<std::string>() : "";
}

const ManagedEntry* vsctl_entry(const std::vector<ManagedEntry>& entries) {
  for (const auto& e : entries)
    if (e.manager == k8s::kFieldManager && e.operation == "Apply" && e.subresource.empty()) return &e;
  return nullptr;
}

// The desired object as the field set sees it: identity fields are not part of it.
k8s::Json declared(const k8s::Json& desired) {
  k8s::Json d = desired;
  d.erase("apiVersion");
  d.erase("kind");
  if (auto m = d.find("metadata"); m != d.end() && m->is_object()) {
    m->erase("name");
    m->erase("namespace");
  }
  return d;
}

bool is_zero(const k8s::Json& v) {
  return v.is_null() || (v.is_boolean() && !v.get<bool>()) || (v.is_number() && v == 0) ||
         (v.is_string() && v.get<std::string>().empty()) || ((v.is_array() || v.is_object()) && v.empty());
}

// The server omits zero values (false, 0, "") on output even where vsctl declared them: a
// declared zero value that the live object does not show is there.
void drop_omitted_zeros(k8s::Json& want, const k8s::Json& owned) {
  if (!want.is_object() || !owned.is_object()) {
    if (want.is_array() && owned.is_array() && want.size() == owned.size())
      for (std::size_t i = 0; i < want.size(); ++i) drop_omitted_zeros(want[i], owned[i]);
    return;
  }
  for (auto it = want.begin(); it != want.end();) {
    auto o = owned.find(it.key());
    if (o == owned.end()) {
      it = is_zero(*it) ? want.erase(it) : std::next(it);
    } else {
      drop_omitted_zeros(*it, *o);
      ++it;
    }
  }
}

// What the server adds inside values vsctl owns whole (atomic lists): a StatefulSet's claim
// templates get apiVersion, kind, status and spec.volumeMode. Dropped from `owned` where the
// desired object does not declare them.
void drop_defaults_in_atomic(k8s::Json& owned, const k8s::Json& want) {
  auto* claims = owned.contains("spec") ? &owned["spec"] : nullptr;
  if (!claims || !claims->is_object() || !claims->contains("volumeClaimTemplates")) return;
  auto& list = (*claims)["volumeClaimTemplates"];
  const k8s::Json* wanted = k8s::find(want, "/spec/volumeClaimTemplates");
  if (!list.is_array() || !wanted || !wanted->is_array()) return;
  for (std::size_t i = 0; i < list.size() && i < wanted->size(); ++i) {
    auto& c = list[i];
    const auto& w = (*wanted)[i];
    if (!c.is_object() || !w.is_object()) continue;
    for (const char* f : {"apiVersion", "kind", "status"})
      if (!w.contains(f)) c.erase(f);
    if (c.contains("spec") && c["spec"].is_object() && !k8s::find(w, "/spec/volumeMode")) c["spec"].erase("volumeMode");
  }
}

bool has_pointer(const k8s::Json& obj, const std::string& pointer) {
  try {
    return obj.contains(k8s::Json::json_pointer(pointer));
  } catch (const k8s::Json::exception&) {
    return false;
  }
}

void erase_pointer(k8s::Json& obj, const std::string& pointer) {
  try {
    k8s::Json::json_pointer p(pointer);
    if (p.empty() || !obj.contains(p)) return;
    std::string last = p.back();
    k8s::Json& parent = obj.at(p.parent_pointer());
    if (parent.is_object()) {
      parent.erase(last);
    } else if (parent.is_array()) {
      parent.erase(std::stoul(last));
    }
  } catch (const std::exception&) {
    // not there: nothing to remove
  }
}

bool controlled(const Policy& policy, const ObjectDiff& d, const std::string& pointer, const k8s::Json* desired) {
  for (const auto& r : policy.controlled) {
    if (!r.select.matches(d.key, d.service) || !pointer_matches(r.path, pointer)) continue;
    if (!desired || !has_pointer(*desired, pointer)) return true;
  }
  return false;
}

// Removes from `obj` the fields that only drift managers own: apply takes them back.
void take_back(k8s::Json& obj, const Policy& policy, const ObjectDiff& d, const k8s::Json* desired) {
  auto entries = managed_fields(obj);
  std::vector<const k8s::Json*> kept_trees;
  for (const auto& e : entries)
    if (!policy.is_drift_manager(e.manager)) kept_trees.push_back(&e.fields);
  k8s::Json kept = union_of(kept_trees);
  for (const auto& e : entries) {
    if (!policy.is_drift_manager(e.manager)) continue;
    for (const auto& path : owned_paths(e.fields)) {
      if (touches(kept, path)) continue;
      auto ptr = pointer_of(obj, path);
      if (!ptr || controlled(policy, d, *ptr, desired)) continue;
      erase_pointer(obj, *ptr);
    }
  }
}

bool below(const Path& p, const Path& prefix) {
  return p.size() > prefix.size() && std::equal(prefix.begin(), prefix.end(), p.begin());
}

// The fields of drift managers in `live` that the change touches, topmost first.
std::vector<DriftField> drift_of(const k8s::Json& live, const k8s::Json& after_raw, const ObjectDiff& d,
                                 const Policy& policy) {
  std::vector<DriftField> out;
  for (const auto& e : managed_fields(live)) {
    if (!policy.is_drift_manager(e.manager)) continue;
    std::vector<Path> reported;
    for (const auto& path : owned_paths(e.fields)) {
      if (std::any_of(reported.begin(), reported.end(), [&](const Path& r) { return below(path, r); })) continue;
      auto ptr = pointer_of(live, path);
      if (!ptr) continue;
      bool touched = std::any_of(d.changed.begin(), d.changed.end(), [&](const std::string& c) { return overlaps(c, *ptr); });
      if (!touched) continue;
      reported.push_back(path);
      out.push_back({e.manager, dotted(path), *ptr, !pointer_of(after_raw, path).has_value()});
    }
  }
  std::sort(out.begin(), out.end(), [](const DriftField& a, const DriftField& b) { return a.pointer < b.pointer; });
  return out;
}

}  // namespace

const char* to_string(Action a) {
  switch (a) {
    case Action::None: return "None";
    case Action::Add: return "Add";
    case Action::Update: return "Update";
    case Action::Remove: return "Remove";
    case Action::Unmanaged: return "Unmanaged";
  }
  return "None";
}

bool owned_by(const k8s::Json& live, std::string_view architecture) {
  return label(live, k8s::kLabelPartOf) == architecture && label(live, k8s::kLabelManagedBy) == k8s::kManagedByValue;
}

bool needs_dry_run(const k8s::Json& desired, const k8s::Json& live) { return !dry_run_reason(desired, live).empty(); }

std::string dry_run_reason(const k8s::Json& desired, const k8s::Json& live) {
  auto entries = managed_fields(live);
  const ManagedEntry* mine = vsctl_entry(entries);
  if (!mine) return "vsctl has not applied it";
  auto owned = project(live, mine->fields);
  auto want = declared(desired);
  drop_omitted_zeros(want, owned);
  drop_defaults_in_atomic(owned, want);
  if (owned != want) {
    auto paths = changed_paths(owned, want);
    return "vsctl's fields differ from the desired ones at " + paths.front() +
           (paths.size() > 1 ? " and " + std::to_string(paths.size() - 1) + " more" : "");
  }
  std::vector<const k8s::Json*> others;
  for (const auto& e : entries)
    if (&e != mine) others.push_back(&e.fields);
  k8s::Json theirs = union_of(others);
  for (const auto& leaf : leaf_paths(mine->fields))
    if (touches(theirs, leaf)) return "another manager shares " + dotted(leaf);
  return "";
}

ObjectDiff compare(const Pair& pair, const k8s::Json* server, const Policy& policy, std::string_view architecture) {
  ObjectDiff d;
  d.service = pair.service;
  d.key = pair.key;
  d.dry_run = server != nullptr;
  if (!pair.live) {
    d.action = Action::Add;
    d.after = normalize(*pair.desired);
    erase_fields(d.after, policy.ignore, d.key, d.service);
    d.changed = {""};
    return d;
  }
  d.before = normalize(*pair.live);
  erase_fields(d.before, policy.ignore, d.key, d.service);
  if (!pair.desired) {
    d.action = Action::Remove;
    d.changed = {""};
    return d;
  }
  if (!owned_by(*pair.live, architecture)) {
    d.action = Action::Unmanaged;
    std::string by = label(*pair.live, k8s::kLabelManagedBy);
    std::string of = label(*pair.live, k8s::kLabelPartOf);
    d.owner = by.empty() ? "" : of.empty() ? by : by + " (" + of + ")";
    return d;
  }
  k8s::Json after_raw = server ? *server : *pair.live;
  take_back(after_raw, policy, d, pair.desired);
  d.after = normalize(after_raw);
  erase_fields(d.after, policy.ignore, d.key, d.service);
  d.changed = changed_paths(d.before, d.after);
  d.action = d.changed.empty() ? Action::None : Action::Update;
  if (!d.changed.empty()) d.drift = drift_of(*pair.live, after_raw, d, policy);
  return d;
}

}  // namespace vsctl::diff
