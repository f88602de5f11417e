#include "diff/report.h"

#include <algorithm>
#include <map>
#include <set>

#include "util/paint.h"
#include "diff/unified.h"
#include "yaml/emit.h"

namespace vsctl::diff {

std::string service_label(const std::string& s) { return s.empty() ? "(namespace)" : s; }

namespace {

std::string yaml_of(const k8s::Json& j) { return j.is_null() ? "" : yaml::emit(j); }

void managers_of(const ObjectDiff& d, std::set<std::string>& into) {
  for (const auto& f : d.drift) into.insert(f.manager);
}

std::string join_set(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : ", ") + x;
  return out;
}

bool version_changes(const ServiceSummary& s) {
  return !s.from_version.empty() && !s.to_version.empty() && s.from_version != s.to_version;
}

}  // namespace

std::string change_label(const ServiceSummary& s) {
  return std::string(to_string(s.change)) + (s.drift_only ? " (drift)" : "");
}

std::string service_heading(const ServiceSummary& s) {
  std::string head = change_label(s);
  if ((s.change == Change::Update || s.change == Change::Rollback) && version_changes(s))
    head += " " + s.from_version + " -> " + s.to_version;
  if (s.change == Change::Scale) head += " " + s.from_instances + " -> " + s.to_instances;
  return head;
}

std::string service_detail(const ServiceSummary& s, std::span<const ObjectDiff> objects) {
  std::string out;
  auto instances = [&] {
    return s.from_instances != s.to_instances && !s.from_instances.empty() && !s.to_instances.empty()
               ? "instances " + s.from_instances + " -> " + s.to_instances
               : std::string();
  };
  switch (s.change) {
    case Change::Provision:
      out = s.to_version.empty() ? "" : "version " + s.to_version;
      if (!s.to_instances.empty()) out += std::string(out.empty() ? "" : ", ") + "instances " + s.to_instances;
      break;
    case Change::Destroy:
      out = s.from_version.empty() ? "" : "version " + s.from_version;
      break;
    case Change::Update:
    case Change::Rollback: {
      if (version_changes(s)) {
        out = s.from_version + " -> " + s.to_version;
        std::string i = instances();
        if (!i.empty()) out += ", " + i;
      } else if (!s.drift_only) {
        out = std::to_string(s.changed) + (s.changed == 1 ? " object changes" : " objects change");
      }
      break;
    }
    case Change::Scale:
      out = instances();
      break;
    case Change::None:
      break;
  }
  if (s.change != Change::Provision && s.change != Change::Destroy) {
    out += std::string(out.empty() ? "" : ", ") + std::to_string(s.changed) + "/" + std::to_string(s.objects) +
           (s.objects == 1 ? " object" : " objects");
  } else {
    out += std::string(out.empty() ? "" : ", ") + std::to_string(s.objects) + (s.objects == 1 ? " object" : " objects");
  }
  if (s.drift) {
    std::set<std::string> managers;
    for (const auto& d : objects)
      if (d.service == s.service) managers_of(d, managers);
    out += "; takes back changes made by " + join_set(managers);
  }
  if (s.unmanaged > 0)
    out += "; " + std::to_string(s.unmanaged) + (s.unmanaged == 1 ? " exists" : " exist") +
           " without vsctl's labels (never adopted)";
  return out;
}

std::string summary_text(std::span<const ServiceSummary> services, std::span<const ObjectDiff> objects, bool color) {
  std::vector<const ServiceSummary*> rows;
  for (const auto& s : services)
    if (s.change != Change::None) rows.push_back(&s);
  std::string out;
  if (rows.empty()) {
    std::size_t n = 0;
    for (const auto& s : services) n += s.service.empty() ? 0 : 1;
    return "No differences: " + std::to_string(n) + (n == 1 ? " service matches" : " services match") +
           " the cluster.\n";
  }
  std::size_t w = 7;
  std::size_t cw = 7;
  for (const auto* s : rows) {
    w = std::max(w, service_label(s->service).size());
    cw = std::max(cw, change_label(*s).size());
  }
  auto pad = [](std::string s, std::size_t n) {
    if (s.size() < n) s += std::string(n - s.size(), ' ');
    return s;
  };
  out += util::paint(pad("SERVICE", w) + "  " + pad("CHANGE", cw) + "  DETAIL", util::Color::Bold, color) + "\n";
  std::map<Change, std::size_t> counts;
  for (const auto* s : rows) {
    if (!s->service.empty()) ++counts[s->change];
    util::Color c = s->change == Change::Provision ? util::Color::Green
              : s->change == Change::Destroy ? util::Color::Red
              : s->drift_only                ? util::Color::Yellow
                                             : util::Color::Cyan;
    out += pad(service_label(s->service), w) + "  " + util::paint(pad(change_label(*s), cw), c, color) +
           "  " + service_detail(*s, objects) + "\n";
  }
  std::size_t total = 0;
  for (const auto& s : services) total += s.service.empty() ? 0 : 1;
  std::size_t differ = 0;
  for (const auto* s : rows) differ += s->service.empty() ? 0 : 1;
  out += "\n" + std::to_string(differ) + " of " + std::to_string(total) + (total == 1 ? " service differs" : " services differ");
  std::string parts;
  for (const auto& [c, n] : counts) {
    std::string name = to_string(c);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    parts += (parts.empty() ? "" : ", ") + std::to_string(n) + " " + name;
  }
  out += parts.empty() ? ".\n" : " (" + parts + ").\n";
  return out;
}

std::string sections_text(std::span<const ServiceSummary> services, std::span<const ObjectDiff> objects, bool color,
                            const std::string& from_label, const std::string& to_label) {
  std::map<std::string, const ServiceSummary*> by_name;
  for (const auto& s : services) by_name[s.service] = &s;
  std::string out;
  std::string current = "\x01";
  for (const auto& d : objects) {
    if (!d.differs() && d.error.empty()) continue;
    if (d.service != current) {
      current = d.service;
      const ServiceSummary* s = by_name.count(d.service) ? by_name[d.service] : nullptr;
      std::string head = "=== " + service_label(d.service);
      if (s) head += ": " + service_heading(*s);
      out += "\n" + util::paint(head, util::Color::Bold, color) + "\n";
    }
    if (!d.error.empty()) {
      out += util::paint("! " + k8s::to_string(d.key) + ": the dry-run failed: " + d.error, util::Color::Red, color) + "\n";
      continue;
    }
    if (d.action == Action::Unmanaged) {
      out += util::paint("! " + k8s::to_string(d.key) + " exists, not managed by vsctl" +
                               (d.owner.empty() ? "" : " (managed by " + d.owner + ")") +
                               ": apply will not adopt it",
                           util::Color::Yellow, color) +
             "\n";
      continue;
    }
    out += object_diff_text(d, color, from_label, to_label);
  }
  return out;
}

namespace {

k8s::Json service_json(const ServiceSummary& s) {
  return {{"name", s.service},
          {"change", to_string(s.change)},
          {"fromVersion", s.from_version},
          {"toVersion", s.to_version},
          {"fromInstances", s.from_instances},
          {"toInstances", s.to_instances},
          {"drift", s.drift},
          {"objects", s.objects},
          {"changed", s.changed},
          {"unmanaged", s.unmanaged}};
}

k8s::Json object_json(const ObjectDiff& d, const std::string& from_label, const std::string& to_label) {
  k8s::Json drift = k8s::Json::array();
  for (const auto& f : d.drift)
    drift.push_back({{"manager", f.manager}, {"path", f.path}, {"pointer", f.pointer}, {"removed", f.removed}});
  k8s::Json o = {{"service", d.service},
                 {"apiVersion", d.key.api_version()},
                 {"kind", d.key.kind},
                 {"namespace", d.key.namespace_},
                 {"name", d.key.name},
                 {"action", to_string(d.action)},
                 {"dryRun", d.dry_run},
                 {"changed", d.changed},
                 {"drift", drift},
                 {"diff", object_diff_text(d, false, from_label, to_label)}};
  if (d.action == Action::Unmanaged) o["managedBy"] = d.owner;
  if (!d.error.empty()) o["error"] = d.error;
  return o;
}

}  // namespace

k8s::Json view_json(std::span<const ServiceSummary> services, std::span<const ObjectDiff> objects,
                    const std::string& from_label, const std::string& to_label) {
  k8s::Json out = {{"services", k8s::Json::array()}, {"objects", k8s::Json::array()}};
  for (const auto& s : services) out["services"].push_back(service_json(s));
  for (const auto& d : objects)
    if (d.differs() || !d.error.empty()) out["objects"].push_back(object_json(d, from_label, to_label));
  return out;
}

bool Report::differs() const {
  return std::any_of(objects.begin(), objects.end(), [](const ObjectDiff& d) { return d.differs(); });
}

std::string object_diff_text(const ObjectDiff& d, bool color, const std::string& from_label, const std::string& to_label,
                             std::size_t context) {
  auto hunks = unified(yaml_of(d.before), yaml_of(d.after), context);
  if (hunks.empty()) return "";
  std::string name = k8s::to_string(d.key);
  std::string out;
  out += util::paint("--- " + name + " (" + (d.before.is_null() ? "absent" : from_label) + ")", util::Color::Bold, color) + "\n";
  out += util::paint("+++ " + name + " (" + (d.after.is_null() ? "removed" : to_label) + ")", util::Color::Bold, color) + "\n";
  for (const auto& f : d.drift) {
    out += util::paint("# drift: " + f.path + " was changed by " + f.manager +
                             (f.removed ? "; the manifest does not declare it: apply removes it"
                                        : "; apply sets it back"),
                         util::Color::Yellow, color) +
           "\n";
  }
  for (const auto& h : hunks) {
    out += util::paint(h.header(), util::Color::Cyan, color) + "\n";
    for (const auto& l : h.lines) {
      std::string line = std::string(1, l.op) + l.text;
      out += (l.op == '-' ? util::paint(line, util::Color::Red, color)
              : l.op == '+' ? util::paint(line, util::Color::Green, color)
                            : line) +
             "\n";
    }
  }
  return out;
}

std::string report_text(const Report& r, bool color) {
  std::string out;
  std::string what = r.revision.empty() ? "the working tree" : r.revision;
  out += "Architecture " + r.architecture + (r.environment.empty() ? "" : " (environment " + r.environment + ")") +
         ", namespace " + r.namespace_ + (r.context.empty() ? "" : ", context " + r.context) + ": " + what +
         " against the cluster\n\n";
  if (!r.base) {
    out += summary_text(r.services, r.objects, color);
    out += sections_text(r.services, r.objects, color, "live", "after apply");
    return out;
  }
  out += util::paint("Changes from " + *r.base + " to " + what + ":", util::Color::Bold, color) + "\n";
  out += summary_text(r.change.services, r.change.objects, color);
  out += sections_text(r.change.services, r.change.objects, color, *r.base + " applied", "after apply");
  out += "\n" + util::paint("Drift already in the cluster (against " + *r.base + "):", util::Color::Bold, color) + "\n";
  auto drift = summary_text(r.drift.services, r.drift.objects, color);
  if (drift.rfind("No differences", 0) == 0) drift = "None: the cluster is as " + *r.base + " would leave it.\n";
  out += drift;
  out += sections_text(r.drift.services, r.drift.objects, color, "live", *r.base + " applied");
  return out;
}

k8s::Json report_json(const Report& r) {
  k8s::Json out = {{"apiVersion", "vsctl.dev/v1"},
                   {"kind", "Diff"},
                   {"architecture", r.architecture},
                   {"environment", r.environment},
                   {"namespace", r.namespace_},
                   {"context", r.context},
                   {"revision", r.revision},
                   {"differences", r.differs()}};
  auto all = view_json(r.services, r.objects);
  out["services"] = std::move(all["services"]);
  out["objects"] = std::move(all["objects"]);
  if (r.base) {
    out["base"] = *r.base;
    out["change"] = view_json(r.change.services, r.change.objects);
    out["drift"] = view_json(r.drift.services, r.drift.objects);
  } else {
    out["base"] = nullptr;
  }
  return out;
}

}  // namespace vsctl::diff
