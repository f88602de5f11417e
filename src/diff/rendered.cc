#include "diff/rendered.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "diff/normalize.h"

namespace vsctl::diff {

namespace {

}  // namespace

std::vector<Desired> desired_of(const render::Rendered& r) {
  std::vector<Desired> out;
  out.reserve(r.objects.size());
  for (const auto& o : r.objects) out.push_back({o.service, o.key, &o.body});
  return out;
}

namespace {

k8s::Json side(const Desired* d, const Policy& policy) {
  if (!d || !d->body) return nullptr;
  k8s::Json j = normalize(*d->body);
  erase_fields(j, policy.ignore, d->key, d->service);
  return j;
}

}  // namespace

std::vector<ObjectDiff> compare_rendered(std::span<const Desired> from, std::span<const Desired> to,
                                         const Policy& policy) {
  std::map<Identity, std::pair<const Desired*, const Desired*>> pairs;
  for (const auto& d : from) pairs[identity(d.key)].first = &d;
  for (const auto& d : to) pairs[identity(d.key)].second = &d;
  std::vector<ObjectDiff> out;
  out.reserve(pairs.size());
  for (const auto& [id, p] : pairs) {
    const Desired* named = p.second ? p.second : p.first;
    ObjectDiff d;
    d.service = named->service;
    d.key = named->key;
    d.before = side(p.first, policy);
    d.after = side(p.second, policy);
    d.changed = changed_paths(d.before, d.after);
    d.action = !p.first            ? Action::Add
               : !p.second         ? Action::Remove
               : d.changed.empty() ? Action::None
                                   : Action::Update;
    out.push_back(std::move(d));
  }
  std::stable_sort(out.begin(), out.end(), [](const ObjectDiff& a, const ObjectDiff& b) {
    return std::tie(a.service, a.key) < std::tie(b.service, b.key);
  });
  return out;
}

}  // namespace vsctl::diff
