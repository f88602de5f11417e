#include "apply/service_change.h"

#include <set>

#include "apply/ownership.h"
#include "util/strings.h"

namespace vsctl::apply {

namespace {

// The definition without its instances: what a Scale leaves unchanged.
k8s::Json without_instances(k8s::Json d) {
  if (d.is_object()) {
    d.erase("instances");
    d.erase("autoscale");
  }
  return d;
}


}  // namespace

Comparison compare_service(const ServiceDesired& want, const LiveService* live, const LiveIndex& index,
                           const k8s::Json* previous_definition, const diff::Policy& policy) {
  Comparison out;
  if (!live) {
    out.change = Change::Provision;
    out.reason = "new service";
    return out;
  }
  std::vector<std::string> reasons;
  bool definition_changed = live->digest != want.digest;
  bool version_changed = !live->version.empty() && live->version != render::label_value(want.version);
  std::vector<std::string> drift;
  bool replicas_drift = false;
  std::size_t scale_only = 0;  // drift entries of people who changed nothing but replicas
  std::set<k8s::ObjectKey> wanted;
  for (const auto* o : want.objects) {
    wanted.insert(unversioned(o->key));
    const Json* l = index.find(o->key);
    if (!l) {
      // with a changed definition the object may simply be new (an autoscaler added); the
      // apply makes it either way, and only a definition that did not change proves drift
      if (!definition_changed) drift.push_back(o->key.kind + " " + o->key.name + " is missing");
      continue;
    }
    auto people = drift_managers(*l, policy, {o->key, want.name, &o->body});
    for (const auto& m : people) drift.push_back(m + " changed " + o->key.kind + " " + o->key.name);
    if (!people.empty()) out.take_over.push_back(o->key);
    if (!people.empty() && people_own_only_replicas(*l, policy, {o->key, want.name, &o->body})) scale_only += people.size();
  }
  if (!definition_changed && want.replicas && live->replicas && *live->replicas != *want.replicas) {
    replicas_drift = true;
    drift.push_back("replicas are " + std::to_string(*live->replicas) + ", the manifest says " +
                    std::to_string(*want.replicas));
  }
  for (const auto* o : live->objects) {
    auto key = k8s::key_of(*o);
    if (key && !wanted.count(unversioned(*key))) out.obsolete.push_back(o);
  }

  if (version_changed) {
    out.change = health::change_of(live->version, want.version);
    reasons.push_back("version " + live->version + " -> " + want.version);
  } else if (definition_changed) {
    bool only_instances = previous_definition && !previous_definition->is_null() &&
                          without_instances(*previous_definition) == without_instances(want.definition) &&
                          *previous_definition != want.definition;
    out.change = only_instances ? Change::Scale : Change::Update;
    if (only_instances) {
      const auto& from = (*previous_definition)["instances"];
      const auto& to = want.definition["instances"];
      reasons.push_back("instances " + std::to_string(from.value("min", 0)) + ".." + std::to_string(from.value("max", 0)) +
                        " -> " + std::to_string(to.value("min", 0)) + ".." + std::to_string(to.value("max", 0)));
    } else {
      reasons.push_back("definition changed (digest " + (live->digest.empty() ? std::string("none") : live->digest) +
                        " -> " + want.digest + ")");
    }
  }
  if (!drift.empty()) {
    // `kubectl scale` is a Scale back, as diff calls it, also when its manager is named
    if (out.change == Change::None) out.change = replicas_drift && drift.size() == 1 + scale_only ? Change::Scale : Change::Update;
    reasons.push_back("drift: " + util::join(drift, "; "));
  }
  if (!out.obsolete.empty()) {
    if (out.change == Change::None) out.change = Change::Update;
    std::vector<std::string> names;
    for (const auto* o : out.obsolete) names.push_back(k8s::string_at(*o, "/kind") + " " + k8s::string_at(*o, "/metadata/name"));
    reasons.push_back("no longer declared: " + util::join(names, ", "));
  }
  out.reason = util::join(reasons, "; ");
  return out;
}

}  // namespace vsctl::apply
