#include "fleet/gates.h"

#include <algorithm>

#include "apply/events.h"
#include "health/state.h"
#include "util/strings.h"

namespace vsctl::fleet {

namespace {

std::string short_sha(const std::string& c) { return c.substr(0, 7); }

// Why a record cannot stand for a converged VersionSet, or "".
std::string not_converged(const apply::Record& r) {
  if (r.outcome != apply::Outcome::Succeeded)
    return "its newest run (revision " + std::to_string(r.revision) + ", " + apply::to_string(r.operation) + ") " +
           (r.outcome == apply::Outcome::InProgress ? "is still running" : std::string("ended ") + apply::to_string(r.outcome));
  if (r.operation == apply::Operation::Destroy) return "its newest run (revision " + std::to_string(r.revision) + ") destroyed it";
  if (r.commit.empty() || r.dirty)
    return "its newest run (revision " + std::to_string(r.revision) + ") converged " +
           (r.dirty ? "a working tree with uncommitted changes" : "services that are no one commit") + ", which cannot be promoted";
  return "";
}

}  // namespace

util::Result<Converged> converged(const manifest::PromotionStage& stage, const std::vector<const EnvFacts*>& envs) {
  Converged c;
  std::string first_env;
  for (const EnvFacts* e : envs) {
    const std::string& env = e->place.environment;
    if (!e->reachable)
      return util::fail(util::ErrorKind::Refused, "stage " + stage.name + ": environment " + env + " cannot be read (" + e->error + ")");
    const apply::Record* r = e->newest();
    if (!r)
      return util::fail(util::ErrorKind::Refused, "stage " + stage.name + ": environment " + env +
                                                      " has no record: nothing was applied there yet (vsctl apply --env " + env + ")");
    if (auto why = not_converged(*r); !why.empty())
      return util::fail(util::ErrorKind::Refused, "stage " + stage.name + ": environment " + env + ": " + why);
    if (c.commit.empty()) {
      c.commit = r->commit;
      first_env = env;
    } else if (r->commit != c.commit) {
      return util::fail(util::ErrorKind::Refused, "stage " + stage.name + " runs two VersionSets: " + first_env + " " +
                                                      short_sha(c.commit) + ", " + env + " " + short_sha(r->commit) +
                                                      ": converge them to one first");
    }
    c.sources.push_back({env, r->revision});
    // the run of successes of this commit at the head of the records: since the oldest of them
    status::TimePoint since = status::parse_time(r->finished).value_or(status::TimePoint{});
    for (const auto& older : e->records) {
      if (older.commit != c.commit || !not_converged(older).empty()) break;
      if (auto t = status::parse_time(older.finished)) since = *t;
    }
    c.since = std::max(c.since, since);
  }
  if (c.commit.empty())
    return util::fail(util::ErrorKind::Refused, "stage " + stage.name + " has no environment to promote from");
  return c;
}

std::vector<Gate> check_gates(const GateInput& in) {
  std::vector<Gate> out;
  const std::string from = in.from ? in.from->name : "?";
  // soak
  {
    Gate g{"soak", true, "", ""};
    long long soak = in.to ? in.to->soak_ms : 0;
    auto ran = std::chrono::duration_cast<std::chrono::milliseconds>(in.now - in.source.since);
    if (soak == 0) {
      g.detail = "stage " + (in.to ? in.to->name : std::string("?")) + " asks for no soak";
    } else if (ran.count() >= soak) {
      g.detail = from + " has run " + short_sha(in.source.commit) + " for " + status::format_span(ran) + " (needs " +
                 status::format_span(std::chrono::milliseconds(soak)) + ")";
    } else {
      g.passed = false;
      auto at = in.source.since + std::chrono::milliseconds(soak);
      g.detail = from + " has run " + short_sha(in.source.commit) + " for " + status::format_span(ran) + ", needs " +
                 status::format_span(std::chrono::milliseconds(soak));
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(at - in.now);
      g.passes = "at " + status::format_when(apply::format_time(at)) + " UTC (in " + status::format_span(left) + ")";
    }
    out.push_back(std::move(g));
  }
  // running: every service of the stage before in Run now
  {
    Gate g{"running", true, "", ""};
    std::vector<std::string> not_running;
    std::size_t services = 0;
    for (const EnvFacts* e : in.source_envs) {
      if (!e->registry) {
        not_running.push_back(e->place.environment + ": cannot be read");
        continue;
      }
      for (const auto& row : e->registry->rows) {
        ++services;
        if (row.state == health::State::Run && row.presence == status::Presence::Live) continue;
        std::string what = e->place.environment + "/" + row.name + " " + health::to_string(row.state);
        if (row.presence != status::Presence::Live) what += " (" + std::string(status::to_string(row.presence)) + ")";
        if (!row.reason.empty()) what += ": " + row.reason;
        not_running.push_back(what);
      }
    }
    if (not_running.empty()) {
      g.detail = "every service of " + from + " is in Run (" + std::to_string(services) + ")";
    } else {
      g.passed = false;
      std::vector<std::string> shown(not_running.begin(), not_running.begin() + std::min<std::size_t>(not_running.size(), 5));
      g.detail = std::to_string(not_running.size()) + " service(s) of " + from + " not in Run: " + util::join(shown, ", ") +
                 (not_running.size() > shown.size() ? ", ..." : "");
      g.passes = "when every service of " + from + " is in Run again (vsctl status --env ENV says why it is not)";
    }
    out.push_back(std::move(g));
  }
  // vetoes: no version of the VersionSet vetoed in any environment of the fleet
  {
    Gate g{"vetoes", true, "", ""};
    std::vector<std::string> hits, unread;
    for (const EnvFacts* e : in.fleet) {
      if (!e->reachable) {
        unread.push_back(e->place.environment);
        continue;
      }
      for (const auto& v : e->vetoes)
        for (const auto& [env, versions] : in.versions) {
          auto it = versions.find(v.service);
          if (it == versions.end() || it->second != v.version) continue;
          std::string hit = v.service + "@" + v.version + " is vetoed in " + e->place.environment +
                            (v.reason.empty() ? "" : " (" + v.reason + ")") + " by " + v.by + " at " + v.at;
          if (std::find(hits.begin(), hits.end(), hit) == hits.end()) hits.push_back(hit);
        }
    }
    if (!hits.empty()) {
      g.passed = false;
      g.detail = util::join(hits, "; ");
      g.passes = "when the veto is lifted (vsctl unveto SERVICE@VERSION) or a VersionSet without that version is promoted";
    } else if (!unread.empty()) {
      g.passed = false;
      g.detail = "the vetoes of " + util::join(unread, ", ") + " cannot be read (unreachable)";
      g.passes = "when every environment of the pipeline answers (vsctl status --fleet)";
    } else {
      g.detail = "no version of " + short_sha(in.source.commit) + " is vetoed in any of " + std::to_string(in.fleet.size()) +
                 " environment(s)";
    }
    out.push_back(std::move(g));
  }
  // history: the commit is on the branch
  {
    Gate g{"history", in.in_history, "", ""};
    if (in.in_history)
      g.detail = short_sha(in.source.commit) + " is in the history of " + in.branch + " (" + short_sha(in.tip) + ")";
    else
      g.detail = short_sha(in.source.commit) + " is not in the history of " + in.branch + " (" + short_sha(in.tip) +
                 "): it was applied from another branch, or the branch was rewritten";
    out.push_back(std::move(g));
  }
  return out;
}

bool all_passed(const std::vector<Gate>& gates) {
  return std::all_of(gates.begin(), gates.end(), [](const Gate& g) { return g.passed; });
}

std::string describe(const Gate& g) {
  return g.name + ": " + g.detail + (g.passed || g.passes.empty() ? "" : "; passes " + g.passes);
}

}  // namespace vsctl::fleet
