#include "diff/report_markdown.h"

#include <algorithm>
#include <map>
#include <set>

namespace vsctl::diff {

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
  return out;
}

// What a reviewer must not miss: services apply destroys, people's changes it takes back,
// objects it will not adopt, objects that could not be compared.
std::string callouts(std::span<const ServiceSummary> services, std::span<const ObjectDiff> objects) {
  std::vector<std::string> destroyed, drift, unmanaged, failed;
  for (const auto& s : services) {
    if (s.change == Change::Destroy && !s.service.empty()) destroyed.push_back(s.service);
    if (s.drift) drift.push_back(service_label(s.service));
  }
  for (const auto& d : objects) {
    if (d.action == Action::Unmanaged) unmanaged.push_back(k8s::to_string(d.key));
    if (!d.error.empty()) failed.push_back(k8s::to_string(d.key) + ": " + d.error);
  }
  std::string out;
  auto quote = [&](const std::string& what, const std::string& text) {
    out += "> **" + what + ":** " + markdown::text(text) + "\n>\n";
  };
  if (!destroyed.empty())
    quote("Destroyed", join(destroyed) +
                           (destroyed.size() == 1 ? ": its objects are" : ": their objects are") +
                           " deleted, with any data they hold.");
  if (!drift.empty())
    quote("Drift taken back", join(drift) + ": changes people made in the cluster are undone.");
  if (!unmanaged.empty()) quote("Not managed by vsctl", join(unmanaged) + ": never adopted.");
  if (!failed.empty()) quote("Dry-run failed", join(failed));
  if (!out.empty()) out.erase(out.size() - 2);  // the last ">" line
  return out.empty() ? out : out + "\n";
}

std::string count_line(std::span<const ServiceSummary> services) {
  std::size_t total = 0, differ = 0;
  std::map<Change, std::size_t> counts;
  for (const auto& s : services) {
    if (s.service.empty()) continue;
    ++total;
    if (s.change == Change::None) continue;
    ++differ;
    ++counts[s.change];
  }
  std::string parts;
  for (const auto& [c, n] : counts) {
    std::string name = to_string(c);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    parts += (parts.empty() ? "" : ", ") + std::to_string(n) + " " + name;
  }
  return std::to_string(differ) + " of " + std::to_string(total) +
         (total == 1 ? " service differs" : " services differ") + (parts.empty() ? "." : " (" + parts + ").");
}

}  // namespace

markdown::Document view_markdown(std::span<const ServiceSummary> services,
                                 std::span<const ObjectDiff> objects, const std::string& from_label,
                                 const std::string& to_label, const std::string& none,
                                 const std::string& prefix) {
  markdown::Document doc;
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : services)
    if (s.change != Change::None)
      rows.push_back({service_label(s.service), change_label(s), service_detail(s, objects)});
  bool failed =
      std::any_of(objects.begin(), objects.end(), [](const ObjectDiff& d) { return !d.error.empty(); });
  if (rows.empty() && !failed) {
    doc.top = markdown::text(none) + "\n\n";
    return doc;
  }
  doc.top = callouts(services, objects);
  if (!rows.empty())
    doc.top += markdown::table({"Service", "Change", "Detail"}, rows) + "\n" + count_line(services) + "\n\n";
  for (const auto& s : services) {
    std::string body;
    for (const auto& d : objects) {
      if (d.service != s.service) continue;
      if (!d.error.empty())
        body += "! " + k8s::to_string(d.key) + ": the dry-run failed: " + d.error + "\n";
      else if (d.action == Action::Unmanaged)
        body += "! " + k8s::to_string(d.key) + " exists, not managed by vsctl" +
                (d.owner.empty() ? "" : " (managed by " + d.owner + ")") + ": apply will not adopt it\n";
      else if (d.differs())
        body += object_diff_text(d, false, from_label, to_label, kMarkdownContext);
    }
    if (body.empty()) continue;
    std::string summary = markdown::html(prefix) + "<b>" + markdown::html(service_label(s.service)) +
                          "</b>: " + markdown::html(service_heading(s));
    doc.sections.push_back(markdown::details(summary, markdown::code_block(body, "diff")));
  }
  return doc;
}

std::string report_markdown(const Report& r, const markdown::Cap& cap) {
  std::string what = r.revision.empty() ? "the working tree" : r.revision;
  markdown::Document doc;
  doc.top = "### vsctl diff: " + markdown::text(r.architecture) +
            (r.environment.empty() ? "" : " (environment " + markdown::text(r.environment) + ")") + "\n\n" +
            markdown::text(what + " against the cluster, namespace " + r.namespace_ +
                           (r.context.empty() ? "" : ", context " + r.context)) +
            "\n\n";
  auto append = [&](markdown::Document part) {
    doc.top += part.top;
    for (auto& s : part.sections) doc.sections.push_back(std::move(s));
  };
  if (!r.base) {
    append(
        view_markdown(r.services, r.objects, "live", "after apply", "No differences: the cluster matches."));
  } else {
    doc.top += "#### Changes from " + markdown::text(*r.base) + "\n\n";
    auto change = view_markdown(r.change.services, r.change.objects, *r.base + " applied", "after apply",
                                "No changes.");
    auto drift = view_markdown(r.drift.services, r.drift.objects, "live", *r.base + " applied",
                               "None: the cluster is as " + *r.base + " would leave it.", "drift: ");
    doc.top += change.top + "#### Drift already in the cluster\n\n" + drift.top;
    for (auto& s : change.sections) doc.sections.push_back(std::move(s));
    for (auto& s : drift.sections) doc.sections.push_back(std::move(s));
  }
  return markdown::render(doc, cap);
}

}  // namespace vsctl::diff
