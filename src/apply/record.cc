#include "apply/record.h"

#include <algorithm>

#include "util/hash.h"
#include "util/strings.h"

namespace vsctl::apply {

namespace {

constexpr std::size_t kMaxInflated = 256u << 20;

k8s::Json secret(const Record& r, const std::string& name, const std::string& part, const std::string& payload) {
  return {{"apiVersion", "v1"},
          {"kind", "Secret"},
          {"type", std::string(kRecordType)},
          {"metadata",
           {{"name", name},
            {"namespace", r.ns},
            {"labels",
             {{std::string(kLabelRecord), r.architecture},
              {std::string(kLabelRevision), std::to_string(r.revision)},
              {std::string(kLabelPart), part},
              {std::string(kLabelOutcome), to_string(r.outcome)}}}}},
          {"data", {{"record", util::base64_encode(util::gzip(payload))}}}};
}

util::Result<std::string> payload(const k8s::Json& s) {
  std::string b64 = k8s::string_at(s, "/data/record");
  if (b64.empty()) return util::fail(util::ErrorKind::Cluster, "record Secret " + k8s::string_at(s, "/metadata/name") + " has no data");
  VSCTL_TRY(gz, util::base64_decode(b64));
  return util::gunzip(gz, kMaxInflated);
}

}  // namespace

std::string header_name(std::string_view a, int revision) { return "vsctl." + std::string(a) + ".v" + std::to_string(revision); }
std::string part_name(std::string_view a, int revision, int part) {
  return header_name(a, revision) + "." + std::to_string(part);
}

k8s::Json header_json(const Record& r) {
  k8s::Json changed = k8s::Json::array();
  for (const auto& c : r.changed)
  {
    changed.push_back({{"name", c.name}, {"change", c.change}, {"fromVersion", c.from_version}, {"toVersion", c.to_version},
                       {"digest", c.digest}, {"outcome", c.outcome}, {"reason", c.reason}});
    if (!c.written.empty()) changed.back()["written"] = c.written;
    if (!c.message.empty()) changed.back()["message"] = c.message;
    if (!c.rollout.is_null()) changed.back()["rollout"] = c.rollout;
  }
  k8s::Json j = {{"apiVersion", "vsctl.dev/v1"}, {"kind", "Record"},       {"revision", r.revision},
          {"operation", to_string(r.operation)},     {"architecture", r.architecture}, {"namespace", r.ns},
          {"environment", r.environment}, {"commit", r.commit},     {"treeDigest", r.tree_digest},
          {"dirty", r.dirty},             {"who", r.who},           {"started", r.started},
          {"finished", r.finished},       {"outcome", to_string(r.outcome)},   {"message", r.message},
          {"planDigest", r.plan_digest},  {"changed", changed},     {"services", r.services},
          {"parts", r.parts}};
  if (!r.takeover.empty()) j["takeover"] = r.takeover;
  if (r.restored > 0) j["restoredRevision"] = r.restored;
  if (!r.left_alone.empty()) j["leftAlone"] = r.left_alone;
  if (r.promoted_from) j["promotedFrom"] = to_json(*r.promoted_from);
  return j;
}

k8s::Json to_json(const PromotedFrom& p) {
  k8s::Json sources = k8s::Json::array();
  for (const auto& s : p.sources) sources.push_back({{"environment", s.environment}, {"revision", s.revision}});
  return {{"stage", p.stage}, {"toStage", p.to_stage}, {"sources", sources}};
}

const char* to_string(Operation op) {
  switch (op) {
    case Operation::Apply: return "apply";
    case Operation::Destroy: return "destroy";
    case Operation::Rollback: return "rollback";
    case Operation::Reconcile: return "reconcile";
    case Operation::Promote: return "promote";
  }
  return "apply";
}

std::optional<Operation> parse_operation(std::string_view s) {
  for (auto op : {Operation::Apply, Operation::Destroy, Operation::Rollback, Operation::Reconcile, Operation::Promote})
    if (s == to_string(op)) return op;
  return std::nullopt;
}

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::InProgress: return "in-progress";
    case Outcome::Succeeded: return "succeeded";
    case Outcome::Failed: return "failed";
    case Outcome::Interrupted: return "interrupted";
    case Outcome::Abandoned: return "abandoned";
  }
  return "failed";
}

std::optional<Outcome> parse_outcome(std::string_view s) {
  for (auto o : {Outcome::InProgress, Outcome::Succeeded, Outcome::Failed, Outcome::Interrupted, Outcome::Abandoned})
    if (s == to_string(o)) return o;
  return std::nullopt;
}

util::Result<Record> header_from_json(const k8s::Json& j) {
  if (k8s::string_at(j, "/kind") != "Record") return util::fail(util::ErrorKind::Cluster, "not a vsctl record");
  Record r;
  r.revision = static_cast<int>(k8s::int_at(j, "/revision").value_or(0));
  const std::string op = k8s::string_at(j, "/operation"), outcome = k8s::string_at(j, "/outcome");
  auto parsed_op = parse_operation(op.empty() ? "apply" : op);
  if (!parsed_op) return util::fail(util::ErrorKind::Cluster, "a record with an unknown operation " + util::quote(op));
  r.operation = *parsed_op;
  r.architecture = k8s::string_at(j, "/architecture");
  r.ns = k8s::string_at(j, "/namespace");
  r.environment = k8s::string_at(j, "/environment");
  r.commit = k8s::string_at(j, "/commit");
  r.tree_digest = k8s::string_at(j, "/treeDigest");
  r.dirty = j.value("dirty", false);
  r.who = k8s::string_at(j, "/who");
  r.started = k8s::string_at(j, "/started");
  r.finished = k8s::string_at(j, "/finished");
  auto parsed_outcome = parse_outcome(outcome);
  if (!parsed_outcome) return util::fail(util::ErrorKind::Cluster, "a record with an unknown outcome " + util::quote(outcome));
  r.outcome = *parsed_outcome;
  r.message = k8s::string_at(j, "/message");
  r.plan_digest = k8s::string_at(j, "/planDigest");
  r.takeover = k8s::string_at(j, "/takeover");
  r.restored = static_cast<int>(k8s::int_at(j, "/restoredRevision").value_or(0));
  r.parts = static_cast<int>(k8s::int_at(j, "/parts").value_or(0));
  if (const auto* c = k8s::find(j, "/changed"); c && c->is_array())
    for (const auto& e : *c)
    {
      r.changed.push_back({k8s::string_at(e, "/name"), k8s::string_at(e, "/change"), k8s::string_at(e, "/fromVersion"),
                           k8s::string_at(e, "/toVersion"), k8s::string_at(e, "/digest"), k8s::string_at(e, "/outcome"),
                           k8s::string_at(e, "/reason")});
      r.changed.back().message = k8s::string_at(e, "/message");
      if (const auto* ro = k8s::find(e, "/rollout"); ro && ro->is_object()) r.changed.back().rollout = *ro;
      if (const auto* w = k8s::find(e, "/written"); w && w->is_array())
        for (const auto& x : *w)
          if (x.is_string()) r.changed.back().written.push_back(x.get<std::string>());
    }
  if (const auto* s = k8s::find(j, "/services"); s && s->is_object())
    for (const auto& [name, v] : s->items()) r.services[name] = v;
  if (const auto* s = k8s::find(j, "/leftAlone"); s && s->is_object())
    for (const auto& [name, v] : s->items()) r.left_alone[name] = v;
  if (const auto* p = k8s::find(j, "/promotedFrom"); p && p->is_object()) {
    PromotedFrom from{k8s::string_at(*p, "/stage"), k8s::string_at(*p, "/toStage"), {}};
    if (const auto* s = k8s::find(*p, "/sources"); s && s->is_array())
      for (const auto& e : *s)
        from.sources.push_back({k8s::string_at(e, "/environment"), static_cast<int>(k8s::int_at(e, "/revision").value_or(0))});
    r.promoted_from = std::move(from);
  }
  return r;
}

k8s::Json encode_header(const Record& r) {
  return secret(r, header_name(r.architecture, r.revision), "header", k8s::dump(header_json(r)));
}

std::vector<k8s::Json> encode(const Record& rec) {
  // objects split into parts of at most kPartBytes of JSON each (before compression: a bound
  // that holds whatever the compression ratio)
  std::vector<std::string> parts;
  std::string cur = "[";
  for (const auto& o : rec.objects) {
    std::string s = k8s::dump(o);
    if (cur.size() > 1 && cur.size() + s.size() + 2 > kPartBytes) {
      parts.push_back(cur + "]");
      cur = "[";
    }
    if (cur.size() > 1) cur += ",";
    cur += s;
  }
  if (cur.size() > 1 || parts.empty()) parts.push_back(cur + "]");
  Record r = rec;
  r.parts = static_cast<int>(parts.size());
  std::vector<k8s::Json> out{encode_header(r)};
  for (std::size_t i = 0; i < parts.size(); ++i)
    out.push_back(secret(r, part_name(r.architecture, r.revision, static_cast<int>(i + 1)), std::to_string(i + 1), parts[i]));
  return out;
}

util::Result<Record> decode_header(const k8s::Json& s) {
  VSCTL_TRY(text, payload(s));
  VSCTL_TRY(j, k8s::parse_json(k8s::string_at(s, "/metadata/name"), text));
  return header_from_json(j);
}

util::Result<std::vector<k8s::Json>> decode_objects(const std::vector<k8s::Json>& parts) {
  std::vector<std::pair<int, const k8s::Json*>> sorted;
  for (const auto& p : parts) sorted.emplace_back(std::atoi(k8s::string_at(p, "/metadata/labels/vsctl.dev~1part").c_str()), &p);
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<k8s::Json> out;
  for (const auto& [i, p] : sorted) {
    VSCTL_TRY(text, payload(*p));
    VSCTL_TRY(arr, k8s::parse_json(k8s::string_at(*p, "/metadata/name"), text));
    if (!arr.is_array()) return util::fail(util::ErrorKind::Cluster, "record part " + k8s::string_at(*p, "/metadata/name") + " is not a list");
    for (auto& o : arr) out.push_back(std::move(o));
  }
  return out;
}

}  // namespace vsctl::apply
