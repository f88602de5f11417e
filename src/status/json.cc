#include "status/json.h"

#include "status/when.h"

namespace vsctl::status {

namespace {

k8s::Json applied(const apply::Record& r) {
  k8s::Json j = {{"revision", r.revision},     {"operation", apply::to_string(r.operation)}, {"commit", r.commit},
          {"dirty", r.dirty},           {"treeDigest", r.tree_digest}, {"environment", r.environment},
          {"who", r.who},               {"started", r.started},     {"finished", r.finished},
          {"outcome", apply::to_string(r.outcome)},       {"message", r.message}};
  if (!r.takeover.empty()) j["takeover"] = r.takeover;
  if (r.promoted_from) j["promotedFrom"] = apply::to_json(*r.promoted_from);
  // the steps that failed, with their cause as the run said it
  j["failed"] = k8s::Json::array();
  for (const auto& c : r.changed)
    if (c.outcome == "failed") j["failed"].push_back({{"name", c.name}, {"reason", c.reason}, {"message", c.message}});
  return j;
}

k8s::Json row(const Row& r) {
  k8s::Json versions = k8s::Json::array();
  for (const auto& v : r.versions) versions.push_back({{"version", v.version}, {"count", v.count}});
  return {{"name", r.name},
          {"presence", to_string(r.presence)},
          {"desiredVersion", r.desired_version},
          {"workloadVersion", r.workload_version},
          {"liveVersions", versions},
          {"instances", {{"ready", r.ready}, {"desired", r.desired}, {"live", r.pods}, {"min", r.min}, {"max", r.max}}},
          {"state", health::to_string(r.state)},
          {"reason", r.reason},
          {"message", r.message},
          {"importance", r.importance},
          {"recovery", r.recovery},
          {"drift", r.drift},
          {"vetoed", r.vetoed}};
}

}  // namespace

k8s::Json to_json(const Registry& r) {
  const auto& h = r.header;
  k8s::Json out = {{"apiVersion", "vsctl.dev/v1"}, {"kind", "Status"}, {"architecture", h.architecture}, {"namespace", h.ns}};
  out["applied"] = h.record ? applied(*h.record) : k8s::Json(nullptr);
  out["summary"] = {{"services", h.services}, {"drifted", h.drifted},   {"missing", h.missing},
                    {"unrecorded", h.unrecorded}, {"failed", h.failed}, {"vetoed", h.vetoed}};
  out["services"] = k8s::Json::array();
  for (const auto& x : r.rows) out["services"].push_back(row(x));
  out["vetoes"] = k8s::Json::array();
  for (const auto& v : r.vetoes)
    out["vetoes"].push_back({{"service", v.service}, {"version", v.version}, {"reason", v.reason}, {"by", v.by}, {"at", v.at}});
  return out;
}

k8s::Json history_entry(const apply::Record& r) {
  k8s::Json e = applied(r);
  auto s = parse_time(r.started), f = parse_time(r.finished);
  if (s && f && r.outcome != apply::Outcome::InProgress)
    e["durationSeconds"] = static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(*f - *s).count()) / 1000.0;
  else
    e["durationSeconds"] = nullptr;
  e["planDigest"] = r.plan_digest;
  e["changed"] = k8s::Json::array();
  for (const auto& c : r.changed)
    e["changed"].push_back({{"name", c.name}, {"change", c.change}, {"fromVersion", c.from_version}, {"toVersion", c.to_version},
                            {"outcome", c.outcome}, {"reason", c.reason}, {"message", c.message}});
  return e;
}

k8s::Json history_json(const std::string& architecture, const std::string& ns, std::span<const apply::Record> records) {
  k8s::Json out = {{"apiVersion", "vsctl.dev/v1"}, {"kind", "History"}, {"architecture", architecture}, {"namespace", ns},
                   {"records", k8s::Json::array()}};
  for (const auto& r : records) out["records"].push_back(history_entry(r));
  return out;
}

}  // namespace vsctl::status
