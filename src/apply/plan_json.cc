#include "apply/plan_json.h"

#include "apply/rollout.h"
#include "util/hash.h"

namespace vsctl::apply {

namespace {

k8s::Json key_json(const k8s::ObjectKey& k) {
  return {{"apiVersion", k.api_version()}, {"kind", k.kind}, {"namespace", k.namespace_}, {"name", k.name}};
}

k8s::Json substance(const Step& s) {
  k8s::Json actions = k8s::Json::array();
  for (const auto& a : s.actions) {
    k8s::Json j = {{"action", to_string(a.kind)}};
    if (a.kind != ActionKind::Wait) j["object"] = key_json(a.key);
    if (!a.phase.empty()) j["phase"] = a.phase;
    actions.push_back(std::move(j));
  }
  k8s::Json take_over = k8s::Json::array();
  for (const auto& k : s.take_over) take_over.push_back(key_json(k));
  k8s::Json j = {{"service", s.service},         {"change", health::to_string(s.change)}, {"fromVersion", s.from_version},
                 {"toVersion", s.to_version},    {"fromInstances", s.from_instances},     {"toInstances", s.to_instances},
                 {"fromDigest", s.from_digest},  {"toDigest", s.to_digest},               {"actions", actions},
                 {"takeOver", take_over}};
  if (s.rollout) {
    k8s::Json steps = k8s::Json::array();
    for (const auto& st : s.rollout->steps) steps.push_back(rollout::describe(st));
    j["rollout"] = {{"strategy", manifest::to_string(s.rollout->strategy)},
                    {"traffic", s.rollout->traffic == manifest::Rollout::Traffic::Gateway ? "gateway" : "replicas"},
                    {"steps", std::move(steps)}, {"notes", s.rollout_notes}};
    if (!s.rollout->route.empty()) j["rollout"]["route"] = s.rollout->route;
  }
  return j;
}

k8s::Json doors_json(const Plan& p) {
  k8s::Json out = k8s::Json::array();
  for (const auto& d : p.doors)
    out.push_back({{"kind", to_string(d.kind)}, {"service", d.service}, {"object", d.object}, {"detail", d.detail}, {"allowed", d.allowed}});
  return out;
}

k8s::Json conflicts_json(const Plan& p) {
  k8s::Json out = k8s::Json::array();
  for (const auto& c : p.conflicts)
    out.push_back({{"service", c.service}, {"object", key_json(c.key)}, {"owner", c.owner}, {"adopted", c.adopted}});
  return out;
}

}  // namespace

k8s::Json to_json(const Step& s) {
  k8s::Json j = substance(s);
  j["reason"] = s.reason;
  j["importance"] = manifest::to_string(s.importance);
  j["dependsOn"] = s.depends_on;
  j["after"] = s.after;
  if (s.fit)
    j["capacity"] = {{"fits", s.fit->fits},       {"needs", s.fit->needs},
                     {"problems", s.fit->problems}, {"pending", s.fit->pending},
                     {"notCreated", s.fit->not_created}};
  return j;
}

std::string plan_digest(const Plan& p) {
  k8s::Json j = {{"architecture", p.architecture}, {"namespace", p.ns}, {"waves", k8s::Json::array()}};
  for (const auto& w : p.waves) {
    k8s::Json steps = k8s::Json::array();
    for (const auto& s : w.steps) steps.push_back(substance(s));
    j["waves"].push_back(std::move(steps));
  }
  j["doors"] = doors_json(p);
  j["conflicts"] = conflicts_json(p);
  return util::sha256_hex(k8s::dump(j)).substr(0, 16);
}

Plan without_architecture_step(Plan p) {
  std::vector<Wave> waves;
  for (auto& w : p.waves) {
    std::erase_if(w.steps, [](const Step& s) { return s.service.empty(); });
    if (!w.steps.empty()) waves.push_back(std::move(w));
  }
  for (std::size_t i = 0; i < waves.size(); ++i) waves[i].index = static_cast<int>(i);
  p.waves = std::move(waves);
  link_steps(p);
  p.digest = plan_digest(p);
  return p;
}

k8s::Json to_json(const Plan& p) {
  k8s::Json j = {{"kind", "Plan"},
                 {"apiVersion", "vsctl.dev/v1"},
                 {"architecture", p.architecture},
                 {"namespace", p.ns},
                 {"environment", p.env},
                 {"digest", p.digest},
                 {"waves", k8s::Json::array()}};
  for (const auto& w : p.waves) {
    k8s::Json steps = k8s::Json::array();
    for (const auto& s : w.steps) steps.push_back(to_json(s));
    j["waves"].push_back({{"wave", w.index}, {"steps", steps}});
  }
  j["doors"] = doors_json(p);
  j["conflicts"] = conflicts_json(p);
  j["leftAlone"] = p.left_alone;
  j["unchanged"] = p.unchanged;
  j["capacity"] = {{"checked", p.capacity.checked}, {"allowed", p.capacity.allowed}};
  if (!p.capacity.skipped.empty()) j["capacity"]["note"] = p.capacity.skipped;
  j["refusals"] = p.refusals();
  return j;
}

util::Result<SavedPlan> read_saved_plan(std::string_view source, std::string_view text) {
  auto j = k8s::parse_json(source, text);
  if (!j) return tl::unexpected(j.error());
  if (k8s::string_at(*j, "/kind") != "Plan")
    return util::fail(util::ErrorKind::Usage, std::string(source) + ": not a plan written by `vsctl plan -o json`");
  SavedPlan p{k8s::string_at(*j, "/architecture"), k8s::string_at(*j, "/digest")};
  if (p.digest.empty()) return util::fail(util::ErrorKind::Usage, std::string(source) + ": the plan has no digest");
  return p;
}

}  // namespace vsctl::apply
