#include "status/registry.h"

#include <algorithm>
#include <set>

#include "apply/rollout.h"
#include "health/pod.h"
#include "health/service.h"
#include "k8s/labels.h"
#include "render/render.h"
#include "semver/version.h"
#include "status/group.h"

namespace vsctl::status {

namespace {

struct Recorded {
  std::string version, digest, importance, recovery;
  int min = 0, max = 0;
  bool has_ports = false;
};

Recorded recorded(const k8s::Json& s) {
  Recorded r;
  r.version = s.value("version", "");
  r.digest = s.value("digest", "");
  const k8s::Json empty = k8s::Json::object();
  const auto& d = s.contains("definition") && s["definition"].is_object() ? s["definition"] : empty;
  r.importance = k8s::string_at(d, "/importance");
  r.recovery = k8s::string_at(d, "/recovery");
  r.min = static_cast<int>(k8s::int_at(d, "/instances/min").value_or(0));
  r.max = static_cast<int>(k8s::int_at(d, "/instances/max").value_or(r.min));
  const auto* ports = k8s::find(d, "/ports");
  r.has_ports = ports && ports->is_array() && !ports->empty();
  return r;
}

// Live instances by version, most first, then the newest version first.
std::vector<VersionCount> count_versions(const LiveService& l, int& total) {
  std::map<std::string, int> by;
  total = 0;
  for (const auto* p : l.pods) {
    auto s = health::pod(*p);
    if (s.terminating || s.succeeded || s.failed) continue;
    ++by[label(*p, k8s::kLabelVersion)];
    ++total;
  }
  std::vector<VersionCount> out;
  for (auto& [v, n] : by) out.push_back({v, n});
  std::sort(out.begin(), out.end(), [](const VersionCount& a, const VersionCount& b) {
    if (a.count != b.count) return a.count > b.count;
    auto c = semver::compare_strings(a.version, b.version);
    return c ? *c > 0 : a.version > b.version;
  });
  return out;
}

// What is under way, as far as the live objects tell: pods of another version mean a rollout
// (forwards or back by semver precedence); replicas that differ from the instances, a scale.
health::Change under_way(const LiveService& l, const std::string& want, const std::vector<VersionCount>& versions,
                         int pods) {
  for (const auto& v : versions) {
    if (v.version == want) continue;
    auto c = semver::compare_strings(want, v.version);
    return c && *c < 0 ? health::Change::Rollback : health::Change::Update;
  }
  if (l.workload) {
    auto replicas = k8s::int_at(*l.workload, "/spec/replicas");
    if (replicas && *replicas != pods) return health::Change::Scale;
  }
  return health::Change::None;
}

void assess(Row& r, const LiveService& l, bool has_ports, const health::CauseIndex& causes) {
  std::string want = r.workload_version.empty() ? render::label_value(r.desired_version) : r.workload_version;
  health::ServiceObjects objs;
  objs.workload = l.workload;
  objs.pods = l.pods;
  objs.service = l.service;
  objs.endpoint_slices = l.slices;
  objs.autoscaler = l.autoscaler;
  causes.add_to(objs, r.name);
  health::Want w;
  w.version = want;
  w.has_ports = has_ports || l.service != nullptr;
  w.autoscaled = l.autoscaler != nullptr;
  w.change = under_way(l, want, r.versions, r.pods);
  auto h = health::assess(objs, w);
  // every new instance runs but instances of another version are still there: the rollout is
  // what is under way, not readiness alone
  if (h.state == health::State::Ready && h.old > 0 &&
      (w.change == health::Change::Update || w.change == health::Change::Rollback))
    h.state = health::in_progress_state(w.change);
  r.state = h.state;
  r.reason = h.reason;
  r.message = h.message;
  r.ready = h.ready;
  r.desired = h.desired;
}

void drift(Row& r, const Recorded& rec, const LiveService& l) {
  // During a canary or blue-green rollout the recorded definition runs on the second workload,
  // while the first keeps the old one (and, for a canary by instance counts, fewer instances)
  // by design: the second workload is what the record is compared with, and its instances are
  // the rollout's to move.
  const k8s::Json* current = l.rollout ? l.rollout : l.workload;
  std::string digest = current ? k8s::string_at(*current, "/metadata/annotations/vsctl.dev~1definition-digest") : "";
  if (!rec.digest.empty() && digest != rec.digest) r.drift.push_back("definition differs from the record");
  if (!l.workload || l.rollout) return;
  auto replicas = k8s::int_at(*l.workload, "/spec/replicas");
  if (!replicas) return;
  int n = static_cast<int>(*replicas);
  // an autoscaled service's replicas are the autoscaler's to move (and it moves them into
  // min..max on its own schedule): not drift
  if (rec.min == rec.max && n != rec.min)
    r.drift.push_back(std::to_string(n) + " replicas, recorded " + std::to_string(rec.min));
}

// A canary or blue-green rollout under way says where it is: "canary 10% (step 2/5)".
void rolling_out(Row& r, const k8s::Json& second) {
  auto text = k8s::string_at(second, "/metadata/annotations/vsctl.dev~1rollout");
  auto p = apply::rollout::progress_from_json(k8s::Json::parse(text, nullptr, false));
  if (!p) return;
  r.state = health::State::Update;
  r.reason = "Rollout";
  r.message = apply::rollout::summary(*p) + (p->phase.empty() ? "" : ", " + p->phase) +
              (p->message.empty() ? "" : ": " + p->message);
}

}  // namespace

const char* to_string(Presence p) {
  switch (p) {
    case Presence::Live: return "live";
    case Presence::Missing: return "missing";
    case Presence::Unrecorded: return "unrecorded";
  }
  return "live";
}

Registry build(const Input& in) {
  Registry out;
  out.header.architecture = in.architecture;
  out.header.ns = in.ns;
  out.header.record = in.record;
  out.vetoes = in.vetoes;
  auto live = group(in.live, in.architecture);
  const health::CauseIndex causes(in.live);
  std::map<std::string, Recorded> rec;
  if (in.record)
    for (const auto& [name, s] : in.record->services) rec[name] = recorded(s);
  std::set<std::string> names;
  for (const auto& [n, _] : live) names.insert(n);
  for (const auto& [n, _] : rec) names.insert(n);

  for (const auto& name : names) {
    Row r;
    r.name = name;
    auto li = live.find(name);
    auto ri = rec.find(name);
    bool is_live = li != live.end() && li->second.workload;
    r.presence = !is_live ? Presence::Missing : ri == rec.end() ? Presence::Unrecorded : Presence::Live;
    if (ri != rec.end()) {
      r.desired_version = ri->second.version;
      r.importance = ri->second.importance;
      r.recovery = ri->second.recovery;
      r.min = ri->second.min;
      r.max = ri->second.max;
    }
    if (li != live.end()) {
      const LiveService& l = li->second;
      if (l.workload) {
        r.workload_version = label(*l.workload, k8s::kLabelVersion);
        if (r.recovery.empty()) r.recovery = k8s::string_at(*l.workload, "/kind") == "StatefulSet" ? "pet" : "cattle";
      }
      if (ri == rec.end()) {
        if (l.autoscaler) {
          r.min = static_cast<int>(k8s::int_at(*l.autoscaler, "/spec/minReplicas").value_or(1));
          r.max = static_cast<int>(k8s::int_at(*l.autoscaler, "/spec/maxReplicas").value_or(r.min));
        } else if (l.workload) {
          r.min = r.max = static_cast<int>(k8s::int_at(*l.workload, "/spec/replicas").value_or(1));
        }
      }
      r.versions = count_versions(l, r.pods);
      if (is_live) assess(r, l, ri != rec.end() && ri->second.has_ports, causes);
      if (is_live && l.rollout) rolling_out(r, *l.rollout);
      if (is_live && ri != rec.end()) drift(r, ri->second, l);
    }
    if (r.presence == Presence::Missing) {
      r.state = health::State::Failed;
      r.reason = "Missing";
      r.message = "in the record, but its workload is not in the cluster";
      r.drift.push_back("missing from the cluster");
    }
    for (const auto& v : in.vetoes) {
      if (v.service != name) continue;
      bool runs = std::any_of(r.versions.begin(), r.versions.end(),
                              [&](const VersionCount& c) { return c.version == render::label_value(v.version); });
      if (runs || v.version == r.desired_version) r.vetoed.push_back(v.version);
    }
    auto& h = out.header;
    ++h.services;
    if (!r.drift.empty()) ++h.drifted;
    if (r.presence == Presence::Missing) ++h.missing;
    if (r.presence == Presence::Unrecorded) ++h.unrecorded;
    if (r.state == health::State::Failed) ++h.failed;
    if (!r.vetoed.empty()) ++h.vetoed;
    out.rows.push_back(std::move(r));
  }
  return out;
}

std::string format_versions(const Row& r) {
  if (r.versions.empty()) return "-";
  if (r.versions.size() == 1) return r.versions.front().version.empty() ? "?" : r.versions.front().version;
  std::string out;
  for (const auto& v : r.versions) {
    if (!out.empty()) out += ", ";
    out += (v.version.empty() ? "?" : v.version) + " (" + std::to_string(v.count) + "/" + std::to_string(r.pods) + ")";
  }
  return out;
}

}  // namespace vsctl::status
