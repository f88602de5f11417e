#include "cli/diff_revisions.h"

#include <iostream>

#include "cli/diagnostics_output.h"
#include "cli/git_workspace.h"
#include "cli/output.h"
#include "cli/table.h"
#include "markdown/markdown.h"
#include "util/strings.h"
#include "versionset/changes.h"

namespace vsctl::cli {

namespace {

constexpr std::size_t kMaxValueWidth = 100;

std::string value_text(const manifest::Json& v) {
  if (v.is_null()) return "(none)";
  std::string s = v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (s.size() > kMaxValueWidth) s = s.substr(0, kMaxValueWidth - 3) + "...";
  return s;
}

char sign_of(versionset::Change k) {
  switch (k) {
    case versionset::Change::Provision: return '+';
    case versionset::Change::Destroy: return '-';
    default: return '~';
  }
}

std::string versions_of(const versionset::ServiceDiff& d) {
  return d.kind == versionset::Change::Provision ? d.to
         : d.kind == versionset::Change::Destroy ? d.from
         : d.from == d.to                        ? d.to
                                                 : d.from + " -> " + d.to;
}

std::string text_of(const std::vector<versionset::ServiceDiff>& diffs, const std::string& from, const std::string& to) {
  const bool color = Output::stdout_color();
  std::string out = "diff " + from + " -> " + to + ": ";
  if (diffs.empty()) return out + "no differences\n";
  out += std::to_string(diffs.size()) + (diffs.size() == 1 ? " service differs\n" : " services differ\n");
  for (const auto& d : diffs) {
    std::string versions = versions_of(d);
    Color c = d.kind == versionset::Change::Provision      ? Color::Green
              : d.kind == versionset::Change::Destroy ? Color::Red
                                                         : Color::Yellow;
    out += Output::paint(std::string(1, sign_of(d.kind)) + " " + d.service, c, color) + "  " +
           versionset::to_string(d.kind) + "  " + versions + "\n";
    if (d.kind == versionset::Change::Provision || d.kind == versionset::Change::Destroy) continue;
    Table t;
    for (const auto& f : d.fields) t.add({f.path + ":", value_text(f.from) + " -> " + value_text(f.to)});
    out += t.str("    ");
  }
  return out;
}

nlohmann::json json_of(const std::vector<versionset::ServiceDiff>& diffs, const std::string& rev1, const VersionSetSource& a,
                       const std::string& rev2, const VersionSetSource& b) {
  nlohmann::json services = nlohmann::json::array();
  for (const auto& d : diffs) {
    nlohmann::json fields = nlohmann::json::array();
    for (const auto& f : d.fields) fields.push_back({{"path", f.path}, {"from", f.from}, {"to", f.to}});
    services.push_back({{"service", d.service},
                        {"kind", versionset::to_string(d.kind)},
                        {"from", d.from.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.from)},
                        {"to", d.to.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.to)},
                        {"fields", fields}});
  }
  return {{"from", revision_json(rev1, a)}, {"to", revision_json(rev2, b)}, {"differences", !diffs.empty()}, {"services", services}};
}

// Destroyed services called out, a table of services, a collapsible table of fields per service.
std::string markdown_of(const std::vector<versionset::ServiceDiff>& diffs, const std::string& from, const std::string& to,
                        const std::string& full) {
  markdown::Document doc;
  doc.top = "### vsctl diff " + markdown::text(from + " -> " + to) + "\n\n";
  if (diffs.empty()) {
    doc.top += "No differences.\n";
    return markdown::render(doc, {});
  }
  std::string destroyed;
  std::vector<std::vector<std::string>> rows;
  for (const auto& d : diffs) {
    if (d.kind == versionset::Change::Destroy) destroyed += (destroyed.empty() ? "" : ", ") + d.service;
    rows.push_back({d.service, versionset::to_string(d.kind), versions_of(d)});
  }
  if (!destroyed.empty())
    doc.top += "> **Destroyed:** " + markdown::text(destroyed + ": removed from the VersionSet; apply --prune deletes their objects.") + "\n\n";
  doc.top += markdown::table({"Service", "Change", "Version"}, rows) + "\n" + std::to_string(diffs.size()) +
             (diffs.size() == 1 ? " service differs.\n\n" : " services differ.\n\n");
  for (const auto& d : diffs) {
    std::vector<std::vector<std::string>> fields;
    for (const auto& f : d.fields)
      fields.push_back({markdown::code_cell(f.path), markdown::code_cell(value_text(f.from)), markdown::code_cell(value_text(f.to))});
    std::string body = d.kind == versionset::Change::Provision ? "A new service.\n"
                       : d.kind == versionset::Change::Destroy ? "Removed from the VersionSet.\n"
                                                               : markdown::table_of_cells({"Field", "From", "To"}, fields);
    doc.sections.push_back(markdown::details("<b>" + markdown::html(d.service) + "</b>: " +
                                                 markdown::html(std::string(versionset::to_string(d.kind)) + " " + versions_of(d)),
                                             body));
  }
  markdown::Cap cap;
  cap.full = full;
  return markdown::render(doc, cap);
}

}  // namespace

std::string revision_label(const std::string& rev, const VersionSetSource& v) {
  std::string sha = v.commit ? v.commit->id.short_hex() : std::string();
  return sha.empty() || rev.rfind(sha, 0) == 0 ? rev : sha + " (" + rev + ")";
}

nlohmann::json revision_json(const std::string& rev, const VersionSetSource& v) {
  return nlohmann::json{{"rev", rev}, {"commit", v.commit ? v.commit->id.hex() : ""}, {"source", v.source}};
}

std::string full_command(const Globals& g, const RevisionsDiffOptions& o) {
  return markdown::code("vsctl diff " + o.rev1 + " " + o.rev2 + (o.objects ? " --objects" : "") +
                        (g.env.empty() ? "" : " --env " + g.env));
}

util::Result<int> run_revisions_diff(const Globals& g, const RevisionsDiffOptions& o) {
  VSCTL_TRY(a, load_versionset(g, o.rev1, g.env));
  VSCTL_TRY(b, load_versionset(g, o.rev2, g.env));
  for (const auto* v : {&a, &b}) {
    if (v->loaded.view && !v->loaded.diags.has_errors()) continue;
    if (v == &b && b.source == a.source) break;  // the same VersionSet twice: said once
    std::cerr << format_text(v->loaded.diags, v->loaded.texts, Output::stderr_color());
    if (!v->loaded.view) {
      std::cerr << v->source << ": invalid: " << count_summary(v->loaded.diags) << ": nothing to compare\n";
      return 3;
    }
    if (o.objects) {
      std::cerr << v->source << ": invalid: " << count_summary(v->loaded.diags) << ": nothing rendered\n";
      return 3;
    }
    std::cerr << v->source << ": " << count_summary(v->loaded.diags) << " (compared as far as it reads)\n";
  }
  if (o.objects) return run_objects_diff(g, o, a, b);
  auto diffs = versionset::diff_views(*a.loaded.view, *b.loaded.view, o.secrets);
  if (o.output == "json")
    std::cout << json_of(diffs, o.rev1, a, o.rev2, b).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  else if (o.output == "markdown")
    std::cout << markdown_of(diffs, revision_label(o.rev1, a), revision_label(o.rev2, b), full_command(g, o));
  else
    std::cout << text_of(diffs, revision_label(o.rev1, a), revision_label(o.rev2, b));
  return diffs.empty() ? 0 : 1;
}

}  // namespace vsctl::cli
