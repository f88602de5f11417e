#include "cli/status_text.h"

#include "cli/output.h"
#include "cli/table.h"
#include "status/history.h"
#include "util/printable.h"
#include "util/strings.h"

namespace vsctl::cli {

namespace {

using status::Presence;
using status::Row;

Color state_color(const Row& r) {
  if (r.state == health::State::Failed) return Color::Red;
  if (r.state == health::State::Run) return r.drift.empty() ? Color::Green : Color::Yellow;
  return Color::Yellow;
}

std::string state_cell(const Row& r) {
  std::string s = health::to_string(r.state);
  if (!r.reason.empty()) s += " " + r.reason;
  return s;
}

std::string note(const Row& r) {
  std::vector<std::string> parts;
  if (r.presence == Presence::Unrecorded) parts.push_back("not in the record");
  // messages the cluster wrote (a container's termination message) may hold terminal escapes
  if (r.state != health::State::Run && !r.message.empty() && r.presence != Presence::Missing) parts.push_back(util::printable(r.message));
  if (!r.drift.empty()) parts.push_back("drift: " + util::join(r.drift, ", "));
  return util::join(parts, "; ");
}

// "succeeded"; "failed (api: CrashLoopBackOff)"; a message that starts with the outcome alone.
std::string outcome_text(const apply::Record& r, Color c, bool color) {
  const std::string outcome = apply::to_string(r.outcome);
  std::string painted = Output::paint(outcome, c, color);
  if (r.outcome == apply::Outcome::Succeeded || r.message.empty()) return painted;
  if (r.message.rfind(outcome + ":", 0) == 0) return painted + r.message.substr(outcome.size());
  return painted + " (" + r.message + ")";
}

std::string header(const status::Registry& reg, status::TimePoint now, bool color) {
  const auto& h = reg.header;
  std::string out = "architecture " + Output::paint(h.architecture, Color::Bold, color) + " in namespace " + h.ns + "\n";
  if (!h.record) {
    out += "applied      nothing recorded: vsctl has not applied this architecture here\n";
  } else {
    const auto& r = *h.record;
    std::string vs = "revision " + std::to_string(r.revision) + " (" + std::string(apply::to_string(r.operation)) + ")";
    if (!r.commit.empty()) vs += ", commit " + status::short_commit(r);
    else if (!r.tree_digest.empty()) vs += ", uncommitted tree " + r.tree_digest.substr(0, 12);
    if (!r.environment.empty()) vs += ", environment " + r.environment;
    out += "applied      " + vs + "\n";
    const std::string& when = r.finished.empty() ? r.started : r.finished;
    std::string ago = status::ago(when, now);
    Color oc = r.outcome == apply::Outcome::Succeeded ? Color::Green : r.outcome == apply::Outcome::InProgress ? Color::Yellow : Color::Red;
    out += "             " + status::format_when(when) + " UTC" + (ago.empty() ? "" : " (" + ago + ")") + " by " + r.who + ": " +
           outcome_text(r, oc, color) + "\n";
    // each step that failed, with the first line of its cause (a hook's log lines follow it in -o json)
    for (const auto& c : r.changed)
      if (c.outcome == "failed" && !c.message.empty())
        out += "             " + c.name + ": " + util::printable(c.message.substr(0, c.message.find('\n'))) +
               (c.message.find('\n') == std::string::npos ? "" : " (-o json has them)") + "\n";
  }
  std::string svc = std::to_string(h.services) + " service(s)";
  std::string drift = std::to_string(h.drifted) + " drift from the record";
  if (h.drifted) drift = Output::paint(drift, Color::Yellow, color);
  svc += ", " + drift;
  if (h.missing) svc += ", " + std::to_string(h.missing) + " missing";
  if (h.unrecorded) svc += ", " + std::to_string(h.unrecorded) + " not in the record";
  if (h.failed) svc += ", " + Output::paint(std::to_string(h.failed) + " failed", Color::Red, color);
  if (h.vetoed) svc += ", " + Output::paint(std::to_string(h.vetoed) + " on a vetoed version", Color::Red, color);
  out += "services     " + svc + "\n";
  return out;
}

}  // namespace

std::string format_status(const status::Registry& reg, status::TimePoint now, bool color) {
  std::string out = header(reg, now, color);
  if (reg.rows.empty()) return out;
  Table t({"SERVICE", "DESIRED", "LIVE", "READY", "MIN..MAX", "STATE", "IMPORTANCE", "RECOVERY", "VETO", "NOTES"});
  for (const auto& r : reg.rows) {
    std::string veto = r.vetoed.empty() ? "" : "vetoed " + util::join(r.vetoed, ",");
    t.add({r.name, r.desired_version.empty() ? "-" : r.desired_version, status::format_versions(r),
           r.presence == Presence::Missing ? "-" : std::to_string(r.ready) + "/" + std::to_string(r.desired),
           r.min || r.max ? std::to_string(r.min) + ".." + std::to_string(r.max) : "-", state_cell(r),
           r.importance.empty() ? "-" : r.importance, r.recovery.empty() ? "-" : r.recovery, veto.empty() ? "-" : veto, note(r)});
  }
  std::string table = t.str();
  if (color) {  // paint the state cells: the cells before them are ASCII, so the header's offset holds
    std::size_t col = table.find("STATE");
    std::size_t pos = table.find('\n') + 1;
    for (const auto& r : reg.rows) {
      std::size_t end = table.find('\n', pos);
      std::string cell = state_cell(r);
      if (pos + col + cell.size() <= end && table.compare(pos + col, cell.size(), cell) == 0) {
        std::string painted = Output::paint(cell, state_color(r), true);
        table.replace(pos + col, cell.size(), painted);
        end += painted.size() - cell.size();
      }
      pos = end + 1;
    }
  }
  out += "\n" + table;
  if (!reg.vetoes.empty()) {
    out += "\nvetoes:\n";
    Table v;
    for (const auto& x : reg.vetoes)
      v.add({x.service + "@" + x.version, x.by.empty() ? "-" : "by " + x.by, x.at.empty() ? "" : status::format_when(x.at),
             x.reason});
    out += v.str("  ");
  }
  return out;
}

}  // namespace vsctl::cli
