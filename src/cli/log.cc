// vsctl log: the VersionSet history of a branch, newest first: the commits of its first-parent
// history that changed the manifest (or a file its services' objects refer to), each with what
// it changed per service.
#include <cstdio>
#include <ctime>
#include <iostream>
#include <map>
#include <set>

#include "cli/app.h"
#include "cli/fleet_read.h"
#include "cli/git_workspace.h"
#include "cli/status_fleet.h"
#include "fleet/board.h"
#include "cli/output.h"
#include "cli/table.h"
#include "util/printable.h"
#include "util/strings.h"
#include "versionset/changes.h"

namespace vsctl::cli {

namespace {

struct LogOptions {
  std::string rev = "HEAD";
  std::string service;
  int max_count = -1;
  std::string output = "text";
  bool fleet = false;
};

// commit -> the environments whose newest record has it (log --fleet)
using LiveIn = std::map<std::string, std::vector<std::string>>;

// "2026-11-25 09:18 +0100" and "2026-11-25T09:18:00+01:00" in the committer's time zone.
std::string commit_time(const versionset::CommitInfo& c, bool rfc3339) {
  std::time_t t = static_cast<std::time_t>(c.time + c.offset_minutes * 60);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  int off = c.offset_minutes < 0 ? -c.offset_minutes : c.offset_minutes;
  char sign = c.offset_minutes < 0 ? '-' : '+';
  if (rfc3339) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, sign, off / 60, off % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d %c%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, sign, off / 60, off % 60);
  }
  return buf;
}

std::string change_detail(const versionset::ServiceChange& c) {
  using versionset::Change;
  switch (c.kind) {
    case Change::Provision: return c.to;
    case Change::Destroy: return "(was " + c.from + ")";
    default: break;
  }
  std::vector<std::string> parts;
  for (const auto& f : c.fields) {
    if (f == "version") parts.push_back(c.from + " -> " + c.to);
    else parts.push_back(f);
  }
  return util::join(parts, ", ");
}

Color kind_color(versionset::Change k) {
  switch (k) {
    case versionset::Change::Provision: return Color::Green;
    case versionset::Change::Destroy: return Color::Red;
    case versionset::Change::Update:
    case versionset::Change::Rollback: return Color::Yellow;
    default: return Color::Cyan;
  }
}

struct Entry {
  const versionset::CommitRecord* commit = nullptr;
  const versionset::VersionSetChanges* changes = nullptr;
  std::vector<const versionset::ServiceChange*> shown;  // all, or the --service one
};

void write_text(const std::vector<Entry>& entries, const LiveIn& live, std::string& out) {
  const bool color = Output::stdout_color();
  for (const auto& e : entries) {
    const auto& c = e.commit->info;
    out += Output::paint(c.id.short_hex(), Color::Yellow, color);
    out += ' ';
    out += commit_time(c, false);
    out += ' ';
    out += util::printable(c.author);  // commit text can hold terminal escapes (OSC, clear screen)
    out += "  ";
    out += util::printable(c.subject);
    if (auto it = live.find(c.id.hex()); it != live.end())
      out += "  " + Output::paint("[live: " + util::join(it->second, ", ") + "]", Color::Green, color);
    out += '\n';
    if (!e.commit->manifest) {
      out += "    (the manifest was removed)\n";
      continue;
    }
    if (!e.changes->parses) {
      out += "    (the manifest does not parse here: vsctl validate " + c.id.short_hex() + ")\n";
      continue;
    }
    if (e.shown.empty()) {
      out += "    (no service changed: only formatting or comments)\n";
      continue;
    }
    Table t;
    for (const auto* ch : e.shown)
      t.add({ch->service, Output::paint(versionset::to_string(ch->kind), kind_color(ch->kind), color), change_detail(*ch)});
    out += t.str("    ");
  }
}

nlohmann::json to_json(const std::vector<Entry>& entries, const LiveIn& live) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& e : entries) {
    const auto& c = e.commit->info;
    nlohmann::json changes = nlohmann::json::array();
    for (const auto* ch : e.shown) {
      nlohmann::json j = {{"service", ch->service}, {"kind", versionset::to_string(ch->kind)}, {"fields", ch->fields}};
      j["from"] = ch->from.empty() ? nlohmann::json(nullptr) : nlohmann::json(ch->from);
      j["to"] = ch->to.empty() ? nlohmann::json(nullptr) : nlohmann::json(ch->to);
      changes.push_back(std::move(j));
    }
    arr.push_back({{"commit", c.id.hex()},
                   {"time", commit_time(c, true)},
                   {"author", c.author},
                   {"subject", c.subject},
                   {"manifest", e.commit->manifest.has_value()},
                   {"parses", e.commit->manifest.has_value() && e.changes->parses},
                   {"changes", changes}});
    if (auto it = live.find(c.id.hex()); it != live.end()) arr.back()["liveIn"] = it->second;
  }
  return arr;
}

util::Result<int> run_log(const Globals& g, const LogOptions& o) {
  VSCTL_TRY(gw, open_git_workspace(g));
  VSCTL_TRY(tip, gw.src->resolve(o.rev));
  if (!g.env.empty()) {
    // an environment the tip does not have would make every VersionSet look unparsable
    VSCTL_TRY(at, load_git_rev(gw, o.rev, g.env, true));
    for (const auto& d : at.loaded.diags.items())
      if (d.code == "unknown-environment") return util::fail(util::ErrorKind::Usage, "--env: " + d.message);
  }
  CachedHistory cached(gw, g.env);
  auto& reader = cached.reader();
  VSCTL_TRY(history, reader.first_parent(tip, versionset::Summaries::Skip));
  std::vector<Entry> entries;
  std::set<std::string> seen;  // every service the history changed, for a --service that matches none
  for (std::size_t i = 0; i < history.entries.size(); ++i) {
    if (o.max_count >= 0 && entries.size() >= static_cast<std::size_t>(o.max_count)) break;
    VSCTL_TRY(changes, reader.changes(history, i));
    Entry e{history.entries[i].commit, changes, {}};
    for (const auto& c : changes->services) {
      seen.insert(c.service);
      if (o.service.empty() || c.service == o.service) e.shown.push_back(&c);
    }
    if (!o.service.empty() && e.shown.empty()) continue;
    entries.push_back(std::move(e));
  }
  cached.save();
  if (!o.service.empty() && entries.empty() && !history.entries.empty())
    return util::fail(util::ErrorKind::Usage, "--service: no VersionSet in the history of " + o.rev + " has a service " +
                                                  util::quote(o.service) +
                                                  util::did_you_mean(o.service, std::vector<std::string>(seen.begin(), seen.end())));
  if (Output::verbosity() > 0) {
    const auto& st = reader.stats();
    std::fprintf(stderr,
                 "vsctl log: %zu first-parent commits (%zu new), %zu VersionSets, %zu manifest blobs summarised "
                 "(%zu whole parses, %zu service chunks parsed, %zu reused)\n",
                 history.commits, history.new_commits, history.entries.size(), history.new_blobs, st.whole_parses,
                 st.chunk_parses, st.chunks_reused);
  }
  if (history.cut_short)
    std::fprintf(stderr, "vsctl log: a shallow clone: older history is not in the repository (git fetch --unshallow)\n");
  if (history.entries.empty())
    std::fprintf(stderr, "vsctl log: no commit in the first-parent history of %s has %s\n", o.rev.c_str(),
                 gw.manifest_path.c_str());
  LiveIn live;
  if (o.fleet) {
    VSCTL_CHECK(refuse_single_target_flags(g, "log --fleet"));
    VSCTL_TRY(arch, fleet_manifest(g));
    FleetRead what;
    what.registry = what.vetoes = false;
    auto facts = read_fleet(g, arch.name, fleet::places(arch), what);
    live = fleet::live_commits(facts);
    std::set<std::string> shown;
    for (const auto& e : entries) shown.insert(e.commit->info.id.hex());
    for (const auto& f : facts) {
      if (!f.reachable) std::fprintf(stderr, "vsctl log: %s cannot be read: %s\n", f.place.environment.c_str(), f.error.c_str());
      else if (const auto* r = f.newest(); r && !r->commit.empty() && !shown.count(r->commit))
        std::fprintf(stderr, "vsctl log: %s runs %s, which is not among the VersionSets shown\n", f.place.environment.c_str(),
                     r->commit.substr(0, 7).c_str());
    }
  }
  if (o.output == "json") {
    std::cout << to_json(entries, live).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::string out;
    write_text(entries, live, out);
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  return 0;
}

}  // namespace

void add_log(CLI::App& app, Globals& g, Registry& reg) {
  auto opts = std::make_shared<LogOptions>();
  CLI::App* sub = app.add_subcommand("log", "Show the VersionSet history: the commits that changed the manifest, per service");
  sub->add_option("REV", opts->rev, "Where the history starts (default: HEAD)");
  sub->add_option("--service", opts->service, "Only the VersionSets that changed this service")->type_name("NAME");
  sub->add_option("-n,--max-count", opts->max_count, "At most N VersionSets")->type_name("N")->check(CLI::NonNegativeNumber);
  sub->add_option("-o,--output", opts->output, "Output format")->check(CLI::IsMember({"text", "json"}));
  sub->add_flag("--fleet", opts->fleet, "Mark each VersionSet with the environments where it is live now (reads every environment's cluster)");
  sub->footer(
      "History follows first parents, as `git log --first-parent` does: a merge is one change to the\n"
      "branch it lands on. A commit is a VersionSet when its manifest, or an objects file a service\n"
      "refers to, differs from its first parent's. Kinds: Provision (a new service), Update (a newer\n"
      "version, or any other change), Rollback (an older version), Scale (only instances), Destroy\n"
      "(a removed service). Parsed VersionSets are cached under\n"
      "<git-dir>/vsctl/cache/ (safe to delete).\n\n"
      "Examples:\n"
      "  vsctl log -n 10\n"
      "  vsctl log --service cart\n"
      "  vsctl log --fleet -n 5               which VersionSet runs where (docs/fleet.md)\n"
      "  vsctl log origin/main -o json | jq '.[0].changes'");
  reg.add(sub, [&g, opts] { return run_log(g, *opts); });
}

}  // namespace vsctl::cli
