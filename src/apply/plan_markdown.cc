#include "apply/plan_markdown.h"

#include "apply/plan_text.h"
#include "util/strings.h"

namespace vsctl::apply {

namespace {

std::string name_of(const Step& s) {
  return s.service.empty() ? "(architecture)" : s.service;
}

// What changes at a glance, as the text plan says it.
std::string what_of(const Step& s) {
  switch (s.change) {
    case Change::Provision:
      return s.service.empty() ? "" : s.to_version;
    case Change::Destroy:
      return s.from_version;
    case Change::Scale:
      return instances_text(s.from_instances) + " -> " + instances_text(s.to_instances) + " instances";
    default:
      return s.from_version == s.to_version ? s.to_version : s.from_version + " -> " + s.to_version;
  }
}

std::string action_text(const Action& a) {
  switch (a.kind) {
    case ActionKind::Hook:
      return "hook " + a.phase + ": job " + a.key.name;
    case ActionKind::Wait:
      return "wait until it runs";
    case ActionKind::Replace:
      return "replace " + k8s::to_string(a.key) + " (pods kept)";
    case ActionKind::Delete:
      return "delete " + k8s::to_string(a.key);
    case ActionKind::Apply:
      return "apply " + k8s::to_string(a.key);
    case ActionKind::Rollout:
      return a.phase + " rollout on " + k8s::to_string(a.key);
  }
  return "";
}

std::string step_body(const Plan& p, const Step& s) {
  std::string out;
  if (!s.reason.empty()) out += "**Why:** " + markdown::text(s.reason) + "\n\n";
  if (!s.after.empty()) {
    std::vector<std::string> after;
    for (const auto& a : s.after) after.push_back(a.empty() ? "(architecture)" : a);
    out += "**After:** " + markdown::text(util::join(after, ", ")) + "\n\n";
  }
  if (s.fit && !s.fit->fits)
    out += std::string(p.capacity.allowed ? "**Does not fit (allowed):** " : "**Does not fit:** ") +
           markdown::text(util::join(s.fit->problems, "; ")) + "\n\n";
  for (const auto& a : s.actions) out += "- " + markdown::text(action_text(a)) + "\n";
  return out;
}

}  // namespace

std::string plan_markdown(const Plan& p, const markdown::Cap& cap) {
  markdown::Document doc;
  doc.top = "### vsctl plan: " + markdown::text(p.architecture) +
            (p.env.empty() ? "" : " (environment " + markdown::text(p.env) + ")") + "\n\nNamespace " +
            markdown::text(p.ns) + ", plan digest " + markdown::code(p.digest) + ".\n\n";
  auto refusals = p.refusals();
  for (const auto& r : refusals) doc.top += "> **Refused:** " + markdown::text(r) + "\n>\n";
  for (const auto& d : p.doors)
    if (d.allowed)
      doc.top += "> **One-way door (allowed):** " +
                 markdown::text(std::string(to_string(d.kind)) + " in service " + d.service + ": " +
                                d.object + ": " + d.detail) +
                 "\n>\n";
  if (!refusals.empty() || !p.doors.empty())
    doc.top.replace(doc.top.size() - 2, 2, "\n");  // the last ">" line
  if (!p.capacity.skipped.empty())
    doc.top += "Capacity not checked: " + markdown::text(p.capacity.skipped) + "\n\n";
  if (p.empty()) {
    doc.top += "Nothing to do: every service is converged.\n";
    return markdown::render(doc, cap);
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& w : p.waves)
    for (const auto& s : w.steps)
      rows.push_back({std::to_string(w.index + 1), name_of(s), health::to_string(s.change), what_of(s)});
  doc.top += markdown::table({"Wave", "Service", "Change", "What"}, rows) + "\n" +
             std::to_string(p.step_count()) + (p.step_count() == 1 ? " step, " : " steps, ") +
             std::to_string(p.unchanged.size()) +
             (p.unchanged.size() == 1 ? " service unchanged.\n\n" : " services unchanged.\n\n");
  if (!p.left_alone.empty())
    doc.top += "Removed from the manifest, left alone (`--prune` destroys them): " +
               markdown::text(util::join(p.left_alone, ", ")) + "\n\n";
  for (const auto& w : p.waves)
    for (const auto& s : w.steps)
      doc.sections.push_back(markdown::details(
          "wave " + std::to_string(w.index + 1) + ": <b>" + markdown::html(name_of(s)) +
              "</b>: " + markdown::html(std::string(health::to_string(s.change)) + " " + what_of(s)),
          step_body(p, s)));
  return markdown::render(doc, cap);
}

}  // namespace vsctl::apply
