#include "diff/threeway.h"

#include <algorithm>

#include "diff/normalize.h"

namespace vsctl::diff {

namespace {

// Sets (or, when `from` has nothing there, removes) the value at `pointer` of `into`.
void revert(k8s::Json& into, const k8s::Json& from, const std::string& pointer, bool erase = true) {
  try {
    k8s::Json::json_pointer p(pointer);
    if (from.contains(p)) {
      into[p] = from.at(p);
    } else if (erase && into.contains(p) && !p.empty()) {
      std::string last = p.back();
      k8s::Json& parent = into.at(p.parent_pointer());
      if (parent.is_object()) {
        parent.erase(last);
      } else if (parent.is_array()) {
        parent.erase(std::stoul(last));
      }
    }
  } catch (const std::exception&) {
    // a list index past the end: the fields around it carry the difference
  }
}

ObjectDiff view(const ObjectDiff& d, k8s::Json before, k8s::Json after) {
  ObjectDiff v = d;
  v.before = std::move(before);
  v.after = std::move(after);
  v.changed = changed_paths(v.before, v.after);
  if (v.changed.empty()) {
    v.action = Action::None;
  } else if (v.before.is_null()) {
    v.action = Action::Add;
  } else if (v.after.is_null()) {
    v.action = Action::Remove;
  } else if (d.action != Action::Unmanaged) {
    v.action = Action::Update;
  }
  std::erase_if(v.drift, [&](const DriftField& f) {
    return std::none_of(v.changed.begin(), v.changed.end(), [&](const std::string& c) { return overlaps(c, f.pointer); });
  });
  return v;
}

}  // namespace

Split split(const ObjectDiff& d, const k8s::Json* base, const k8s::Json* desired) {
  if (d.action == Action::Unmanaged) return {d, view(d, d.before, d.before)};
  k8s::Json b = base ? normalize(*base) : k8s::Json();
  k8s::Json w = desired ? normalize(*desired) : k8s::Json();
  k8s::Json expected;
  if (b.is_null()) {
    expected = k8s::Json();  // the base has no such object
  } else if (w.is_null() || d.after.is_null()) {
    // Removed by the change: as the base would have left it (its fields over the live object).
    expected = d.before.is_null() ? b : d.before;
    if (!d.before.is_null()) {
      for (const auto& p : changed_paths(d.before, b)) revert(expected, b, p, false);
    }
  } else {
    expected = d.after;
    auto paths = changed_paths(w, b);
    // Later list items first, so that removing one does not move the next.
    std::sort(paths.rbegin(), paths.rend());
    for (const auto& p : paths) revert(expected, b, p);
  }
  Split s{view(d, expected, d.after), view(d, d.before, expected)};
  s.change.drift.clear();
  return s;
}

}  // namespace vsctl::diff
