#include "diff/pairing.h"

#include <algorithm>
#include <map>

namespace vsctl::diff {

Identity identity(const k8s::ObjectKey& k) { return {k.group, k.kind, k.namespace_, k.name}; }

std::vector<Pair> pair_objects(std::span<const Desired> desired, std::span<const k8s::Json> live) {
  std::map<Identity, Pair> by_id;
  for (const auto& d : desired) {
    Pair& p = by_id[identity(d.key)];
    p.key = d.key;
    p.service = d.service;
    p.desired = d.body;
  }
  for (const auto& obj : live) {
    auto key = k8s::key_of(obj);
    if (!key) continue;
    Pair& p = by_id[identity(*key)];
    if (!p.desired) {
      p.key = *key;
      p.service = k8s::string_at(obj, "/metadata/labels/app.kubernetes.io~1name");
    }
    p.live = &obj;
  }
  std::vector<Pair> out;
  out.reserve(by_id.size());
  for (auto& [id, p] : by_id) out.push_back(std::move(p));
  std::sort(out.begin(), out.end(), [](const Pair& a, const Pair& b) { return a.key < b.key; });
  return out;
}

}  // namespace vsctl::diff
