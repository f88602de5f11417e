#include "apply/plan_text.h"

#include "apply/rollout.h"

#include "util/paint.h"
#include "util/strings.h"

namespace vsctl::apply {

namespace {

util::Color color_of(Change c) {
  switch (c) {
    case Change::Provision: return util::Color::Green;
    case Change::Update: return util::Color::Yellow;
    case Change::Rollback: return util::Color::Magenta;
    case Change::Scale: return util::Color::Cyan;
    case Change::Destroy: return util::Color::Red;
    case Change::None: return util::Color::None;
  }
  return util::Color::None;
}

}  // namespace

std::string instances_text(int n) { return n < 0 ? std::string("auto") : std::to_string(n); }

std::string format_plan(const Plan& p, bool color) {
  std::string out = "Plan for architecture " + p.architecture + " in namespace " + p.ns +
                    (p.env.empty() ? std::string() : " (environment " + p.env + ")") + "\n";
  if (p.empty()) out += "\n  nothing to do: every service is converged\n";
  for (const auto& w : p.waves) {
    out += "\nwave " + std::to_string(w.index + 1) + "\n";
    for (const auto& s : w.steps) {
      std::string name = s.service.empty() ? "(architecture)" : s.service;
      std::string what;
      switch (s.change) {
        case Change::Provision: what = s.service.empty() ? "" : s.to_version; break;
        case Change::Destroy: what = s.from_version; break;
        case Change::Scale: what = instances_text(s.from_instances) + " -> " + instances_text(s.to_instances) + " instances"; break;
        default: what = s.from_version == s.to_version ? s.to_version : s.from_version + " -> " + s.to_version;
      }
      char line[256];
      std::snprintf(line, sizeof line, "  %-10s %-24s %s", health::to_string(s.change), name.c_str(), what.c_str());
      std::string l = line;
      out += util::paint(l.substr(0, 13), color_of(s.change), color) + l.substr(13) + "\n";
      if (!s.reason.empty()) out += "             why: " + s.reason + "\n";
      for (const auto& a : s.actions)
        if (a.kind == ActionKind::Hook) out += "             hook " + a.phase + ": job " + a.key.name + "\n";
        else if (a.kind == ActionKind::Replace) out += "             replace " + k8s::to_string(a.key) + " (pods kept)\n";
        else if (a.kind == ActionKind::Rollout && s.rollout)
          out += "             " + a.phase + ": " + rollout::describe_steps(*s.rollout) + "\n";
      for (const auto& n : s.rollout_notes) out += "             " + n + "\n";
      if (s.fit && !s.fit->fits) {
        out += "             " + util::paint(p.capacity.allowed ? "does not fit (allowed): " : "does not fit: ", p.capacity.allowed ? util::Color::Yellow : util::Color::Red, color) +
               util::join(s.fit->problems, "; ") + "\n";
      }
    }
  }
  if (!p.left_alone.empty()) {
    out += "\nremoved from the manifest, left alone (use --prune to destroy them):\n";
    for (const auto& s : p.left_alone) out += "  " + s + "\n";
  }
  if (!p.doors.empty()) {
    out += "\none-way doors:\n";
    for (const auto& d : p.doors)
      out += "  " + util::paint(d.allowed ? "allowed " : "REFUSED ", d.allowed ? util::Color::Yellow : util::Color::Red, color) + to_string(d.kind) + " " +
             d.service + ": " + d.object + ": " + d.detail + "\n";
  }
  if (!p.capacity.skipped.empty()) out += "\nnote: " + p.capacity.skipped + "\n";
  for (const auto& r : p.refusals()) out += util::paint("refused: ", util::Color::Red, color) + r + "\n";
  out += "\n" + std::to_string(p.step_count()) + " step(s), " + std::to_string(p.unchanged.size()) +
         " service(s) unchanged; plan digest " + p.digest + "\n";
  return out;
}

}  // namespace vsctl::apply
