#include "apply/capacity_check.h"

#include "apply/rollout.h"

#include <algorithm>
#include <cmath>

#include "k8s/quantity.h"

namespace vsctl::apply {

using capacity::Room;
using k8s::Json;

bool contained_in(const Json& d, const Json& l) {
  if (d.is_object()) {
    if (!l.is_object()) return false;
    for (const auto& [k, v] : d.items()) {
      auto it = l.find(k);
      if (it == l.end() ? !(v.is_null() || (v.is_object() && v.empty())) : !contained_in(v, *it)) return false;
    }
    return true;
  }
  if (d.is_array()) {
    if (!l.is_array() || l.size() != d.size()) return false;
    for (std::size_t i = 0; i < d.size(); ++i)
      if (!contained_in(d[i], l[i])) return false;
    return true;
  }
  if (d == l) return true;
  if (d.is_number() && l.is_number()) return d.get<double>() == l.get<double>();
  if (d.is_string() && l.is_string()) {
    auto a = k8s::quantity_milli(d.get<std::string>()), b = k8s::quantity_milli(l.get<std::string>());
    return a && b && *a == *b;  // "0.5" is stored as "500m"
  }
  if (d.is_number() && l.is_string()) return std::to_string(d.get<long long>()) == l.get<std::string>();
  return false;
}

namespace {

// A Deployment's maxSurge / maxUnavailable (a count or a percentage of `replicas`).
int resolve(const Json* v, int replicas, bool up, int fallback_percent) {
  double percent = fallback_percent;
  if (v && v->is_number_integer()) return v->get<int>();
  if (v && v->is_string()) {
    std::string s = v->get<std::string>();
    if (s.empty() || s.back() != '%') return std::atoi(s.c_str());
    percent = std::atof(s.c_str());
  }
  double x = replicas * percent / 100.0;
  return static_cast<int>(up ? std::ceil(x) : std::floor(x));
}

bool selected(const Json& pod, const Json* match_labels) {
  if (!match_labels || !match_labels->is_object() || match_labels->empty()) return false;
  for (const auto& [k, v] : match_labels->items())
    if (k8s::string_at(pod, "/metadata/labels/" + k8s::pointer_token(k)) != (v.is_string() ? v.get<std::string>() : ""))
      return false;
  return true;
}

// What one step asks of the room.
struct Demand {
  const Json* spec = nullptr;  // the new pods' spec
  int peak = 0;                // new pods at once, beside every pod there is now
  int final_count = 0;         // new pods once the wave is over, after `release`
  std::vector<const Json*> release;  // live pods gone once the wave is over
  std::vector<const Json*> hooks;    // hook Jobs' pod specs, there at the peak
  // a pet's claims: (claim name, class, size, access modes) for each instance it will have
  struct Claim {
    std::string name, storage_class;
    std::int64_t size = 0;
    std::vector<std::string> modes;
  };
  std::vector<Claim> claims;
};

struct Checker {
  const std::map<k8s::ObjectKey, Json>& desired;
  std::span<const Json> live;
  std::vector<const Json*> pods;  // the namespace's unfinished pods

  const Json* live_object(const k8s::ObjectKey& key) const {
    for (const auto& o : live)
      if (auto k = k8s::key_of(o); k && *k == key) return &o;
    return nullptr;
  }

  const Json* desired_object(const k8s::ObjectKey& key) const {
    auto it = desired.find(key);
    return it == desired.end() ? nullptr : &it->second;
  }

  int autoscaler_min(const std::string& workload) const {
    for (const auto& [key, o] : desired)
      if (key.kind == "HorizontalPodAutoscaler" && k8s::string_at(o, "/spec/scaleTargetRef/name") == workload)
        return static_cast<int>(k8s::int_at(o, "/spec/minReplicas").value_or(1));
    return 1;
  }

  Demand demand(const Step& st) const {
    Demand d;
    const Json* want = nullptr;  // the workload applied
    const Json* have = nullptr;  // its live counterpart
    const Json* gone = nullptr;  // a live workload deleted (destroyed, or another kind now)
    bool replace = false;
    k8s::ObjectKey wkey;
    for (const auto& a : st.actions) {
      if (a.kind == ActionKind::Hook)
        if (const auto* job = desired_object(a.key))
          if (const auto* s = k8s::find(*job, "/spec/template/spec")) d.hooks.push_back(s);
      if (a.key.kind != "Deployment" && a.key.kind != "StatefulSet") continue;
      if (a.kind == ActionKind::Delete) {
        gone = live_object(a.key);
      } else if (a.kind == ActionKind::Apply || a.kind == ActionKind::Replace) {
        want = desired_object(a.key);
        have = live_object(a.key);
        replace = a.kind == ActionKind::Replace;
        wkey = a.key;
      }
    }
    std::vector<const Json*> current;
    for (const Json* w : {want, have, gone}) {
      const Json* match = w ? k8s::find(*w, "/spec/selector/matchLabels") : nullptr;
      for (const auto* p : pods)
        if (selected(*p, match) && std::find(current.begin(), current.end(), p) == current.end()) current.push_back(p);
    }
    if (st.change == Change::Destroy || !want) {
      if (gone) d.release = current;
      return d;
    }
    const auto* spec = k8s::find(*want, "/spec/template/spec");
    if (!spec) return d;
    d.spec = spec;
    int to = 0;
    if (auto r = k8s::int_at(*want, "/spec/replicas")) to = static_cast<int>(*r);
    else if (have && k8s::int_at(*have, "/spec/replicas")) to = static_cast<int>(*k8s::int_at(*have, "/spec/replicas"));
    else to = autoscaler_min(wkey.name);
    int now = static_cast<int>(current.size());
    bool pet = wkey.kind == "StatefulSet";
    const Json* have_template = have ? k8s::find(*have, "/spec/template") : nullptr;
    bool rolls = have && (!have_template || !contained_in(*k8s::find(*want, "/spec/template"), *have_template));
    if (pet && k8s::string_at(*want, "/spec/updateStrategy/type") == "OnDelete") rolls = false;  // pods change when deleted
    if (!have) {
      // new, or another kind: every instance at once, beside the old kind's pods until the step ends
      d.peak = d.final_count = to;
      if (gone) d.release = current;
    } else if (rolls || replace) {
      d.release = current;
      d.final_count = to;
      bool rolling = !pet && k8s::string_at(*want, "/spec/strategy/type") != "Recreate";
      if (rolling && !replace) {
        int surge = resolve(k8s::find(*want, "/spec/strategy/rollingUpdate/maxSurge"), to, true, 25);
        int unavailable = resolve(k8s::find(*want, "/spec/strategy/rollingUpdate/maxUnavailable"), to, false, 25);
        // with no instance allowed down, the surge must fit beside every old pod; otherwise old
        // pods go first and make room
        if (unavailable == 0) d.peak = std::max(0, std::min(to, to + surge - now));
      }
    } else if (to > now) {
      d.peak = d.final_count = to - now;
    } else if (to < now) {
      d.release.assign(current.end() - (now - to), current.end());
    }
    // a canary or blue-green rollout runs its second workload beside every old pod: a preview,
    // or a canary behind a route at promotion, has every instance; a canary by instance counts
    // its largest share
    if (st.rollout && have) {
      int second = to;
      if (st.rollout->strategy == manifest::Rollout::Strategy::Canary &&
          st.rollout->traffic == manifest::Rollout::Traffic::Replicas) {
        second = 0;
        for (const auto& s : st.rollout->steps)
          if (s.kind == manifest::RolloutStep::Kind::Weight)
            second = std::max(second, rollout::canary_instances(to, s.weight, st.rollout->traffic));
      }
      d.peak = std::max(d.peak, second);
    }
    if (pet)
      if (const auto* tmpls = k8s::find(*want, "/spec/volumeClaimTemplates"); tmpls && tmpls->is_array())
        for (int i = 0; i < to; ++i)
          for (const auto& t : *tmpls) {
            Demand::Claim c;
            c.name = k8s::string_at(t, "/metadata/name") + "-" + wkey.name + "-" + std::to_string(i);
            c.storage_class = k8s::string_at(t, "/spec/storageClassName");
            c.size = k8s::quantity_milli(k8s::string_at(t, "/spec/resources/requests/storage")).value_or(0);
            if (const auto* m = k8s::find(t, "/spec/accessModes"); m && m->is_array())
              for (const auto& x : *m)
                if (x.is_string()) c.modes.push_back(x.get<std::string>());
            d.claims.push_back(std::move(c));
          }
    return d;
  }
};

// Adds an outcome's problems (once each); `counts`: the outcome is the step's own pods at the
// point that decides (the peak, or after the wave when the peak had no room to check).
void record(Fit& fit, const capacity::Outcome& o, bool counts = false) {
  if (counts) {
    fit.pending = std::max(fit.pending, o.created - o.bound);
    fit.not_created = std::max(fit.not_created, o.wanted - o.created);
  }
  for (const auto& p : o.problems)
    if (std::find(fit.problems.begin(), fit.problems.end(), p) == fit.problems.end()) fit.problems.push_back(p);
  fit.fits = fit.problems.empty();
}

}  // namespace

void check_capacity(Plan& plan, const std::map<k8s::ObjectKey, Json>& desired, std::span<const Json> live,
                    const capacity::Objects& cluster) {
  Checker c{desired, live, {}};
  for (const auto& p : cluster.pods) {
    std::string phase = k8s::string_at(p, "/status/phase");
    if (k8s::string_at(p, "/metadata/namespace") == plan.ns && phase != "Succeeded" && phase != "Failed") c.pods.push_back(&p);
  }
  Room room(cluster, plan.ns);
  for (auto& w : plan.waves) {
    std::vector<Demand> demands;
    for (const auto& st : w.steps) demands.push_back(c.demand(st));
    Room peak = room;  // the wave's steps run at once
    for (std::size_t i = 0; i < w.steps.size(); ++i) {
      Step& st = w.steps[i];
      const Demand& d = demands[i];
      if (d.peak == 0 && d.final_count == 0 && d.hooks.empty() && d.claims.empty()) continue;
      Fit fit;
      int pods = std::max(d.peak, d.final_count);
      if (d.spec && pods > 0)
        fit.needs = std::to_string(pods) + (pods == 1 ? " pod of " : " pods of ") +
                    capacity::describe(capacity::pod_demand(*d.spec, room.limit_ranges()).requests);
      for (const auto* h : d.hooks) record(fit, peak.add_pods(*h, 1));
      if (d.spec) record(fit, peak.add_pods(*d.spec, d.peak), true);
      for (const auto& cl : d.claims)
        if (auto why = peak.add_claim(cl.name, cl.storage_class, cl.size, cl.modes); !why.empty()) {
          fit.problems.push_back(why);
          fit.fits = false;
        }
      st.fit = std::move(fit);
    }
    // the wave is over: old pods make room, new ones take it
    for (const auto& d : demands)
      for (const auto* p : d.release) room.remove_pod(*p);
    for (std::size_t i = 0; i < w.steps.size(); ++i) {
      const Demand& d = demands[i];
      if (!d.spec || d.final_count == 0) continue;
      auto o = room.add_pods(*d.spec, d.final_count);
      for (const auto& cl : d.claims) room.add_claim(cl.name, cl.storage_class, cl.size, cl.modes);
      if (!o.fits() && w.steps[i].fit) record(*w.steps[i].fit, o, true);
    }
  }
  plan.capacity.checked = true;
}

}  // namespace vsctl::apply
