// vsctl show [REV]: one VersionSet, every service with its version, instances, importance,
// recovery and dependencies.
#include <iostream>

#include "cli/app.h"
#include "cli/diagnostics_output.h"
#include "cli/git_workspace.h"
#include "cli/output.h"
#include "cli/table.h"
#include "util/strings.h"

namespace vsctl::cli {

namespace {

struct ShowOptions {
  std::string rev;
  std::string output = "text";
};

std::string instances_text(const manifest::Service& s) {
  if (s.min == s.max) return std::to_string(s.min);
  return std::to_string(s.min) + "-" + std::to_string(s.max);
}

std::string dependencies_text(const manifest::Service& s) {
  std::vector<std::string> parts;
  for (const auto& d : s.depends_on) parts.push_back(d.service + " " + d.range_text);
  return parts.empty() ? "-" : util::join(parts, ", ");
}

nlohmann::json show_json(const VersionSetSource& v) {
  const manifest::Architecture& a = *v.loaded.view;
  nlohmann::json services = nlohmann::json::array();
  for (const auto& s : a.services) {
    nlohmann::json deps = nlohmann::json::object();
    for (const auto& d : s.depends_on) deps[d.service] = d.range_text;
    services.push_back({{"name", s.name},
                        {"version", s.version},
                        {"image", s.image_ref()},
                        {"instances", {{"min", s.min}, {"max", s.max}}},
                        {"importance", manifest::to_string(s.importance)},
                        {"recovery", manifest::to_string(s.recovery)},
                        {"dependsOn", deps}});
  }
  nlohmann::json out = {{"source", v.source},
                        {"commit", v.commit ? nlohmann::json(v.commit->id.hex()) : nlohmann::json(nullptr)},
                        {"architecture", a.name},
                        {"namespace", a.ns},
                        {"environment", a.env},
                        {"valid", !v.loaded.diags.has_errors()},
                        {"services", services}};
  return out;
}

std::string show_text(const VersionSetSource& v) {
  const manifest::Architecture& a = *v.loaded.view;
  std::string out = "VersionSet ";
  if (v.commit) out += v.commit->id.short_hex() + " " + util::quote(v.commit->subject) + " (" + v.source.substr(v.source.find(':') + 1) + ")";
  else out += v.source + " (working tree)";
  out += ": architecture " + a.name + ", namespace " + a.ns;
  if (!a.env.empty()) out += ", environment " + a.env;
  out += ", " + std::to_string(a.services.size()) + (a.services.size() == 1 ? " service\n" : " services\n");
  Table t({"SERVICE", "VERSION", "INSTANCES", "IMPORTANCE", "RECOVERY", "DEPENDS ON"});
  for (const auto& s : a.services)
    t.add({s.name, s.version, instances_text(s), manifest::to_string(s.importance), manifest::to_string(s.recovery),
           dependencies_text(s)});
  return out + t.str();
}

util::Result<int> run_show(const Globals& g, const ShowOptions& o) {
  VSCTL_TRY(v, load_versionset(g, o.rev, g.env));
  std::cerr << format_text(v.loaded.diags, v.loaded.texts, Output::stderr_color());
  if (!v.loaded.view) {
    std::cerr << v.source << ": invalid: " << count_summary(v.loaded.diags) << ": nothing to show\n";
    return 3;
  }
  if (o.output == "json") std::cout << show_json(v).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  else std::cout << show_text(v);
  if (v.loaded.diags.has_errors()) {
    std::cerr << v.source << ": invalid: " << count_summary(v.loaded.diags) << "\n";
    return 3;
  }
  return 0;
}

}  // namespace

void add_show(CLI::App& app, Globals& g, Registry& reg) {
  auto opts = std::make_shared<ShowOptions>();
  CLI::App* sub = app.add_subcommand("show", "Show one VersionSet: every service, its version, instances and dependencies");
  sub->add_option("REV", opts->rev, "A git revision (default: the working tree)");
  sub->add_option("-o,--output", opts->output, "Output format")->check(CLI::IsMember({"text", "json"}));
  sub->footer(
      "INSTANCES is N for fixed replicas and MIN-MAX when autoscaled. Exits 3 when the VersionSet\n"
      "is invalid (what is readable of it is still shown).\n\n"
      "Examples:\n"
      "  vsctl show                  the working tree's VersionSet\n"
      "  vsctl show HEAD~3 -o json   a commit's, for scripts\n"
      "  vsctl show v1.4 --env staging");
  reg.add(sub, [&g, opts] { return run_show(g, *opts); });
}

}  // namespace vsctl::cli
